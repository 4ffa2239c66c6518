"""Nothing of an agreement is lost or invented in its documents (issue 7).

Every example, and each fixture that uses every field the documents print, is
rendered to Word, PDF and HTML. Then, for each format:

- every figure of the source — each baseline, target, level without the agreement,
  stretched and trigger level, amount, reward figure, outturn, area statistic —
  appears, with the precision it was written with;
- every text of the source appears: the model is walked generically, so a field
  added later is checked without changing this test (references to partners and
  outside bodies must appear as their names, dates as the documents write them);
- no number appears that the source does not contain or the context did not
  compute: the numbers of the indicator tables, facts, history and register must
  all come from the source; totals, shares, counts and worked-out trigger levels
  come from the parts of the context that compute them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import typing
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pydantic import BaseModel

from drafter.context import RenderContext
from drafter.model import (
    VAGUE_WORDS,
    Agreement,
    Figure,
    Indicator,
    Money,
    Month,
)
from drafter.reference import national_indicators

from .conftest import Rendered, rendered_examples
from .extract import read_docx, read_pdf

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
FORMATS = ("docx", "pdf", "html")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Fields that hold ids, or codes printed as words of their own (enumerations are skipped
# by type): checked as the names they resolve to, or not at all.
REFERENCES = frozenset(
    {"lead", "owner", "partner", "contributors", "partners", "by", "confirmed_by"}
)
NOT_PRINTED = frozenset(
    {
        "id",  # stable identifiers are for cross-referencing, not for readers
        "drafter",  # the format version
        "places",  # how a figure is printed, not a figure
        "refresh",  # on a change: printed as the refresh's title (checked with refreshes)
        "start",  # the period: printed as "2008/09 to 2010/11" (checked through the years)
        "end",
        "title",  # checked below with the resolution the documents use (NIS title or own)
    }
)
NUMBER = re.compile(r"[£$]?[-−+]?\d[\d,]*(?:\.\d+)*%?")


# ---------------------------------------------------------------- what the source holds


def as_written(value: float, places: int | None = None) -> str:
    """A figure with the places it was written with (Figure.places, or as YAML read it)."""
    if places is None:
        places = 0 if isinstance(value, int) else len(repr(float(value)).split(".")[1])
    return f"{value:,.{places}f}"


def pounds(value: float) -> str:
    """Whole pounds, or pounds and pence."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def day(d: dt.date | Month) -> str:
    """A date as the documents write it ('30 June 2008', 'June 2008')."""
    if isinstance(d, Month):
        return f"{MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


@dataclass
class Source:
    """What the documents of one agreement must contain."""

    texts: list[str] = dataclasses.field(default_factory=list)
    figures: list[str] = dataclasses.field(default_factory=list)  # number tokens, as written
    numbers: set[str] = dataclasses.field(default_factory=set)  # every number it holds


def source_of(a: Agreement) -> Source:
    """Walk the agreement generically: its texts, figures and dates, and names for references."""
    out = Source()

    def name(ref: str) -> str:
        p = a.partner(ref)
        b = a.body(ref)
        return p.name if p else b.name if b else ref

    def walk(node: object, field: str, parent: object, exact: bool = True) -> None:
        if isinstance(node, (Enum, bool)) or node is None:
            return
        if isinstance(node, BaseModel):
            for key, info in type(node).model_fields.items():
                value = getattr(node, key)
                # The outcomes a stream or freedom serves print as the outcomes' numbers.
                ids = key == "outcomes" and all(isinstance(v, str) for v in value or [])
                if key not in NOT_PRINTED and not ids:
                    # A field typed plain `float` (a percentage) reads 60 as 60.0: its
                    # places as written are not known, so it is checked as a value.
                    kept = int in typing.get_args(info.annotation) or info.annotation is int
                    walk(value, key, node, kept or not _is_float(info.annotation))
            return
        if isinstance(node, dict):
            for value in node.values():
                walk(value, field, parent)
            return
        if isinstance(node, list):
            for item in node:
                walk(item, field, parent)
            return
        if isinstance(node, dt.date | Month):
            out.texts.append(day(node))
        elif isinstance(node, int | float):
            if isinstance(parent, Money):
                text = pounds(node)
            elif isinstance(parent, Figure):
                text = as_written(node, parent.places)
            elif not exact and float(node).is_integer():
                text = f"{int(node):,}"
            else:
                text = as_written(node)
            out.figures.append(text)
        elif isinstance(node, str):
            if field in REFERENCES:
                out.texts.append(name(node))
            elif not (field == "missing" and bool(VAGUE_WORDS.match(node))):
                out.texts.append(node)

    walk(a, "", None)
    for ind in [*a.indicators(), *a.statutory]:
        out.texts.append(indicator_title(ind))
    out.texts += [o.title for o in a.outcomes()] + [t.title for t in a.themes]
    out.texts += [f.title for f in a.freedoms] + [r.title or r.id for r in a.refreshes]
    out.texts += a.period.years
    if a.title:
        out.texts.append(a.title)
    out.numbers = numbers_in(" ".join(out.figures))
    out.numbers |= numbers_in(" ".join(out.texts))
    return out


def _is_float(annotation: object) -> bool:
    return annotation is float or float in typing.get_args(annotation)


def indicator_title(ind: Indicator) -> str:
    """The title the documents print: the indicator's own, else the National Indicator Set's."""
    if ind.title:
        return ind.title
    if ind.ni is not None:
        return national_indicators()[ind.ni].title
    return ind.id


def reference_numbers(a: Agreement) -> set[str]:
    """Numbers the bundled reference data adds: NI titles and units ('rate per 1,000')."""
    texts = []
    for ind in [*a.indicators(), *a.statutory]:
        ref = national_indicators().get(ind.ni) if ind.ni is not None else None
        if ref is not None:
            texts += [ref.title, ref.unit or ""]
    return numbers_in(" ".join(texts))


# ---------------------------------------------------------------- what the context computed


def strings(obj: object) -> Iterator[str]:
    """Every string in a part of the render context."""
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from strings(getattr(obj, f.name))
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from strings(item)


def computed_numbers(ctx: RenderContext) -> set[str]:
    """Numbers the context works out: totals, shares, counts, trigger levels, numbering."""
    computed: list[str] = []
    # The money parts add up, divide and count: all of their numbers are computed; so
    # do an LPSA's Intentions of the Government (counts of freedoms, the maximum) and
    # Schedule 3 (the grant by target, its total), and Schedule 1's count of targets.
    for part in (ctx.funding, ctx.reward, ctx.intentions, ctx.pump_priming):
        computed += strings(part)
    if ctx.targets is not None:
        computed += ctx.targets.paragraphs
    # Counts of open items and the date they are judged against; the statutory intro's 35.
    computed += (*ctx.register.paragraphs, ctx.register.table.empty)
    if ctx.statutory is not None:
        computed += ctx.statutory.paragraphs
    # Numbering: sections, outcomes, freedoms, and every reference cell.
    computed += [s.heading for s in ctx.sections]
    computed += [t.section.heading for t in ctx.themes]  # an LPSA's are inside Schedule 1
    computed += [o.number for t in ctx.themes for o in t.outcomes]
    if ctx.freedoms is not None:
        computed += [i.number for g in ctx.freedoms.groups for i in g.items]
    computed += [ctx.title, ctx.cover.title]  # the span of years, '2008–11'
    for table in _tables(ctx):
        computed += [c.text for r in table.rows for c in r.cells if c.kind == "ref"]
        # Worked out from two figures: the size of a stretch.
        computed += [c.text for r in table.rows for c in r.cells if c.kind == "derived"]
        computed += [n for n in table.notes if "trigger level" in n]  # worked out
    return numbers_in(" ".join(computed))


def _tables(ctx: RenderContext) -> Iterator[object]:
    for theme in ctx.themes:
        for o in theme.outcomes:
            yield o.table
    for part in (ctx.statutory, ctx.local, ctx.register):
        if part is not None:
            yield part.table


# ---------------------------------------------------------------- comparing


def squashed(text: str) -> str:
    """Text for finding a phrase: ligatures undone, soft hyphens and all whitespace gone."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return "".join(text.split()).casefold()


def numbers_in(text: str) -> set[str]:
    """Every number in a text, as printed: '£1,250' → '1,250', '48.0%' → '48.0', '3.1.2'."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    found = set()
    for m in NUMBER.finditer(text):
        token = m.group(0).lstrip("£$+").rstrip("%").replace("−", "-").lstrip("-")
        # Thousands separators go ('1,250' and '1250' are one number); places stay
        # ('48' and '48.0' are not).
        token = token.rstrip(".,").replace(",", "")
        if token:
            found.add(token)
    return found


@dataclass(frozen=True)
class Documents:
    """One agreement: its context, source and the text of each format."""

    ctx: RenderContext
    agreement: Agreement
    texts: dict[str, str]


def html_body(path: Path) -> str:
    """The HTML's visible text: no stylesheet, watermark or contents list."""
    tree = lxml_html.fromstring(path.read_bytes())
    for node in tree.xpath("//style | //nav | //*[contains(@class, 'watermark')]"):
        node.drop_tree()
    return " ".join(tree.itertext())  # cells apart, as a reader sees them


@pytest.fixture(scope="module")
def documents(rendered: dict[str, Rendered]) -> dict[str, Documents]:
    """The text of every rendered example and full fixture, in each format."""
    return {
        stem: Documents(
            r.ctx,
            r.agreement,
            {
                "docx": "\n".join(read_docx(r.docx).text),
                "pdf": read_pdf(r.pdf, r.ctx).text,
                "html": html_body(r.html),
            },
        )
        for stem, r in rendered.items()
    }


CASES = [(p.stem, f) for p in rendered_examples() for f in FORMATS]


@pytest.mark.parametrize(("stem", "fmt"), CASES)
def test_every_text_of_the_source_is_printed(
    documents: dict[str, Documents], stem: str, fmt: str
) -> None:
    d = documents[stem]
    printed = squashed(d.texts[fmt])
    missing = [t for t in source_of(d.agreement).texts if squashed(t) not in printed]
    assert missing == []


@pytest.mark.parametrize(("stem", "fmt"), CASES)
def test_every_figure_of_the_source_is_printed_as_written(
    documents: dict[str, Documents], stem: str, fmt: str
) -> None:
    d = documents[stem]
    printed = numbers_in(d.texts[fmt])
    missing = sorted(
        {f for f in source_of(d.agreement).figures if numbers_in(f).pop() not in printed}
    )
    assert missing == []


@pytest.mark.parametrize(("stem", "fmt"), CASES)
def test_no_number_is_invented(documents: dict[str, Documents], stem: str, fmt: str) -> None:
    d = documents[stem]
    allowed = source_of(d.agreement).numbers | reference_numbers(d.agreement)
    allowed |= computed_numbers(d.ctx)
    invented = sorted(numbers_in(d.texts[fmt]) - allowed)
    assert invented == []


def test_the_check_catches_a_padded_figure_and_a_lost_text(
    documents: dict[str, Documents],
) -> None:
    # The comparison can fail: '48' printed as '48.0' is an invented number, and a
    # narrative left out is a missing text.
    d = documents["render-full-laa2008"]
    text = d.texts["html"]
    assert "1,250 " in text and "1,250.0" not in text
    allowed = source_of(d.agreement).numbers | computed_numbers(d.ctx)
    allowed |= reference_numbers(d.agreement)
    assert numbers_in(text) - allowed == set()
    assert "1250.0" in numbers_in(text.replace("1,250 ", "1,250.0 ")) - allowed
    source = source_of(d.agreement)
    summary = "Good start on crime; the NEET trajectory is off track."
    assert summary in source.texts
    assert squashed(summary) not in squashed(text.replace(summary, ""))
