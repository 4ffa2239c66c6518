"""Validate an agreement: the loader's structural problems plus every completeness rule.

Dates are judged against `today` when given, else the agreement's own `date:` (so a
draft dated 1 May 2008 is checked as of that day, and the result never changes with
the day it is run), else the date on the computer.
"""

from __future__ import annotations

import datetime as dt

from .load import Loaded
from .problems import Problem
from .rules import CHECKS, RULES, Context, RuleInfo, text

__all__ = ["RULES", "RuleInfo", "rules_table", "validate"]


def validate(loaded: Loaded, *, today: dt.date | None = None) -> list[Problem]:
    """All problems: the loader's (structure) ones plus every rule's, sorted by position."""
    problems = list(loaded.problems)
    if loaded.raw is not None:
        problems += text.check(loaded)  # on the data as read, even where the model failed
    agreement = loaded.agreement
    if agreement is not None:
        when = today or agreement.date or dt.date.today()
        ctx = Context(loaded, agreement, when)
        for check in CHECKS:
            check(ctx)
        problems += ctx.problems
    return sorted(problems, key=Problem.sort_key)


def rules_table() -> str:
    """Every problem code as a Markdown table, as printed in the README."""
    lines = ["| Code | Severity | What it checks | What to do |", "| --- | --- | --- | --- |"]
    lines += [f"| {r.code} | {r.severity} | {r.title} | {r.explanation} |" for r in RULES]
    return "\n".join(lines) + "\n"
