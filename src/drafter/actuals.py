"""Actuals: the outturns reported for an agreement's indicators, read from YAML or CSV.

An actuals file is untrusted input, read through the loader (`load.read_data`,
`load.read_text`) with the same safety as an agreement. YAML:

    agreement: millbrook-lpsa2          # the id of the agreement the figures are for
    outturns:
      t01-a: {value: 2480, period: 2007/08}
      t02-b: {value: 1301, period: 2007/08, provisional: true}

CSV, with a header row (`provisional` may be left blank, or written yes/no, true/false):

    indicator,value,period,provisional
    t01-a,2480,2007/08,
    t02-b,1301,2007/08,yes

Every fault is a problem with file, line and what to do; nothing here raises for bad input.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .load import DataFile, read_data, read_text
from .model import NUMBER_TEXT, Agreement, Outturn, TargetType
from .problems import Position, Problem, Severity, display_path
from .reward import financial_year, reward_targets

CSV_COLUMNS = ("indicator", "value", "period", "provisional")
OUTTURN_KEYS = frozenset({"value", "period", "provisional", "source", "note"})
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0", ""})

# Codes of the problems an actuals file can have (the Y codes come from the loader).
CODES = {
    "O001": "The actuals file is not laid out as expected",
    "O002": "The actuals are for another agreement",
    "O003": "An outturn for an indicator the agreement does not have",
    "O004": "An outturn with no value",
    "O005": "A value of the wrong kind",
    "O006": "An unknown field",
    "O007": "An outturn that does not say which year it is for",
    "O008": "An outturn for an indicator that earns no reward",
    "O009": "The same indicator twice",
}


@dataclass(frozen=True)
class Actuals:
    """The outturns of one actuals file, by indicator id, with where each was written."""

    path: Path
    agreement_id: str | None
    outturns: Mapping[str, Outturn]
    positions: Mapping[str, Position] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stop a reward being worked out."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


class _Collect:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, code: str, message: str, pos: Position, hint: str | None = None) -> None:
        self.problems.append(Problem(code, Severity.ERROR, message, pos, hint))


def read_actuals(path: Path) -> Actuals:
    """Read an actuals file (.csv, else YAML); problems are recorded, never raised."""
    if path.suffix.lower() == ".csv":
        return _read_csv(path, read_text(path))
    return _read_yaml(path, read_data(path))


def _read_yaml(path: Path, read: DataFile) -> Actuals:
    out = _Collect()
    out.problems.extend(read.problems)
    shown = display_path(path)
    data = read.data
    if read.problems and data is None:
        return Actuals(path, None, {}, {}, tuple(out.problems))
    if not isinstance(data, dict) or not isinstance(data.get("outturns"), dict):
        out.error(
            "O001",
            f"{shown} should hold 'agreement:' (the agreement's id) and 'outturns:' "
            "(a mapping from indicator ids to outturns).",
            read.sources.find(()),
            "See 'Reward calculator' in the README for the layout.",
        )
        return Actuals(path, None, {}, {}, tuple(out.problems))
    for key in data:
        if key not in ("agreement", "outturns"):
            out.error(
                "O006",
                f"'{key}' is not a field of an actuals file (only 'agreement' and 'outturns').",
                read.sources.find((key,), key=True),
                "Remove it, or correct its spelling.",
            )
    agreement_id = data.get("agreement")
    if agreement_id is not None and not isinstance(agreement_id, str):
        out.error(
            "O005",
            "'agreement:' should be the id of the agreement, as text.",
            read.sources.find(("agreement",)),
        )
        agreement_id = None
    outturns: dict[str, Outturn] = {}
    positions: dict[str, Position] = {}
    for ident, entry in data["outturns"].items():
        at = read.sources.find(("outturns", ident), key=True)
        positions[str(ident)] = at

        def pos(key: str, ident: str = ident) -> Position:
            return read.sources.find(("outturns", ident, key))

        if not isinstance(entry, dict):
            out.error(
                "O001",
                f"The outturn for {ident} should be a mapping such as "
                "{value: 2480, period: 2007/08}.",
                read.sources.find(("outturns", ident)),
                "Give the value and the financial year it is for.",
            )
            continue
        for key in entry:
            if key not in OUTTURN_KEYS:
                near = difflib.get_close_matches(str(key), sorted(OUTTURN_KEYS), n=1)
                out.error(
                    "O006",
                    f"'{key}' is not a field of an outturn"
                    + (f"; did you mean '{near[0]}'?" if near else "."),
                    read.sources.find(("outturns", ident, key), key=True),
                    "An outturn has value, period, provisional, source and note.",
                )
        outturn = _outturn(out, str(ident), entry, pos, at)
        if outturn is not None:
            outturns[str(ident)] = outturn
    return Actuals(path, agreement_id, outturns, positions, tuple(out.problems))


def _outturn(
    out: _Collect, ident: str, entry: Mapping[str, Any], pos: Any, at: Position
) -> Outturn | None:
    """One outturn checked field by field; None (with problems recorded) when unusable."""
    ok = True
    value = entry.get("value")
    number: int | float | None = None
    if value is None or (isinstance(value, str) and not value.strip()):
        out.error(
            "O004",
            f"The outturn for {ident} has no value.",
            pos("value") if "value" in entry else at,
            "Write the figure as 'value:', in the indicator's unit.",
        )
        ok = False
    else:
        number = _as_number(value)
        if number is None:
            out.error(
                "O005",
                f"The outturn for {ident} should be a number, but it is {value!r}.",
                pos("value"),
                "Write the figure alone, without units or words (put words in 'note:').",
            )
            ok = False
    period = entry.get("period")
    if period is None or (isinstance(period, str) and not period.strip()):
        out.error(
            "O007",
            f"The outturn for {ident} does not say which year it is for.",
            pos("period") if "period" in entry else at,
            "Add 'period:' with the financial year, written like 2007/08.",
        )
        ok = False
    elif not isinstance(period, str) or financial_year(period) is None:
        out.error(
            "O005",
            f"The period of the outturn for {ident} should start with the year it is for, "
            f"such as 2007/08, but it is {period!r}.",
            pos("period"),
            "Write the financial year first, like 2007/08 or '2007/08 (academic year)'.",
        )
        ok = False
    provisional = _as_flag(entry.get("provisional", False))
    if provisional is None:
        out.error(
            "O005",
            f"'provisional' for {ident} should be yes or no, but it is "
            f"{entry.get('provisional')!r}.",
            pos("provisional"),
        )
        ok = False
    texts = {k: entry.get(k) for k in ("source", "note")}
    for key, text in texts.items():
        if text is not None and not isinstance(text, str):
            out.error("O005", f"'{key}' for {ident} should be text.", pos(key))
            ok = False
    if not ok or number is None or not isinstance(period, str):
        return None
    return Outturn(
        value=number,
        period=period.strip(),
        provisional=bool(provisional),
        source=texts["source"],
        note=texts["note"],
    )


def _as_number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        m = NUMBER_TEXT.match(text)
        if m:
            return float(text) if m.group(2) else int(text)
    return None


def _as_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str | int) and str(value).strip().lower() in YES | NO:
        return str(value).strip().lower() in YES
    return None


def _read_csv(path: Path, read: DataFile) -> Actuals:
    out = _Collect()
    out.problems.extend(read.problems)
    shown = display_path(path)
    if not isinstance(read.data, str):
        return Actuals(path, None, {}, {}, tuple(out.problems))
    reader = csv.reader(io.StringIO(read.data, newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as e:
        out.error("O001", f"{shown} cannot be read as CSV: {e}.", Position(shown, reader.line_num))
        return Actuals(path, None, {}, {}, tuple(out.problems))
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    header = [c.strip().lower() for c in rows[0][1]] if rows else []
    missing = [c for c in CSV_COLUMNS[:3] if c not in header]
    if missing:
        out.error(
            "O001",
            f"{shown} should start with the header row {','.join(CSV_COLUMNS)}; "
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing.",
            Position(shown, rows[0][0] if rows else 1, 1),
            "Put the column names on the first line.",
        )
        return Actuals(path, None, {}, {}, tuple(out.problems))
    for extra in [c for c in header if c not in (*CSV_COLUMNS, "source", "note")]:
        out.error(
            "O006",
            f"'{extra}' is not a column of an actuals file.",
            Position(shown, rows[0][0], header.index(extra) + 1),
            f"The columns are {', '.join(CSV_COLUMNS)} (and source, note).",
        )
    outturns: dict[str, Outturn] = {}
    positions: dict[str, Position] = {}
    for line, row in rows[1:]:
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        ident = cells.get("indicator", "")
        here = Position(shown, line, 1)
        if not ident:
            out.error("O001", "A row with no indicator id.", here, "Give the indicator's id first.")
            continue
        if ident in positions:
            first = positions[ident]
            out.error(
                "O009",
                f"{ident} has a second row (the first is on line {first.line}).",
                here,
                "Keep one outturn per indicator: the latest.",
            )
            continue
        positions[ident] = here
        entry: dict[str, Any] = {k: v for k, v in cells.items() if k != "indicator" and v != ""}

        def pos(key: str, line: int = line) -> Position:
            col = header.index(key) + 1 if key in header else 1
            return Position(shown, line, col)

        outturn = _outturn(out, ident, entry, pos, here)
        if outturn is not None:
            outturns[ident] = outturn
    return Actuals(path, None, outturns, positions, tuple(out.problems))


def check_actuals(actuals: Actuals, agreement: Agreement) -> list[Problem]:
    """Problems of the actuals against the agreement: its id, and every indicator id."""
    out = _Collect()
    shown = display_path(actuals.path)
    if actuals.agreement_id is not None and actuals.agreement_id != agreement.id:
        out.error(
            "O002",
            f"{shown} holds the actuals of '{actuals.agreement_id}', not of '{agreement.id}'.",
            Position(shown, 1, 1),
            "Give the actuals file of this agreement, or correct 'agreement:'.",
        )
    known = {i.id: i for i in (*agreement.indicators(), *agreement.statutory)}
    earning = {i.id for _, _, inds in reward_targets(agreement) for i in inds}
    for ident, at in actuals.positions.items():
        if ident not in known:
            near = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.6)
            out.error(
                "O003",
                f"{agreement.id} has no indicator with the id '{ident}'"
                + (f"; did you mean '{near[0]}'?" if near else "."),
                at,
                "Use the indicator ids of the agreement (the 'id:' of each indicator).",
            )
        elif ident not in earning and ident in actuals.outturns:
            ind = known[ident]
            why = (
                "it was removed from reward at a refresh"
                if not ind.in_reward
                else f"it is a {ind.type.value} target"
                if ind.type is not TargetType.REWARD
                else "it is not a reward target"
            )
            out.problems.append(
                Problem(
                    "O008",
                    Severity.WARNING,
                    f"The outturn for {ident} earns no reward: {why}. It is left out.",
                    at,
                )
            )
    return out.problems
