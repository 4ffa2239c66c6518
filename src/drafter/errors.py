"""The library's one exception root; the CLI alone turns these into exit codes."""

from __future__ import annotations


class DrafterError(Exception):
    """Anything drafter reports to a user instead of a traceback."""


class InputError(DrafterError):
    """Input that cannot be read at all (missing, a folder, not UTF-8, too large)."""


class UsageError(DrafterError):
    """A command used wrongly (unknown format, bad option value)."""


class RenderError(DrafterError):
    """A document could not be produced (template error, PDF engine failure)."""
