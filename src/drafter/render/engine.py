"""Importing WeasyPrint quickly: its C libraries found through the linker cache, read once.

WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject through cffi, trying several
names for each library (the Windows, macOS and Linux spellings). cffi passes every name
that does not load at once to `ctypes.util.find_library`, which on Linux starts
`ldconfig`, then `gcc`, then `ld` — about 20 ms a name, 0.2–0.3 s for the whole import.
While WeasyPrint is imported, `find_library` here answers from one reading of the
linker cache (`ldconfig -p`) instead, which is how the dynamic linker finds libraries
anyway. If that reading fails, or the import still fails, WeasyPrint is imported again
with the standard lookup, so the result is never worse than without this shortcut.

`shared_fonts` keeps one font configuration for every PDF a process makes from the
bundled templates: otherwise WeasyPrint loads fontconfig's configuration and font list
again and starts Pango with empty font and shaping caches for every document.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import io
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache
from types import ModuleType
from typing import Any

# ctypes' own table: the ABI tag `ldconfig -p` prints for this machine's libraries.
_ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def linker_cache() -> str | None:
    """The output of `ldconfig -p` (the libraries the dynamic linker knows), or None."""
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            done = subprocess.run(
                [ldconfig, "-p"],
                capture_output=True,
                env={"LC_ALL": "C", "LANG": "C"},
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return done.stdout.decode("utf-8", "replace")
    return None


def cached_finder(cache: str) -> Callable[[str], str | None]:
    """A `find_library` that looks names up in `cache` as ctypes does, without processes."""
    machine = f"{os.uname().machine}-{8 * struct.calcsize('l')}"
    abi = re.escape(_ABI.get(machine, "libc6"))

    def find_library(name: str) -> str | None:
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}", cache)
        return found.group(1) if found else None

    return find_library


@contextlib.contextmanager
def _quick_lookup() -> Iterator[None]:
    cache = linker_cache() if sys.platform.startswith("linux") else None
    if cache is None or os.environ.get("LD_LIBRARY_PATH"):
        yield  # ld's search path matters, or no cache to read: the standard lookup
        return
    standard = ctypes.util.find_library
    ctypes.util.find_library = cached_finder(cache)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = standard


def import_weasyprint() -> ModuleType:
    """WeasyPrint, imported with the quick library lookup (falling back to the standard one)."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    try:
        # WeasyPrint prints advice to stdout before failing; the fallback below prints it.
        with _quick_lookup(), contextlib.redirect_stdout(io.StringIO()):
            return importlib.import_module("weasyprint")
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        return importlib.import_module("weasyprint")


@cache
def shared_fonts() -> Any:
    """One WeasyPrint FontConfiguration for this process's PDFs of the bundled templates.

    Sharing it is safe only while no document adds fonts of its own (`@font-face`, which
    the bundled stylesheets never use): a project's templates get a fresh one each time,
    so one document's fonts can never change the next one's. The PDFs are the same, byte
    for byte, either way (tests/test_engine.py).
    """
    import_weasyprint()  # first, for the quick lookup
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()
