"""The funding schedule: every stream per year with its totals, then totals three ways.

Each amount prints with how firm it is (confirmed by whom, indicative, estimate),
"about" or "up to", and what is still awaited. An amount not yet known prints as
not known, and every total that leaves such amounts out says how many — never "£0".
Amounts for years outside the agreement's period (an earlier round's allocation)
are listed in a table of their own and kept out of every total. The totals by
treatment, department and theme each add up to the schedule's total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import FundingStream, Generation, Money, Treatment
from ..register import CONSENT_NEEDED
from .changes import stream_history
from .contents import Refs
from .figures import NOT_KNOWN, amount_cell, amount_text
from .parts import Cell, FundingPart, HeadCell, Row, Section, Table
from .shared import PORTRAIT_MAX_COLUMNS, Setting, cell_or_dash, names, widths
from .wording import DASH, TREATMENT_LABELS, department_name, money

STREAM = frozenset({"funding stream"})  # the register's kind for a funding stream
SHARED = "Shared between"  # a row of the totals by theme for streams serving several


@dataclass(frozen=True)
class Sum:
    """Known amounts added up, and how many amounts it leaves out because they are unknown."""

    pounds: float = 0.0
    known: int = 0
    unknown: int = 0

    def __add__(self, other: Sum) -> Sum:
        return Sum(
            self.pounds + other.pounds, self.known + other.known, self.unknown + other.unknown
        )

    @staticmethod
    def of(amounts: Iterable[Money]) -> Sum:
        """The sum of some amounts."""
        total = Sum()
        for m in amounts:
            total += Sum(float(m.value), 1, 0) if m.value is not None else Sum(0.0, 0, 1)
        return total


def excluding(unknown: int) -> str:
    """'excluding 2 amounts not yet known'."""
    return f"excluding {unknown} amount{'s' if unknown != 1 else ''} not yet known"


def sum_cell(total: Sum) -> Cell:
    """A total: the pounds, saying how many unknown amounts it leaves out; never '£0' for them."""
    if not total.known and not total.unknown:
        return Cell(DASH, "none")
    if not total.known:
        return Cell(NOT_KNOWN, "placeholder")
    if total.unknown:
        return Cell(f"{money(total.pounds)} ({excluding(total.unknown)})", "")
    return Cell(money(total.pounds), "number")


def funding_part(
    s: Setting, sec: Section | None, themes: Sequence[Section], refs: Refs
) -> FundingPart | None:
    """The funding schedule: streams per year with a total, then totals three ways."""
    if sec is None:
        return None
    a = s.agreement
    streams = a.funding.streams
    years = s.years

    def sums(group: Sequence[FundingStream]) -> list[Sum]:
        per_year = [Sum.of(f.amounts[y] for f in group if y in f.amounts) for y in years]
        return [*per_year, sum(per_year, Sum())]

    # Money still to be negotiated is listed, but not in the agreement's totals (as the
    # stated totals are checked, F004): it is not yet agreed whether it is pooled or aligned.
    counted = [f for f in streams if f.treatment is not Treatment.TO_BE_NEGOTIATED]
    negotiated = [f for f in streams if f.treatment is Treatment.TO_BE_NEGOTIATED]
    totals = sums(counted)
    rows: list[Row] = []
    notes: list[str] = []
    for f in streams:
        ref = refs.streams[f.id]
        history = stream_history(s, f.changes)
        amounts = [
            amount_cell(
                s,
                f.amounts.get(y),
                history.marks.get((y, ""), ()),
                s.open_items.entry(STREAM, f.id, (y,)),
            )
            for y in years
        ]
        rows.append(
            Row(
                (
                    Cell(ref, "ref"),
                    Cell(f.name),
                    cell_or_dash(f.department),
                    cell_or_dash(TREATMENT_LABELS[f.treatment] if f.treatment else None),
                    cell_or_dash(s.partner_name(f.owner)),
                    _consent(f),
                    cell_or_dash(", ".join(_served(f, refs))),
                    *amounts,
                    sum_cell(sums([f])[-1]),
                )
            )
        )
        notes += [f"{ref}: {note}" for note in _stream_notes(s, f, history.notes)]
    blank = [Cell("") for _ in range(5)]
    total_label = "Total" if not negotiated else "Total, not counting streams to be negotiated"
    total_row = Row((Cell(""), Cell(total_label), *blank, *map(sum_cell, totals)), total=True)
    labels = ("Ref", "Funding stream", "Department", "Treatment", "Held by", "Consent", "Outcomes")
    head = _year_head(years, [HeadCell(label) for label in labels])
    streams_table = Table(
        id="table-funding",
        caption="Funding streams",
        head=(head,),
        rows=(*rows, total_row),
        widths=widths([5, 17, 8, 9, 11, 7, 7, *([10] * len(years)), 10]),
        landscape=len(head) > PORTRAIT_MAX_COLUMNS,
        notes=tuple(notes),
        empty="No funding streams have been listed yet.",
    )

    theme_word = "block" if a.generation is Generation.LAA2006 else "theme"

    def grouped(
        table_id: str, caption: str, label: str, key_of: Mapping[str, list[FundingStream]]
    ) -> Table:
        body = [Row((Cell(key), *map(sum_cell, sums(group)))) for key, group in key_of.items()]
        after = []  # what the total does not count, below it
        if negotiated and table_id == "table-funding-treatment":
            after.append(
                Row((Cell("To be negotiated (not in the total)"), *map(sum_cell, sums(negotiated))))
            )
        return Table(
            id=table_id,
            caption=caption,
            head=(_year_head(years, [HeadCell(label)]),),
            rows=(*body, Row((Cell("Total"), *map(sum_cell, totals)), total=True), *after),
            widths=widths([40, *([14] * len(years)), 14]),
            empty="No funding streams have been listed yet.",
        )

    return FundingPart(
        section=sec,
        paragraphs=_paragraphs(s, streams, totals[-1], sums(negotiated)[-1]),
        streams=streams_table,
        outside=_outside(s, streams, refs),
        by_treatment=grouped(
            "table-funding-treatment", "Totals by treatment", "Treatment", _by_treatment(counted)
        ),
        by_department=grouped(
            "table-funding-department",
            "Totals by department",
            "Department",
            _by_department(counted),
        ),
        by_theme=_theme_totals(
            grouped(
                "table-funding-theme",
                f"Totals by {theme_word}",
                theme_word.capitalize(),
                _by_theme(counted, themes, refs, theme_word),
            ),
            theme_word,
        ),
        total=totals[-1].pounds,
        totals_by_year=tuple((y, t.pounds) for y, t in zip(years, totals, strict=False)),
        unknown=totals[-1].unknown,
    )


def _theme_totals(table: Table, word: str) -> Table:
    """The totals by theme, with a note saying how a stream serving several is counted."""
    if not any(r.cells[0].text.startswith(SHARED) for r in table.rows):
        return table
    note = (
        f"A stream that serves outcomes in more than one {word} is not divided between "
        f"them: it is counted once, in a row naming the {word}s it serves, so that the "
        "rows add up to the total."
    )
    return replace(table, notes=(note,))


def _paragraphs(
    s: Setting, streams: Sequence[FundingStream], total: Sum, pending: Sum
) -> tuple[str, ...]:
    n = len(streams)
    negotiated = sum(1 for f in streams if f.treatment is Treatment.TO_BE_NEGOTIATED)
    text = f"The agreement brings together {n} funding stream{'s' if n != 1 else ''}"
    left_out = [f"not counting the {negotiated} still to be negotiated"] if negotiated else []
    if total.known:
        text += f" worth {money(total.pounds)} over {s.period_label()}"
        left_out += [excluding(total.unknown)] if total.unknown else []
        text += (", " + " and ".join(left_out) if left_out else "") + "."
    elif total.unknown:
        text += "; none of their amounts for the period is known yet."
    else:
        text += "; no amounts have been given for the period yet."
    paras = [text]
    if negotiated:
        one = negotiated == 1
        worth = f" (worth {sum_cell(pending).text})" if pending.known else ""
        paras.append(
            f"The {'stream' if one else f'{negotiated} streams'} still to be negotiated"
            f"{worth} {'is' if one else 'are'} listed with {'its' if one else 'their'} "
            f"amounts, but not counted in the totals until it is agreed whether "
            f"{'it' if one else 'they'} will be pooled or aligned."
        )
    if any(f.previous_amounts or any(y not in s.years for y in f.amounts) for f in streams):
        paras.append(
            f"Earlier rounds' allocations, and any other amounts for years outside "
            f"{s.period_label()}, are listed apart and are not in any total."
        )
    return tuple(paras)


def _consent(f: FundingStream) -> Cell:
    """Whether the owner consented: 'Given', 'Not given', or 'Not recorded' where it is needed."""
    if f.consent is True:
        return Cell("Given", "mark")
    if f.consent is False:
        return Cell("Not given", "placeholder")
    if f.treatment in CONSENT_NEEDED:
        return Cell("Not recorded", "placeholder")
    return Cell(DASH, "none")


def _served(f: FundingStream, refs: Refs) -> list[str]:
    """The numbers of the outcomes a stream serves (the id, when no outcome has it)."""
    return [refs.outcomes[o].number if o in refs.outcomes else o for o in f.outcomes]


def _stream_notes(s: Setting, f: FundingStream, history: Sequence[str]) -> list[str]:
    out = []
    if f.underspend is not None:
        out.append(f"Expected underspend: {amount_text(s, f.underspend)}.")
    if f.carry_forward:
        out.append(f"Carry-forward allowance: {f.carry_forward}")
    if f.notes:
        out.append(f.notes)
    if f.provenance:
        out.append(f"Recorded in: {f.provenance}")
    out += history
    if f.open is not None:
        # What is open, in a word; who acts and by when are in the register.
        labels = ", ".join(s.open_items.labels(STREAM, f.id, "open item"))
        what = f.open.issue or "details to be settled"
        out.append(f"Still to be agreed: {what}" + (f" ({labels})." if labels else "."))
    return out


def _outside(s: Setting, streams: Sequence[FundingStream], refs: Refs) -> Table | None:
    """Earlier rounds' allocations and any other amounts outside the period: in no total."""
    rows = [
        Row((Cell(refs.streams[f.id], "ref"), Cell(f.name), Cell(year), amount_cell(s, m)))
        for f in streams
        for year, m in (
            *f.previous_amounts.items(),
            *((y, m) for y, m in f.amounts.items() if y not in s.years),
        )
    ]
    if not rows:
        return None
    return Table(
        id="table-funding-outside",
        caption="Amounts outside the agreement period",
        head=(
            (
                HeadCell("Ref"),
                HeadCell("Funding stream"),
                HeadCell("Year"),
                HeadCell("Amount", numeric=True),
            ),
        ),
        rows=tuple(rows),
        widths=widths([8, 52, 14, 26]),
        notes=(
            f"These amounts are for years outside {s.period_label()} (an earlier round's "
            "allocation, for example); they are not included in any total.",
        ),
    )


def _year_head(years: Sequence[str], first: list[HeadCell]) -> tuple[HeadCell, ...]:
    """The header row of a money table: `first`, one column per year, then Total."""
    return (
        *first,
        *(HeadCell(y, numeric=True) for y in years),
        HeadCell("Total", numeric=True),
    )


def _by_treatment(streams: Sequence[FundingStream]) -> dict[str, list[FundingStream]]:
    """Streams by treatment, in the order treatments are listed; unstated ones last."""
    by_treatment: dict[str, list[FundingStream]] = {}
    for t in Treatment:
        members = [f for f in streams if f.treatment is t]
        if members:
            by_treatment[TREATMENT_LABELS[t]] = members
    untreated = [f for f in streams if f.treatment is None]
    if untreated:
        by_treatment["Treatment not yet stated"] = untreated
    return by_treatment


def _by_department(streams: Sequence[FundingStream]) -> dict[str, list[FundingStream]]:
    """Streams by department, named in full, in order of name; unstated ones last."""
    by_department: dict[str, list[FundingStream]] = {}
    for f in sorted(streams, key=lambda f: (f.department is None, f.department or "")):
        key = department_name(f.department) if f.department else "Department not stated"
        by_department.setdefault(key, []).append(f)
    return by_department


def _by_theme(
    streams: Sequence[FundingStream], themes: Sequence[Section], refs: Refs, word: str
) -> dict[str, list[FundingStream]]:
    """Streams by the theme they serve, in theme order; then those shared between themes,
    each set of themes its own row; then those linked to none."""
    # A stream serving several themes is counted once, in a row naming them: dividing
    # it would invent a split the agreement does not make.
    by_theme: dict[str, list[FundingStream]] = {sec.heading: [] for sec in themes}
    shared: dict[tuple[str, ...], list[FundingStream]] = {}
    unlinked: list[FundingStream] = []
    numbers = [sec.number for sec in themes]
    for f in streams:
        served = {refs.outcomes[o].theme_number for o in f.outcomes if o in refs.outcomes}
        ordered = tuple(n for n in numbers if n in served)
        if len(ordered) == 1:
            by_theme[next(sec.heading for sec in themes if sec.number == ordered[0])].append(f)
        elif ordered:
            shared.setdefault(ordered, []).append(f)
        else:
            unlinked.append(f)
    out = {k: v for k, v in by_theme.items() if v}
    headings = {sec.number: sec.heading for sec in themes}
    for key in sorted(shared, key=lambda k: (len(k), [numbers.index(n) for n in k])):
        out[f"{SHARED} {names([headings[n] for n in key])}"] = shared[key]
    if unlinked:
        out[f"Not linked to a {word}"] = unlinked
    return out
