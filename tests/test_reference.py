"""The bundled reference data: the National Indicator Set as the rules and documents use it."""

from __future__ import annotations

import re

import pytest

from drafter.errors import DrafterError
from drafter.model import Polarity
from drafter.reference import (
    POLARITY_BASES,
    UNITS,
    ReferenceDataError,
    national_indicators,
    parse_national_indicators,
    statutory_indicators,
)

from .conftest import ROOT

CSV = ROOT / "src" / "drafter" / "data" / "national_indicators.csv"
P, PP, H, L = "%", "% points", Polarity.HIGHER, Polarity.LOWER


def test_the_set_has_every_indicator_once_with_known_units_and_polarities() -> None:
    nis = national_indicators()
    assert sorted(nis) == list(range(1, 200))
    assert [n for n, i in nis.items() if i.deleted] == [31]
    assert len(statutory_indicators()) == 16
    for n, i in nis.items():
        assert i.ni == n and i.title.strip() == i.title != ""
        assert i.unit is None or i.unit in UNITS, n
        assert i.polarity is None or i.polarity in Polarity, n
        assert (i.polarity is None) == (i.polarity_basis is None), n
        assert i.polarity_basis is None or i.polarity_basis in POLARITY_BASES.values(), n


@pytest.mark.parametrize(
    ("ni", "unit", "polarity"),
    [
        (1, P, H),  # people from different backgrounds get on well
        (8, P, H),  # adult participation in sport
        (15, "rate per 1,000 population", L),
        (16, "rate per 1,000 population", L),
        (20, "rate per 1,000 population", L),
        (39, "rate per 100,000 population", L),  # alcohol-related admissions
        (72, P, H),  # early years foundation stage
        (75, P, H),  # 5 A*-C GCSEs including English and maths
        (76, "count", L),  # schools below the Key Stage 2 floor
        (81, PP, L),  # inequality gap at Level 3 by 19
        (87, P, L),  # persistent absence
        (92, P, L),  # early years gap, as a % of the median
        (102, PP, L),  # free school meals gap
        (104, PP, L),  # SEN / non-SEN gap
        (112, "rate per 1,000 females aged 15–17", L),
        (113, P, H),  # chlamydia screening coverage
        (116, P, L),  # child poverty
        (117, P, L),  # NEET
        (123, "rate per 100,000 aged 16+", H),  # stopping smoking: four-week quitters
        (152, P, L),
        (153, P, L),
        (154, "count", H),  # net additional homes
        (155, "count", H),  # affordable homes
        (157, P, H),  # planning applications in time
        (158, P, L),  # non-decent council homes
        (166, "£", H),  # median earnings
        (167, "minutes per mile", L),  # congestion
        (181, "days", L),  # housing benefit processing
        (186, "tonnes CO2 per capita", L),
        (188, "level 0–4", H),  # adapting to climate change
        (191, "kg per household", L),
        (192, P, H),  # recycling
        (195, P, L),  # street cleanliness: % of sites below standard
    ],
)
def test_unit_and_polarity_as_the_nis_defines_them(ni: int, unit: str, polarity: Polarity) -> None:
    ref = national_indicators()[ni]
    assert (ref.unit, ref.polarity) == (unit, polarity)


def test_every_education_attainment_and_gap_indicator_has_a_unit() -> None:
    nis = national_indicators()
    for n in range(72, 106):  # the attainment and gap indicators of 'Enjoy and Achieve'
        if n in (85, 88, 89, 90):  # A level entries, extended schools, special measures
            continue
        assert nis[n].unit in (P, PP, "count"), n
        gap = "gap" in nis[n].title.lower() or n == 102
        assert nis[n].unit != PP or gap, n


@pytest.mark.parametrize("ni", [12, 25, 44, 68, 71, 106, 178, 180, 187, 196])
def test_no_polarity_where_the_nis_sets_no_single_direction(ni: int) -> None:
    ref = national_indicators()[ni]
    assert ref.polarity is None and ref.unit_note, ni


def test_directions_plain_only_from_the_title_are_marked_inferred() -> None:
    nis = national_indicators()
    inferred = [n for n, i in nis.items() if i.polarity_basis == "inferred from title"]
    assert 0 < len(inferred) < 20
    assert all(nis[n].unit is None for n in inferred)  # the measure itself is unconfirmed


def test_titles_are_corrected_where_the_printed_list_was_wrong() -> None:
    nis = national_indicators()
    assert nis[13].title == "Migrants English language skills and knowledge"
    assert nis[27].title.startswith("Understanding of local concerns")
    assert nis[93].title.endswith("between Key Stage 1 and Key Stage 2")
    assert nis[171].title == "VAT registration rate"
    assert nis[123].title == "Stopping smoking"
    assert nis[158].title == "% non-decent council homes"
    # No other capitals run into lower case ("VAt"; plurals such as "GCSEs" and the formula
    # "NOx" are right), and no title repeats its number.
    for n, i in nis.items():
        words = re.findall(r"\b[A-Z]{2,}[a-z]+\b", i.title)
        mixed = [w for w in words if not (w.endswith("s") and w[:-1].isupper()) and w != "NOx"]
        assert not mixed, (n, mixed)
        assert not i.title.startswith("NI "), n


def test_every_unit_is_explained_in_the_data_readme() -> None:
    readme = (ROOT / "src" / "drafter" / "data" / "README.md").read_text(encoding="utf-8")
    for unit in UNITS:
        assert f"| `{unit}` |" in readme, unit


def test_a_damaged_csv_is_reported_with_every_fault() -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines()
    bad = [lines[0]]
    for line in lines[1:]:
        n = int(line.split(",", 1)[0])
        if n == 15:
            line = line.replace("rate per 1,000 population", "per thousand")
        elif n == 16:
            line = line.replace(",lower,definition,", ",down,definition,")
        elif n == 20:
            line = line.replace(",lower,definition,", ",lower,,")
        elif n == 199:
            continue  # a missing row
        bad.append(line)
    bad.append(lines[1])  # NI 1 twice
    with pytest.raises(ReferenceDataError) as caught:
        parse_national_indicators("\n".join(bad))
    message = str(caught.value)
    assert isinstance(caught.value, DrafterError)
    assert "reinstall drafter" in message
    assert "line 16: NI 15 has the unit 'per thousand', which is not one of UNITS" in message
    assert "line 17: NI 16 has polarity 'down'" in message
    assert "line 21: NI 20: a polarity needs a polarity_basis" in message
    assert "NI 1 is listed twice" in message
    assert "no row for NI 199" in message


def test_a_csv_with_other_columns_is_refused() -> None:
    text = CSV.read_text(encoding="utf-8").replace(",unit_note,", ",note,", 1)
    with pytest.raises(ReferenceDataError, match="has the columns"):
        parse_national_indicators(text)
