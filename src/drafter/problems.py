"""Problems found in an agreement: code, severity, plain-language message, position."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """An error stops sign-off; a warning is something a Government Office would query."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a YAML source file; line and column count from 1."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an agreement."""

    code: str
    severity: Severity
    message: str
    position: Position
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file, line, column, code."""
        p = self.position
        return (p.file, p.line, p.col, self.code)

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data for JSON output."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "file": self.position.file,
            "line": self.position.line,
            "column": self.position.col,
        }


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside, or a looping link
        return str(path)
