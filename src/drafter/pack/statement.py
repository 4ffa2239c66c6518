"""A reward statement in words: the working for the terminal, and plain data for JSON.

Both show the same working for every target: the levels, the outturn, the fraction of
the stretch achieved, the share and the amount; then the totals, what is earned so far
against the maximum, and the payments.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from typing import Any

from ..context.parts import Cell, HeadCell, Row, Running, Table
from ..context.shared import widths
from ..context.wording import format_date, format_number
from ..report import Block, Facts, Heading, Paragraph, Report, Span, TableBlock
from ..reward import Line, State, Statement, format_pence, format_percent

STATE_WORDS = {
    State.FINAL: "final",
    State.PROVISIONAL: "provisional outturn",
    State.INDICATIVE: "indicative (an earlier year's outturn)",
    State.NO_OUTTURN: "no outturn yet",
    State.NO_LEVELS: "cannot be worked out",
}


def level(value: Fraction | None, unit: str | None = None) -> str:
    """A level as the agreement would print it: 2940 → '2,940'; 52.5 → '52.5'."""
    if value is None:
        return "—"
    return format_number(float(value), unit if unit and unit.startswith("%") else None)


def levels_text(ln: Line) -> str:
    """'2007/08 levels: without 2,940 · stretched 2,520 · trigger 2,688' for one line."""
    lv = ln.levels
    if lv is None:
        return ""
    stretch = lv.start_label == "without the agreement"
    parts = [
        f"{'without' if stretch else 'baseline'} {level(lv.start, ln.unit)}",
        f"{'stretched' if stretch else 'target'} {level(lv.target, ln.unit)}",
    ]
    if lv.trigger is not None:
        parts.append(f"trigger {level(lv.trigger, ln.unit)}")
    return f"{lv.year} levels: " + " · ".join(parts)


def outturn_text(ln: Line) -> str:
    """'2,600 (2007/08, provisional)', or '' when there is none."""
    o = ln.outturn
    if o is None or o.value is None:
        return ""
    flag = ", provisional" if o.provisional else ""
    return f"{level(Fraction(str(o.value)), ln.unit)} ({o.period}{flag})"


def achieved_text(ln: Line) -> str:
    """'(2,600 − 2,940) ÷ (2,520 − 2,940) = 80.95%': the fraction of the stretch, worked."""
    lv, o = ln.levels, ln.outturn
    if lv is None or o is None or o.value is None or ln.achieved is None:
        return ""
    value = Fraction(str(o.value))
    start = level(lv.start, ln.unit)
    return (
        f"({level(value, ln.unit)} − {start}) ÷ ({level(lv.target, ln.unit)} − {start}) "
        f"= {format_percent(ln.achieved, 2)}"
    )


def working(ln: Line) -> str:
    """'£441,666.67 × 80.95% = £357,539.69', or why nothing is (or can be) worked out."""
    if ln.amount is None or ln.share is None or ln.paid is None:
        return f"— ({ln.note[0].lower()}{ln.note[1:].rstrip('.')})"
    if ln.paid == 0:
        return f"{format_pence(0)}: {ln.note[0].lower()}{ln.note[1:].rstrip('.')}"
    capped = " (the whole share)" if ln.achieved is not None and ln.achieved > 1 else ""
    return (
        f"{format_pence(ln.share)} × {format_percent(ln.paid, 2)}{capped} "
        f"= {format_pence(ln.amount)}"
    )


def totals(st: Statement) -> list[tuple[str, str]]:
    """The totals as labelled amounts."""
    out: list[tuple[str, str]] = []
    if st.maximum is not None:
        out.append(("Maximum reward", format_pence(st.maximum)))
    if st.unlisted:
        share = format_pence(st.unlisted_share) if st.unlisted_share is not None else "—"
        out.append((f"Shares of the {st.unlisted} targets not listed", share))
    if st.has_outturns:
        out.append(("Earned on the outturns given", format_pence(st.earned)))
        out.append(("  of which on final outturns", format_pence(st.earned_final)))
        if st.maximum:
            share = format_percent(Fraction(st.earned, st.maximum))
            out.append(("Earned so far, as a share of the maximum", share))
    if st.cap is not None:
        out.append(("Cap on the reward payable", format_pence(st.cap)))
        if st.has_outturns:
            out.append(("Payable", format_pence(st.payable)))
    return out


def payments_title(st: Statement) -> str:
    """What the payments are of."""
    if st.has_outturns:
        return "Payment of the reward earned so far"
    return "Payment of the maximum reward, if every target is met"


def payments(st: Statement) -> list[tuple[str, str]]:
    """The payments as labelled amounts, with their years."""
    return [
        (p.label + (f" ({p.year})" if p.year else ""), format_pence(p.amount)) for p in st.payments
    ]


def rules_text(st: Statement) -> str:
    """The rule in a sentence."""
    bar = format_percent(Fraction(str(st.threshold_percent)) / 100)
    source = "as the agreement states" if st.threshold_stated else "the standard LPSA rule"
    return (
        f"Reward is paid on {st.reward_year} performance. A target earns its share in "
        f"proportion to the stretch achieved, nothing below {bar} of the stretch ({source}) "
        "or below a trigger level the agreement states, and at most the whole share."
    )


def text_statement(st: Statement, title: str) -> str:
    """The statement for the terminal."""
    out = [f"Reward statement: {title}", f"Basis: {st.rule.value}."]
    width = max((len(k) for k, _ in st.basis), default=0)
    out += [f"  {k:<{width}}  {v:>18}" for k, v in st.basis]
    out.append(rules_text(st))
    for n, t in enumerate(st.targets, 1):
        share = format_pence(t.share) if t.share is not None else "share not known"
        out.append("")
        out.append(f"{n}. {t.title} — share {share}")
        for ln in t.lines:
            out.append(f"   {ln.code}: {ln.title}")
            if ln.levels is not None:
                out.append(f"      {levels_text(ln)}")
            if ln.outturn is not None:
                out.append(f"      Outturn: {outturn_text(ln)}")
            if ln.achieved is not None:
                out.append(f"      Stretch achieved: {achieved_text(ln)}")
            out.append(f"      Earned: {working(ln)} [{STATE_WORDS[ln.state]}]")
    out.append("")
    out.append("Totals")
    rows = totals(st)
    if st.payments:
        rows += [(payments_title(st), "")] + [(f"  {k}", v) for k, v in payments(st)]
    width = max((len(k) for k, _ in rows), default=0)
    out += [f"  {k:<{width}}  {v:>18}" for k, v in rows]
    out += [f"Note: {n}" for n in st.notes]
    return "\n".join(out) + "\n"


def _fraction_json(f: Fraction | None) -> float | None:
    return float(f) if f is not None else None


def json_statement(st: Statement) -> str:
    """The statement as JSON: amounts in whole pence (exact), fractions as decimals."""
    data: dict[str, Any] = {
        "agreement": st.agreement_id,
        "rule": st.rule.value,
        "reward_year": st.reward_year,
        "threshold_percent": st.threshold_percent,
        "maximum_pence": st.maximum,
        "basis": [{"label": k, "value": v} for k, v in st.basis],
        "targets": [
            {
                "id": t.id,
                "title": t.title,
                "share_pence": t.share,
                "amount_pence": t.amount,
                "lines": [
                    {
                        "indicator": ln.indicator_id,
                        "code": ln.code,
                        "title": ln.title,
                        "share_pence": ln.share,
                        "levels": None
                        if ln.levels is None
                        else {
                            "year": ln.levels.year,
                            "start": float(ln.levels.start),
                            "start_is": ln.levels.start_label,
                            "target": float(ln.levels.target),
                            "trigger": _fraction_json(ln.levels.trigger),
                        },
                        "outturn": None
                        if ln.outturn is None
                        else {
                            "value": ln.outturn.value,
                            "period": ln.outturn.period,
                            "provisional": ln.outturn.provisional,
                        },
                        "achieved": _fraction_json(ln.achieved),
                        "paid": _fraction_json(ln.paid),
                        "amount_pence": ln.amount,
                        "state": ln.state.value,
                        "note": ln.note,
                    }
                    for ln in t.lines
                ],
            }
            for t in st.targets
        ],
        "unlisted_targets": st.unlisted,
        "earned_pence": st.earned,
        "earned_final_pence": st.earned_final,
        "cap_pence": st.cap,
        "payments": [
            {"label": p.label, "year": p.year, "amount_pence": p.amount} for p in st.payments
        ],
        "notes": list(st.notes),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def reward_report(st: Statement, title: str, area: str, when: dt.datetime) -> Report:
    """The reward statement as a report: basis, the working per line, totals, payments."""
    rows = []
    for n, t in enumerate(st.targets, 1):
        for k, ln in enumerate(t.lines, 1):
            ref = f"{n}" if len(t.lines) == 1 else f"{n}.{k}"
            rows.append(
                Row(
                    (
                        Cell(ref, "ref"),
                        Cell(f"{t.title}\n{ln.code}: {ln.title}"),
                        Cell(levels_text(ln).split(": ", 1)[-1] or "—"),
                        Cell(outturn_text(ln) or "—", "number" if ln.outturn else "none"),
                        Cell(
                            format_percent(ln.achieved, 2) if ln.achieved is not None else "—",
                            "number" if ln.achieved is not None else "none",
                        ),
                        Cell(format_pence(ln.share) if ln.share is not None else "—", "number"),
                        Cell(format_pence(ln.amount) if ln.amount is not None else "—", "number"),
                        Cell(f"{STATE_WORDS[ln.state]}: {ln.note}"),
                    )
                )
            )
    if st.maximum is not None:
        share_total = sum(ln.share or 0 for ln in st.lines)
        rows.append(
            Row(
                (
                    Cell(""),
                    Cell("Total"),
                    Cell(""),
                    Cell(""),
                    Cell(""),
                    Cell(format_pence(share_total), "number"),
                    Cell(format_pence(st.earned), "number"),
                    Cell(""),
                ),
                total=True,
            )
        )
    table = Table(
        "reward-working",
        "The working, target by target",
        (
            (
                HeadCell("Ref"),
                HeadCell("Target and sub-target"),
                HeadCell("Levels"),
                HeadCell("Outturn", numeric=True),
                HeadCell("Stretch achieved", numeric=True),
                HeadCell("Share", numeric=True),
                HeadCell("Earned", numeric=True),
                HeadCell("How"),
            ),
        ),
        tuple(rows),
        widths([4, 24, 14, 9, 8, 10, 10, 21]),
        empty="The agreement lists no reward targets.",
    )
    blocks: list[Block] = [
        Heading(1, "1 Basis of the reward", "basis"),
        Facts(st.basis),
        Paragraph.of(rules_text(st)),
        Heading(1, "2 The working", "working"),
        Paragraph.of(
            "Stretch achieved = (outturn − level without the agreement) ÷ (stretched level − "
            "level without the agreement), for higher- and lower-is-better targets alike."
        ),
        TableBlock(table),
        Heading(1, "3 Totals and payments", "totals"),
        Facts(tuple(totals(st))),
    ]
    if st.payments:
        blocks += [Paragraph((Span(payments_title(st), "strong"),)), Facts(tuple(payments(st)))]
    blocks += [Paragraph.of(n, "note") for n in st.notes]
    earned = format_pence(st.earned) if st.has_outturns else "no outturns yet"
    return Report(
        title=f"Reward statement: {title}",
        subtitle=f"Reward on {st.reward_year} performance",
        facts=(
            ("Area", area),
            ("Basis", st.rule.value),
            ("Maximum reward", format_pence(st.maximum) if st.maximum is not None else "not known"),
            ("Earned so far", earned),
            ("Prepared", format_date(when.date())),
        ),
        blocks=tuple(blocks),
        timestamp=when,
        organisation=area,
        running=Running(
            header_left=f"Reward statement: {title}",
            header_right=f"Reward on {st.reward_year} performance",
            footer_left=area,
        ),
        subject=f"Reward statement for {title}",
        keywords=", ".join(("Reward statement", area)),
        landscape=True,
    )
