"""Wording: the names the documents print for codes, and how dates and figures are written.

Every label and number format both back ends print comes from here or from the part
builders, never from a template, so the Word and PDF documents read the same.
"""

from __future__ import annotations

import calendar
import datetime as dt

from ..model import (
    Block,
    FreedomStatus,
    Generation,
    Month,
    Rating,
    Region,
    Status,
    TargetType,
    Treatment,
    year_start,
)

LANG = "en-GB"
DASH = "—"  # printed in a cell that has no value

REGION_NAMES = {
    Region.GONE: "Government Office for the North East",
    Region.GONW: "Government Office for the North West",
    Region.GOYH: "Government Office for Yorkshire and the Humber",
    Region.GOEM: "Government Office for the East Midlands",
    Region.GOWM: "Government Office for the West Midlands",
    Region.GOEE: "Government Office for the East of England",
    Region.GOL: "Government Office for London",
    Region.GOSE: "Government Office for the South East",
    Region.GOSW: "Government Office for the South West",
}

BLOCK_NAMES = {
    Block.CYP: "Children and Young People",
    Block.SSC: "Safer and Stronger Communities",
    Block.HCOP: "Healthier Communities and Older People",
    Block.EDE: "Economic Development and Enterprise",
}

# Government departments (and the agencies that held LAA funding), by the abbreviations
# agreements used, 2001–2011. A document names each abbreviation it uses in full once,
# in a table of the departments under the parties.
DEPARTMENT_NAMES = {
    "BERR": "Department for Business, Enterprise and Regulatory Reform",
    "BIS": "Department for Business, Innovation and Skills",
    "CLG": "Department for Communities and Local Government",
    "CO": "Cabinet Office",
    "DCA": "Department for Constitutional Affairs",
    "DCLG": "Department for Communities and Local Government",
    "DCMS": "Department for Culture, Media and Sport",
    "DCSF": "Department for Children, Schools and Families",
    "DECC": "Department of Energy and Climate Change",
    "DEFRA": "Department for Environment, Food and Rural Affairs",
    "Defra": "Department for Environment, Food and Rural Affairs",
    "DfES": "Department for Education and Skills",
    "DfT": "Department for Transport",
    "DH": "Department of Health",
    "DIUS": "Department for Innovation, Universities and Skills",
    "DoH": "Department of Health",
    "DTI": "Department of Trade and Industry",
    "DWP": "Department for Work and Pensions",
    "HCA": "Homes and Communities Agency",
    "HMT": "HM Treasury",
    "HO": "Home Office",
    "LSC": "Learning and Skills Council",
    "MoJ": "Ministry of Justice",
    "NOMS": "National Offender Management Service",
    "ODPM": "Office of the Deputy Prime Minister",
}


def department_name(text: str) -> str:
    """'Department for Work and Pensions (DWP)' for 'DWP'; any other text as written."""
    full = DEPARTMENT_NAMES.get(text.strip())
    return f"{full} ({text.strip()})" if full else text


KIND_NAMES = {
    Generation.LPSA: "Local Public Service Agreement",
    Generation.LAA2006: "Local Area Agreement",
    Generation.LAA2008: "Local Area Agreement",
}

# Who signs for central government: the Secretary of State signs a 2008–11 LAA.
GOVERNMENT_PARTY = {
    Generation.LPSA: "HM Government",
    Generation.LAA2006: "HM Government",
    Generation.LAA2008: "the Secretary of State for Communities and Local Government",
}

STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Submitted",
    Status.AGREED: "Agreed",
    Status.SIGNED: "Signed",
    Status.REFRESHED: "Refreshed",
}

TREATMENT_LABELS = {
    Treatment.POOLED: "Pooled",
    Treatment.ALIGNED: "Aligned",
    Treatment.MANDATORY_POOLED: "Mandatory pooled",
    Treatment.AREA_BASED_GRANT: "Area Based Grant",
    Treatment.PASSPORTED: "Passported",
    Treatment.TO_BE_NEGOTIATED: "To be negotiated",
}

FREEDOM_LABELS = {
    FreedomStatus.REQUESTED: "Requested",
    FreedomStatus.AGREED: "Agreed",
    FreedomStatus.AGREED_WITH_CONDITIONS: "Agreed with conditions",
    FreedomStatus.TEMPORARY: "Agreed for a limited period",
    FreedomStatus.REFUSED: "Refused",
    FreedomStatus.ALREADY_POSSIBLE: "Already possible",
    FreedomStatus.FURTHER_DISCUSSION: "Further discussion",
    FreedomStatus.NEEDS_PRIMARY_LEGISLATION: "Needs primary legislation",
}

TARGET_TYPE_LABELS = {
    TargetType.DESIGNATED: "designated improvement target",
    TargetType.STATUTORY: "statutory education target",
    TargetType.LOCAL: "local target",
    TargetType.MANDATORY: "mandatory outcome indicator",
    TargetType.REWARD: "reward target",
}

RATING_LABELS = {
    Rating.GREEN: "Green",
    Rating.AMBER_GREEN: "Amber/green",
    Rating.AMBER: "Amber",
    Rating.AMBER_RED: "Amber/red",
    Rating.RED: "Red",
}

# The milestones of `dates:`, in the order they happen, as the history part names them.
KEY_DATE_LABELS = {
    "first_draft": "First draft",
    "cabinet": "Executive or cabinet approval",
    "full_council": "Approved by full council",
    "submitted": "Submitted to the Government Office",
    "agreed": "Agreed with the Government Office",
    "go_signoff": "Government Office sign-off",
    "ministerial_signoff": "Secretary of State or ministerial sign-off",
    "signed": "Signed by all parties",
    "in_force": "In force from",
    "refreshed": "Latest refresh",
}


def format_date(d: dt.date | Month) -> str:
    """'30 June 2008'; a date known only to the month, 'June 2008'."""
    if isinstance(d, Month):
        return f"{calendar.month_name[d.month]} {d.year}"
    return f"{d.day} {d:%B %Y}"


MAX_PLACES = 6  # the most decimal places a figure is printed with (as Figure.places allows)


def on_date(d: dt.date | Month) -> str:
    """'on 30 June 2008', or 'in June 2008' for a date known only to the month."""
    return f"{'in' if isinstance(d, Month) else 'on'} {format_date(d)}"


def decimals(value: float) -> int:
    """How many decimal places (at most 6) a figure needs: 52.5 → 1, 7.0 → 0, 0.125 → 3."""
    for places in range(MAX_PLACES + 1):
        if abs(round(value, places) - value) < 1e-9:
            return places
    return MAX_PLACES


def written_places(value: float, places: int | None = None) -> int:
    """The decimal places a figure was written with: 48 → 0, 48.0 → 1, '52.50' → 2.

    `places` (Figure.places, from a quoted number or stated) wins; a whole number
    written without a point has none; a decimal keeps the digits it was written with
    (Python's shortest repr gives back what YAML read), at most MAX_PLACES.
    """
    if places is not None:
        return min(places, MAX_PLACES)
    if isinstance(value, int):
        return 0
    text = repr(float(value))
    if "e" in text or "E" in text or "." not in text:
        return decimals(value)
    return min(len(text.split(".")[1]), MAX_PLACES)


def format_number(value: float, unit: str | None = None, places: int | None = None) -> str:
    """52.5 → '52.5'; 1234 → '1,234'; with unit '%' → '52.5%', '£' → '£1,234'.

    `places` fixes the decimal places, so a row of figures lines up (7.0, 7.5).
    """
    if unit and unit.strip() == "£":
        return money(value)
    text = f"{value:,.{decimals(value) if places is None else places}f}"
    if unit and unit.strip() == "% points":
        # A gap in percentage points (reference.UNITS), short enough for a table cell;
        # a '%' sign would misread it as a share or a relative change.
        return f"{text} {'point' if text.lstrip('-') == '1' else 'points'}"
    if unit and unit.startswith("%"):
        return text + "%"
    return text


def money(value: float) -> str:
    """1234567 → '£1,234,567' (whole pounds; pence are shown when present)."""
    sign = "-" if value < 0 else ""
    value = abs(float(value))  # sums of no amounts are the int 0
    if round(value, 2).is_integer():
        return f"{sign}£{value:,.0f}"
    return f"{sign}£{value:,.2f}"


def span_label(start: str, end: str) -> str:
    """'2008/09', '2010/11' → '2008–11'."""
    first, last = year_start(start), year_start(end)
    assert first is not None and last is not None
    return f"{first}–{(last + 1) % 100:02d}"


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Split text on blank lines; single line breaks inside a paragraph become spaces."""
    if not text:
        return ()
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        joined = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if joined:
            out.append(joined)
    return tuple(out)
