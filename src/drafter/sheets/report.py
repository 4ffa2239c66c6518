"""What an import reports, as plain data for `drafter import-targets --format json`.

The shape mirrors `drafter validate --format json`: each problem has its code, severity,
message and hint, and where it is (the spreadsheet file, the sheet, the cell); then the
columns recognised, the part files (written or not), the `- include:` lines (inserted
or to add by hand) and the differences a refresh would make. See the README, "Importing
targets from a spreadsheet".
"""

from __future__ import annotations

from typing import Any

from ..problems import Position, Problem, Severity, display_path
from .insert import Edits
from .plan import Part, Plan
from .reading import column_letter


def _where(p: Position) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "column": p.col}


def problem_data(plan: Plan, p: Problem) -> dict[str, Any]:
    """One problem: where in the spreadsheet (or other file) it is, and what it says."""
    pos = p.position
    in_sheet = pos.file == plan.sheet
    return {
        "file": plan.file if in_sheet else pos.file,
        "sheet": plan.sheet_name if in_sheet else None,
        "cell": f"{column_letter(pos.col)}{pos.line}"
        if in_sheet and pos.col and pos.line
        else None,
        "row": (pos.line or None) if in_sheet else None,
        "line": None if in_sheet else (pos.line or None),
        "column": pos.col or None,
        "code": p.code,
        "severity": str(p.severity),
        "message": p.message,
        "hint": p.hint,
    }


def _include(part: Part, edits: Edits | None, written: bool) -> dict[str, Any]:
    done = next((i for i in edits.insertions if i.part is part), None) if edits else None
    return {
        "outcome": part.outcome,
        "list": part.list_name,
        "list_exists": part.has_indicators,
        "at": _where(part.anchor),
        "line": f"- include: {part.include}",
        "inserted": written and done is not None,
        "inserted_at": {"file": done.shown, "line": done.line} if done else None,
    }


def plan_data(
    plan: Plan, agreement: str, *, written: bool, checked: bool, edits: Edits | None
) -> dict[str, Any]:
    """The whole report of one import."""
    layout = plan.layout
    return {
        "spreadsheet": plan.file,
        "sheet": plan.sheet_name,
        "agreement": agreement,
        "readable": plan.readable,
        "errors": plan.errors,
        "warnings": sum(p.severity is Severity.WARNING for p in plan.problems),
        "check": checked,
        "written": written,
        "headings": None
        if layout is None
        else {
            "rows": [layout.top, layout.row] if layout.top else [layout.row],
            "columns": [
                {
                    "column": column_letter(c.col),
                    "heading": c.heading,
                    "role": c.role.name.lower(),
                    "holds": c.role.value,
                    "year": c.year,
                }
                for c in layout.columns
            ],
        },
        "problems": [problem_data(plan, p) for p in plan.problems],
        "files": [
            {
                "path": display_path(part.path),
                "outcome": part.outcome,
                "indicators": [r.indicator.id for r in part.rows],
                "rows": [r.row for r in part.rows],
            }
            for part in plan.parts
        ],
        "includes": [_include(part, edits, written) for part in plan.parts],
        "insert_refused": list(edits.refused) if edits else [],
        "validated": None
        if edits is None or edits.validated is None or edits.refused
        else {"errors": edits.validated[0], "warnings": edits.validated[1]},
        "refresh": [
            {
                "row": u.row.row,
                "indicator": u.row.indicator.code,
                "at": _where(u.at),
                "same": not u.differences,
                "differences": list(u.differences),
            }
            for u in plan.updates
        ],
    }
