"""Freedoms and flexibilities (enabling measures): a summary table, then one record each.

The summary gives each request's reference, what is asked, the department that owns
the rule, the answer so far and the outcomes it serves; the records that follow,
grouped by answer, hold what the summary cannot: the barrier, the request in full,
the rationale, the answer and its history. References run in the order printed
(`contents.freedom_groups`), so the groups read 9.1, 9.2, … from top to bottom. The
departments are named in full in the table of departments under the parties.
"""

from __future__ import annotations

from ..model import Freedom, FreedomStatus
from .changes import freedom_history
from .contents import Refs, freedom_groups
from .parts import Cell, FreedomGroup, FreedomItem, FreedomsPart, Row, Section, Table
from .shared import Setting, cell_or_dash, head_row, widths
from .wording import FREEDOM_LABELS

NOT_ANSWERED = "Not yet answered"


def status_label(f: Freedom) -> str:
    """'Agreed with conditions', or 'Not yet answered'."""
    return FREEDOM_LABELS[f.status] if f.status else NOT_ANSWERED


def freedoms_part(s: Setting, sec: Section | None, refs: Refs) -> FreedomsPart | None:
    """Freedoms and flexibilities: the summary, then the records grouped by answer."""
    if sec is None:
        return None
    groups = [
        FreedomGroup(key, title, tuple(freedom_item(s, refs.freedoms[f.id], f) for f in freedoms))
        for key, title, freedoms in freedom_groups(s.agreement)
    ]
    printed = [f for _, _, freedoms in freedom_groups(s.agreement) for f in freedoms]
    rows = tuple(
        Row(
            (
                Cell(refs.freedoms[f.id], "ref"),
                Cell(f.title),
                cell_or_dash(f.department),
                Cell(status_label(f)),
                cell_or_dash(", ".join(_served(f, refs))),
            )
        )
        for f in printed
    )
    summary = Table(
        id="table-freedoms",
        caption="Summary of the requests",
        head=head_row("Ref", "Request", "Department", "Status", "Outcomes"),
        rows=rows,
        widths=widths([8, 44, 14, 20, 14]),
        empty="No freedoms have been requested.",
    )
    paras = (
        "These are the freedoms and flexibilities the partnership has asked of "
        "government. The summary gives each request, the department that owns the "
        "rule, the answer so far and the outcomes it serves; the records after it, "
        "grouped by the answer, give the barrier, the request, the rationale and the "
        "answer in full.",
    )
    return FreedomsPart(sec, paras, summary, tuple(groups), "No freedoms have been requested.")


def _served(f: Freedom, refs: Refs) -> list[str]:
    """The numbers of the outcomes a freedom serves (its id, when no outcome has it)."""
    return [refs.outcomes[o].number if o in refs.outcomes else o for o in f.outcomes]


def freedom_item(s: Setting, number: str, f: Freedom) -> FreedomItem:
    """One freedom's record: what the summary cannot hold."""
    facts: list[tuple[str, str]] = []
    for label, value in (
        ("Barrier", f.barrier),
        ("Request", f.request),
        ("Rationale", f.rationale),
    ):
        if value:
            facts.append((label, value))
    if f.status is FreedomStatus.REFUSED:
        facts.append(("Reason for refusal", f.response or "No reason has been recorded."))
    elif f.response:
        facts.append(("Government response", f.response))
    if f.conditions:
        facts.append(("Conditions", f.conditions))
    if f.notes:
        facts.append(("Notes", f.notes))
    if f.provenance:
        facts.append(("Recorded in", f.provenance))
    facts += [("History", line) for line in freedom_history(s, f.changes)]
    kinds = frozenset({"freedom"})
    labels = s.open_items.labels(kinds, f.id, "open item") + s.open_items.labels(
        kinds, f.id, "freedom"
    )
    if labels:
        # Who acts and by when are in the register at the front.
        what = f.open.issue if f.open is not None and f.open.issue else "the answer"
        facts.append(("Still to be agreed", f"{what} ({', '.join(labels)})"))
    return FreedomItem(number, f.title, status_label(f), tuple(facts))
