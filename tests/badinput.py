"""The bad-input corpus: one case per way an agreement (or its settings) can be wrong.

Each case is the good agreement in `tests/corpus/good/` with the files of
`tests/corpus/<name>/` laid over it, or, for what cannot be committed (symlinks, pipes,
huge files), built here at test time. `expect` says what drafter must answer: the exit
code of `drafter validate` (or, for a settings case, `drafter render`), a problem code
or words in the message, and whether the message gives a line.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
GOOD = CORPUS / "good"
INCLUDE = "  - include: parts/safer.yaml\n"
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One bad input and what drafter must say about it."""

    name: str
    exit: int  # 1: problems found; 2: the file cannot be read at all
    says: str  # a problem code (or words) the message must contain
    line: bool = True  # the message names a line
    build: Callable[[Path], None] | None = None  # makes the case's files at test time
    settings: bool = False  # the fault is in drafter.toml: `drafter render` refuses it
    target: str = "agreement.yaml"  # what is given on the command line

    def make(self, folder: Path) -> Path:
        """Lay the case out in `folder` (the project); returns the path to give drafter."""
        shutil.copytree(GOOD, folder, dirs_exist_ok=True, symlinks=True)
        if (CORPUS / self.name).is_dir():
            shutil.copytree(CORPUS / self.name, folder, dirs_exist_ok=True, symlinks=True)
        if self.build is not None:
            self.build(folder)
        return folder / self.target


def _agreement(folder: Path, old: str, new: str) -> None:
    path = folder / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _include(folder: Path, *targets: str) -> None:
    _agreement(folder, INCLUDE, INCLUDE + "".join(f"  - include: {t}\n" for t in targets))


def _symlink_outside(folder: Path) -> None:
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.yaml"
    secret.write_text((GOOD / "parts" / "safer.yaml").read_text().replace("ssc", "secret"))
    (folder / "parts" / "linked.yaml").symlink_to(secret)
    _include(folder, "parts/linked.yaml")


def _symlink_passwd(folder: Path) -> None:
    (folder / "parts" / "passwd.yaml").symlink_to("/etc/passwd")
    _include(folder, "parts/passwd.yaml")


def _symlink_to_text(folder: Path) -> None:
    (folder / "notes.txt").write_text("Board notes, not part of the agreement.\n")
    (folder / "parts" / "notes.yaml").symlink_to(folder / "notes.txt")
    _include(folder, "parts/notes.yaml")


def _agreement_linked_from_outside(folder: Path) -> None:
    """A folder received from elsewhere whose agreement is a link to another area's file."""
    other = folder.parent / f"{folder.name}-other-area"
    shutil.copytree(GOOD, other)
    (folder / "agreement.yaml").unlink()
    (folder / "agreement.yaml").symlink_to(other / "agreement.yaml")


def _symlink_loop(folder: Path) -> None:
    (folder / "parts" / "loop.yaml").symlink_to("loop.yaml")
    _include(folder, "parts/loop.yaml")


def _pipe(folder: Path) -> None:
    os.mkfifo(folder / "parts" / "pipe.yaml")  # reading it would wait for ever
    _include(folder, "parts/pipe.yaml")


def _missing(folder: Path) -> None:
    (folder / "agreement.yaml").unlink()


def _agreement_is_a_folder(folder: Path) -> None:
    (folder / "agreement.yaml").unlink()
    (folder / "agreement.yaml").mkdir()


def _unreadable(folder: Path) -> None:
    (folder / "agreement.yaml").chmod(0)


def _huge_file(folder: Path) -> None:
    with (folder / "agreement.yaml").open("a", encoding="utf-8") as f:
        f.write(("# padding " + "x" * 90 + "\n") * (5 * MB // 100))


def _many_big_parts(folder: Path) -> None:
    """The issue's example: 60 includes of a 7.5 MB part."""
    big = "id: big\ntitle: Big\nnarrative: " + "word " * (int(7.5 * MB) // 5) + "\n"
    (folder / "parts" / "big.yaml").write_text(big)
    _include(folder, *["parts/big.yaml"] * 60)


def _many_medium_parts(folder: Path) -> None:
    """Parts within the limit on one file that together pass the limit on all files."""
    outcome = "  - id: o{n}\n    title: Outcome {n}\n    narrative: " + "word " * 18_000 + "\n"
    medium = "id: medium\ntitle: Medium\noutcomes:\n" + "".join(
        outcome.format(n=k) for k in range(33)
    )
    (folder / "parts" / "medium.yaml").write_text(medium)
    _include(folder, *["parts/medium.yaml"] * 60)


def _long_vision(folder: Path) -> None:
    """The issue's example: a 7.5 MB vision."""
    _agreement(folder, "vision: A town", "vision: " + "word " * (int(7.5 * MB) // 5) + " A town")


def _vision_over_the_text_limit(folder: Path) -> None:
    _agreement(folder, "vision: A town", "vision: " + "word " * 30_000 + " A town")


def _many_freedoms(folder: Path) -> None:
    """The issue's example: 3,000 freedoms."""
    freedoms = "".join(
        f"  - {{id: ff{i}, title: Freedom {i}, barrier: b, request: r, rationale: why, "
        "department: DCSF, status: requested}\n"
        for i in range(3000)
    )
    path = folder / "agreement.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "freedoms:\n" + freedoms)


def _many_files(folder: Path) -> None:
    (folder / "parts" / "tiny").mkdir()
    for i in range(250):
        (folder / "parts" / "tiny" / f"t{i}.yaml").write_text(f"id: tiny{i}\ntitle: Tiny {i}\n")
    _include(folder, *[f"parts/tiny/t{i}.yaml" for i in range(250)])


def _dense_values(folder: Path) -> None:
    """Short values, a million of them, in a file under the size limit."""
    path = folder / "agreement.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "priorities: [" + ", ".join(["a"] * 1_000_000) + "]\n"
    )


CASES: list[Case] = [
    # ---- the trust boundary: includes
    Case("include-absolute", 1, "Y010"),
    Case("include-parent", 1, "Y010"),
    Case("include-symlink-outside", 1, "Y010", build=_symlink_outside),
    Case("include-symlink-passwd", 1, "Y010", build=_symlink_passwd),
    Case("include-not-yaml", 1, "Y011"),
    Case("include-symlink-to-text", 1, "Y011", build=_symlink_to_text),
    Case("include-folder", 1, "Y001"),
    Case("include-pipe", 1, "not an ordinary file", build=_pipe),
    Case("include-symlink-loop", 1, "Y001", build=_symlink_loop),
    Case(
        "agreement-linked-from-outside", 2, "Y010", line=False, build=_agreement_linked_from_outside
    ),
    Case("include-loop", 1, "Y009"),
    Case("include-missing", 1, "Y001"),
    # ---- text no format can hold, figures and years
    Case("control-characters", 1, "S007"),
    Case("control-in-key", 1, "S007"),
    Case("lone-surrogate", 2, "Y003"),
    Case("raw-control-byte", 2, "Y003"),
    Case("raw-noncharacter", 2, "Y003"),
    Case("not-finite-numbers", 1, "S008"),
    Case("huge-integer", 1, "S008"),
    Case("years-out-of-range", 1, "S004"),
    Case("years-too-early", 1, "S004"),
    # ---- limits on work
    Case("huge-file", 2, "Y007", line=False, build=_huge_file),
    Case("many-big-parts", 2, "Y007", build=_many_big_parts),
    Case("many-medium-parts", 2, "Y012", build=_many_medium_parts),
    Case("long-vision", 2, "Y007", line=False, build=_long_vision),
    Case("vision-over-text-limit", 2, "Y014", build=_vision_over_the_text_limit),
    Case("many-freedoms", 2, "Y013", build=_many_freedoms),
    Case("many-files", 2, "Y012", build=_many_files),
    Case("dense-values", 2, "Y005", build=_dense_values),
    Case("alias-bomb", 2, "Y005"),
    Case("deep-nesting", 2, "Y015"),
    Case("deeper-than-yaml", 2, "Y015"),
    # ---- the usual
    Case("malformed", 2, "Y003"),
    Case("two-documents", 2, "Y003"),
    Case("wrong-types", 1, "S001"),
    Case("top-level-list", 1, "S001"),
    Case("scalar-file", 1, "S001"),
    Case("empty", 2, "Y004", line=False),
    Case("comments-only", 2, "Y004", line=False),
    Case("not-utf8", 2, "Y002"),
    Case("utf8-bom", 1, "Y008"),
    Case("utf16", 2, "UTF-16", line=False),
    Case("duplicate-keys", 1, "Y008"),
    Case("duplicate-ids", 1, "S005"),
    Case("python-tag", 1, "Y006"),
    Case("markup-in-text", 1, "S002"),
    Case("missing-file", 2, "Y001", line=False, build=_missing),
    Case(
        "agreement-is-a-folder",
        2,
        "No agreement files found",
        line=False,
        build=_agreement_is_a_folder,
    ),
    Case("unreadable-file", 2, "Y001", line=False, build=_unreadable),
    # ---- drafter.toml
    Case("toml-footer-carriage-return", 1, "carriage return", line=False, settings=True),
    Case("toml-logo-absolute", 1, "outside the folder", line=False, settings=True),
    Case("toml-logo-parent", 1, "outside the folder", line=False, settings=True),
    Case("toml-logo-not-a-picture", 1, "not a PNG, JPEG or SVG", line=False, settings=True),
    Case("toml-logo-svg-external", 1, "self-contained", line=False, settings=True),
    Case("toml-logo-svg-entity", 1, "entities", line=False, settings=True),
    Case("toml-logo-svg-style-url", 1, "self-contained", line=False, settings=True),
    Case("toml-malformed", 1, "line 1", line=False, settings=True),
]
