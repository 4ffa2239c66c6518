"""Summaries and packs as report documents: the blocks every format lays out.

A summary is its numbered sections (`sections.py`) under the headline facts, on
landscape pages so that a target takes one line; a regional pack puts a cover, its
overview, the indicator matrix and every freedom request by department before each
area's summary, each starting a page. The back ends in `drafter.report` make HTML,
PDF and Word of the result.
"""

from __future__ import annotations

import datetime as dt

from ..config import Branding
from ..context.parts import Cell, HeadCell, Row, Running
from ..context.wording import format_date
from ..report import Block, Facts, Heading, Paragraph, Report, Span, TableBlock
from .region import Pack
from .sections import (
    Numbering,
    freedom_table,
    headline_facts,
    money_total,
    plural,
    runs,
    summary_blocks,
    table,
)
from .summary import MoneyTotal, Summary

# Areas shown by name as matrix columns up to this many; beyond, by number with a key.
NAMED_COLUMNS = 6


def summary_report(s: Summary, when: dt.datetime, branding: Branding | None = None) -> Report:
    """The Government Office summary of one agreement, as a report."""
    h = s.headline
    organisation = (
        (branding.organisation if branding else None) or h.government_office or "Government Office"
    )
    title = f"Government Office summary: {h.title}"
    return Report(
        title=title,
        subtitle=f"{h.kind} · {h.period} · version {h.version} ({h.status_label.lower()})",
        facts=(*headline_facts(s), ("Prepared", format_date(when.date()))),
        blocks=tuple(summary_blocks(s)),
        timestamp=when,
        organisation=organisation,
        running=Running(
            header_left=title,
            header_right=f"Version {h.version} · {h.status_label}",
            footer_left=(branding.footer if branding else None) or organisation,
        ),
        subject=f"Government Office summary of the {h.kind} for {h.area}",
        keywords=", ".join(("Government Office summary", h.area, h.period)),
        version=h.version,
        status=h.status_label,
        landscape=True,
        compact=True,
        branding=branding or Branding(),
    )


def _overview(p: Pack) -> TableBlock:
    rows = [
        Row(
            (
                Cell(str(r.number), "ref"),
                Cell(name),
                Cell(f"{r.kind}\nversion {r.version}"),
                Cell(r.status),
                Cell(r.readiness, "" if r.ready else "placeholder"),
                Cell(str(r.designated), "number"),
                Cell(str(r.open_items), "number"),
                Cell(str(r.overdue), "number"),
                Cell(str(r.open_freedoms), "number"),
                Cell(
                    money_total(
                        MoneyTotal("", r.funding_known, r.funding_unknown, r.funding_streams)
                    ),
                    "number",
                ),
            )
        )
        for r, name in zip(p.overview, p.areas, strict=True)
    ]
    rows.append(
        Row(
            (
                Cell(""),
                Cell("All areas"),
                Cell(plural(len(p.overview), "agreement")),
                Cell(""),
                Cell(f"{sum(r.ready for r in p.overview)} ready"),
                Cell(str(sum(r.designated for r in p.overview)), "number"),
                Cell(str(sum(r.open_items for r in p.overview)), "number"),
                Cell(str(sum(r.overdue for r in p.overview)), "number"),
                Cell(str(sum(r.open_freedoms for r in p.overview)), "number"),
                Cell(
                    money_total(
                        MoneyTotal(
                            "",
                            sum(r.funding_known for r in p.overview),
                            sum(r.funding_unknown for r in p.overview),
                            sum(r.funding_streams for r in p.overview),
                        )
                    ),
                    "number",
                ),
            ),
            total=True,
        )
    )
    head = [
        HeadCell("No."),
        HeadCell("Area"),
        HeadCell("Agreement"),
        HeadCell("Status"),
        HeadCell("Readiness"),
        HeadCell("Designated targets", numeric=True),
        HeadCell("Open items", numeric=True),
        HeadCell("Overdue", numeric=True),
        HeadCell("Open freedoms", numeric=True),
        HeadCell("Funding", numeric=True),
    ]
    return table("pack-overview", "Overview", head, rows, [4, 12, 20, 8, 13, 9, 7, 7, 8, 12])


def _matrix(p: Pack) -> list[Paragraph | TableBlock]:
    if not p.matrix:
        return [Paragraph.of("None of the agreements chose national indicators as targets.")]
    named = len(p.areas) <= NAMED_COLUMNS
    heads = [HeadCell(a if named else str(n), numeric=False) for n, a in enumerate(p.areas, 1)]
    rows = [
        Row(
            (
                Cell(f"NI {m.ni}", "ref"),
                Cell(m.title),
                *(Cell(mark or "", "mark") for mark in m.marks),
                Cell(str(m.count), "number"),
            )
        )
        for m in p.matrix
    ]
    rows.append(
        Row(
            (
                Cell(""),
                Cell("Indicators chosen"),
                *(Cell(str(n), "number") for n in p.area_totals),
                Cell(""),
            ),
            total=True,
        )
    )
    area_w = 6.0 if named else 2.2
    title_w = max(100 - 7 - 6 - area_w * len(p.areas), 20)
    key = (
        "D: a designated improvement target; R: a reward target; L: a local target using the "
        "indicator. The 16 statutory education targets, the same in every area, are left out."
    )
    if not named:
        key += (
            " Areas are numbered as in the overview: "
            + "; ".join(f"{n} {a}" for n, a in enumerate(p.areas, 1))
            + "."
        )
    return [
        Paragraph.of(key, "note"),
        *runs(
            table(
                "pack-matrix",
                "National indicators chosen, by area",
                [HeadCell("NI"), HeadCell("Indicator"), *heads, HeadCell("Areas", numeric=True)],
                rows,
                [7, title_w, *([area_w] * len(p.areas)), 6],
            )
        ),
    ]


def _department_freedoms(p: Pack) -> list[Block]:
    if not p.freedoms:
        return [Paragraph.of("No area requests a freedom or flexibility.")]
    out: list[Block] = []
    for n, d in enumerate(p.freedoms, 1):
        out.append(Heading(2, f"3.{n} {d.department}", f"freedoms-{n}"))
        out.append(Paragraph.of(f"{plural(len(d.lines), 'request')}, {d.open} awaiting an answer."))
        requests = freedom_table(
            f"pack-freedoms-{n}",
            f"Requests to {d.department}",
            "Area",
            [(ln.area, ln) for ln in d.lines],
        )
        out.extend(runs(requests))
    return out


def pack_report(p: Pack, when: dt.datetime, branding: Branding | None = None) -> Report:
    """The regional sign-off pack as a report."""
    ready = sum(r.ready for r in p.overview)
    items = sum(r.open_items for r in p.overview)
    overdue = sum(r.overdue for r in p.overview)
    waiting = sum(r.open_freedoms for r in p.overview)
    overview: list[Block] = [
        Heading(1, "1 Overview", "overview"),
        Paragraph.of(
            f"{ready} of {plural(len(p.overview), 'agreement')} ready for sign-off; "
            f"{plural(items, 'item')} still to be agreed, {overdue} overdue; "
            f"{plural(waiting, 'freedom request')} awaiting an answer."
        ),
    ]
    if p.left_out:
        said = "; ".join(f"{file} — {why}" for file, why in p.left_out)
        overview.append(Paragraph((Span("Not included: ", "strong"), Span(said + "."))))
    blocks: list[Block] = [
        *overview,
        _overview(p),
        Heading(1, "2 National indicators chosen", "matrix", new_page=True),
        *_matrix(p),
        Heading(1, "3 Freedom requests by department", "freedoms", new_page=True),
        *_department_freedoms(p),
    ]
    for n, s in enumerate(p.summaries, 4):
        area = f"{s.headline.area}: {s.headline.kind} {s.headline.span}"
        blocks.append(Heading(1, f"{n} {area}", f"area-{n}", new_page=True))
        blocks.append(Facts(headline_facts(s)))
        blocks.extend(summary_blocks(s, Numbering(f"{n}.", f"a{n}-", 2)))
    organisation = (
        (branding.organisation if branding else None) or p.region_name or "Government Office"
    )
    facts = [
        ("Government Office", p.region_name or "Agreements with no region stated"),
        ("Agreements", str(len(p.summaries))),
        ("Ready for sign-off", f"{ready} of {len(p.summaries)}"),
        ("Still to be agreed", f"{plural(items, 'item')}, {overdue} overdue"),
        ("Freedom requests awaiting an answer", str(waiting)),
    ]
    if p.left_out:
        facts.append(("Not included", ", ".join(file for file, _ in p.left_out)))
    facts.append(("Prepared", format_date(when.date())))
    return Report(
        title=p.title,
        subtitle=f"{plural(len(p.summaries), 'agreement')} for sign-off",
        facts=tuple(facts),
        blocks=tuple(blocks),
        timestamp=when,
        organisation=organisation,
        running=Running(
            header_left=p.title,
            header_right=f"Prepared {format_date(when.date())}",
            footer_left=(branding.footer if branding else None) or organisation,
        ),
        subject=p.title,
        keywords=", ".join(k for k in ("Sign-off pack", p.region_name) if k),
        contents=True,
        landscape=True,
        compact=True,
        branding=branding or Branding(),
    )
