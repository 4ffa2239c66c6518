"""The register at the front of the document: everything still to be agreed, in one table.

Read from `drafter.register` (the Government Office packs print the same register):
one row per entry, numbered R1, R2, … — the number every awaited figure in the
tables points to — with where the item sits in the document, what is missing, who
acts (partners and outside bodies by name) and by when, overdue dates marked. The
columns stay short: the reasons given for changes awaiting approval are notes under
the table.
"""

from __future__ import annotations

from ..register import KIND_TITLES, Entry
from .contents import Refs
from .parts import Cell, Row, Section, Table, TablePart
from .shared import Setting, cell_or_dash, head_row, widths
from .wording import format_date


def entry_ref(e: Entry, refs: Refs) -> str:
    """Where the entry's item is printed: '3.2.1', '4.1', '8.3'."""
    table = {
        "indicator": refs.indicators,
        "statutory target": refs.indicators,
        "funding stream": refs.streams,
        "freedom": refs.freedoms,
    }.get(e.item_kind)
    if table is not None:
        return table.get(e.item_id, e.item_id)
    if e.item_kind == "outcome" and e.item_id in refs.outcomes:
        return refs.outcomes[e.item_id].number
    return e.item_id


def register_part(s: Setting, sec: Section, refs: Refs) -> TablePart:
    """'Still to be agreed': one row per open entry, overdue first; one line when none."""
    entries = s.open_items.entries
    rows = tuple(
        Row(
            (
                Cell(e.label, "ref"),
                Cell(entry_ref(e, refs), "ref"),
                Cell(f"{e.subject}: {KIND_TITLES[e.kind].lower()}"),
                Cell(e.headline[0].upper() + e.headline[1:]),
                cell_or_dash(s.partner_name(e.owner)),
                Cell(s.due_date(e.due), "placeholder" if e.overdue else "")
                if e.due is not None
                else Cell("No date given", "placeholder"),
            )
        )
        for e in entries
    )
    overdue = sum(1 for e in entries if e.overdue)
    paras: tuple[str, ...] = ()
    if entries:
        n = len(entries)
        text = f"{n} item{'s are' if n != 1 else ' is'} still to be agreed"
        if overdue:
            text += ", and it is overdue" if n == 1 else f", {overdue} of them overdue"
        paras = (
            f"{text} (as at {format_date(s.today)}). Overdue items come first, then the "
            "others by due date. Each is numbered: a figure still awaited is marked in "
            "its table with the number of its entry here (‘To follow (R1)’). ‘Where’ "
            "gives the place in this document.",
        )
    table = Table(
        id="table-register",
        caption="Still to be agreed",
        head=head_row("No.", "Where", "Item", "What is still to be agreed", "Who acts", "By when"),
        rows=rows,
        widths=widths([6, 8, 20, 36, 16, 14]),
        notes=tuple(f"{e.label}: {e.reason}." for e in entries if e.reason),
        empty=f"Nothing is still to be agreed (as at {format_date(s.today)}).",
    )
    return TablePart(sec, paras, table)
