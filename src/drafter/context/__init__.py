"""The render context: an agreement turned into exactly what the documents print.

`build_context` numbers sections, outcomes and indicators, formats every figure,
adds up the funding, words the placeholders and names the marks. Both back ends —
the Jinja2 HTML templates (and so the PDF) and the python-docx builder — lay out
this context and nothing else, so the Word and PDF documents say the same thing.
Every string either back end prints comes from here; they only choose the layout.

All classes are frozen dataclasses of plain strings, numbers and tuples; no I/O.

The modules, in the order a context is built:

- `parts`: the dataclasses, from `Cell` and `Table` up to `RenderContext`;
- `wording`: the names printed for codes, and how dates, numbers and money are written;
- `shared`: the `Setting` every part is built in (names, due dates), and table helpers;
- `figures`: one figure, amount, trigger level or outturn as printed (as written, with
  its status, what is awaited, not applicable);
- `changes`: the record of changes as marks beside values ("was", "proposed") and notes;
- `contents`: the numbered sections and the cross-references between parts;
- `outstanding`: the register of what is still to be agreed, at the front;
- `parties`: cover, vision, area and partners, freedoms, governance and signatures;
- `history`: key dates, refreshes and Government Office reviews;
- `indicators`: themes, outcomes and their indicator tables; statutory and local targets;
- `funding`: the funding schedule; `reward`: the reward schedule;
- `build`: `build_context`, which puts the parts together.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .build import build_context
    from .parts import (
        FreedomsPart,
        FundingPart,
        GovernancePart,
        HeadCell,
        HistoryPart,
        OutcomePart,
        RenderContext,
        RewardPart,
        SignaturesPart,
        SourceFile,
        Table,
        TablePart,
        ThemePart,
    )
    from .wording import format_number, money

__all__ = [
    "FreedomsPart",
    "FundingPart",
    "GovernancePart",
    "HeadCell",
    "HistoryPart",
    "OutcomePart",
    "RenderContext",
    "RewardPart",
    "SignaturesPart",
    "SourceFile",
    "Table",
    "TablePart",
    "ThemePart",
    "build_context",
    "format_number",
    "money",
]

# The module that holds each name, imported on first use: a command that needs one
# submodule (the diff report needs `shared` and `wording`) does not pay for building the
# whole context (`build` imports every part), since Python runs this file first.
_HOME = {"build_context": "build", "format_number": "wording", "money": "wording"}


def __getattr__(name: str) -> object:
    """The named class or function, from the submodule that holds it (PEP 562)."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    home = _HOME.get(name, "parts")
    return getattr(importlib.import_module(f".{home}", __name__), name)
