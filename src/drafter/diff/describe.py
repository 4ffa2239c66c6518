"""Changes in words: what each item is called, what each field is called, values as printed.

Every presentation (terminal, Markdown, HTML, the schedule of changes) words the
changes through `Describer`, so they all say the same thing. Labels for the fields
we know are in `FIELD_LABELS`; any other field is named after itself, so fields
added to the model later still read sensibly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ..model import MONTH_TEXT, YEAR_RE, Agreement, Figure, Indicator, Money, Month
from .changes import Change, Changes, ItemRef, Json, Kind, Path, thaw
from .compare import ATOMS, LOG_TYPES, Index

if TYPE_CHECKING:
    from .log import Note

FIELD_LABELS = {
    "with": "",
    "without": "without the agreement",
    "targets": "target",
    "amounts": "amount",
    "previous_amounts": "earlier amount",
    "stated_totals": "stated total",
    "refresh": "refresh status",
    "open": "still to be agreed",
    "lead": "lead partner",
    "contributors": "contributing partners",
    "duty_to_cooperate": "duty to co-operate",
    "signatory": "signs the agreement",
    "consent": "owner's consent",
    "outcomes": "outcomes served",
    "response": "government's response",
    "accountable_body": "accountable body",
    "lsp": "Local Strategic Partnership",
    "region": "Government Office region",
    "dates": "date",
    "first_draft": "of first draft",
    "submitted": "submitted",
    "agreed": "agreed",
    "signed": "signed",
    "refreshed": "refreshed",
    "reward_share": "reward share",
    "per_target": "reward per target",
    "net_budget_requirement": "net budget requirement",
    "base_year": "base year",
    "max_percent": "maximum reward (%)",
    "threshold_percent": "threshold (%)",
    "pump_priming_grant": "pump priming grant",
    "unsupported_credit_approval": "Unsupported Credit Approval",
    "performance_management": "performance management",
    "lead_officer": "lead officer",
    "on_behalf_of": "signs for",
    "ni": "National Indicator number",
    "cross_cutting": "cross-cutting themes",
    "drafter": "format version",
    "funding": "",
    "area": "area",
    "period": "period",
    "stretch": "stretch",
}
TYPE_LABELS = {
    "Agreement": "agreement",
    "Indicator": "indicator",
    "Outcome": "outcome",
    "Theme": "theme",
    "FundingStream": "funding stream",
    "Freedom": "freedom",
    "Partner": "partner",
    "Signatory": "signatory",
}
# Fields holding pounds.
MONEY = frozenset(
    {
        "amounts",
        "previous_amounts",
        "stated_totals",
        "net_budget_requirement",
        "pump_priming_grant",
        "unsupported_credit_approval",
        "per_target",
        "total",
    }
)
# Where each part of the agreement is reported, by the first step of its path.
SECTIONS = {
    "themes": "Themes, outcomes and targets",
    "statutory": "Statutory education and early years targets",
    "funding": "Funding",
    "freedoms": "Freedoms and flexibilities",
    "partners": "Partners",
    "reward": "Reward",
    "governance": "Governance and delivery",
    "signatories": "Signatures",
}
AGREEMENT_SECTION = "The agreement"
SECTION_ORDER = (AGREEMENT_SECTION, *SECTIONS.values())


def type_label(name: str) -> str:
    """'funding stream' for FundingStream; any other class name split into words."""
    return TYPE_LABELS.get(name) or re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def field_label(path: Path) -> str:
    """'2010/11 target', 'date signed', 'baseline' for a path inside an item."""
    words: list[str] = []
    for step in path:
        if YEAR_RE.match(step):
            words[-1:] = [f"{step} {words[-1]}" if words else step]
            continue
        label = FIELD_LABELS.get(step, step.replace("_", " "))
        if label:
            if words and step in ("first_draft", "submitted", "agreed", "signed", "refreshed"):
                words[-1] = f"{words[-1]} {label}"
            else:
                words.append(label)
    return ", ".join(words) or "value"


@dataclass(frozen=True)
class Line:
    """One change to an item, in words."""

    kind: Kind
    label: str  # what changed: '2010/11 target', or the item itself
    old: str | None
    new: str | None
    words: tuple[tuple[str, str], ...] = ()


@dataclass
class ItemChanges:
    """Everything that changed about one item.

    `notes` word what its change log gained or lost: the reasons for its changes,
    approvals, proposals awaiting approval (see `log`); the log's entries are in
    `changes` but never in `lines`.
    """

    type: str
    key: str
    title: str
    where: str  # 'outcome CYP1', or for a move 'outcome CYP1 → outcome CYP2'
    kind: Kind | None  # added, removed, moved or renamed as a whole; None: fields changed
    ref: ItemRef
    lines: list[Line] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def pending(self) -> list[Note]:
        """The notes of changes still awaiting approval."""
        return [n for n in self.notes if n.pending]


@dataclass
class Section:
    """The changes in one part of the agreement (funding, freedoms, …)."""

    title: str
    items: list[ItemChanges] = field(default_factory=list)


class Describer:
    """Words for the changes between two versions of one agreement."""

    def __init__(self, old: Agreement, new: Agreement) -> None:
        from ..context.shared import Setting  # wording of figures, as the documents print them
        from ..reference import national_indicators

        self.old, self.new = old, new
        nis = national_indicators()
        today = dt.date(2000, 1, 1)  # placeholders' wording does not depend on it
        from ..config import Branding

        self.settings = tuple(
            Setting(agreement=a, branding=Branding(), incomplete=False, today=today, nis=nis)
            for a in (old, new)
        )

    @cached_property
    def indexes(self) -> tuple[Index, Index]:
        """The items of the older and the newer version (`compare` can reuse them)."""
        return Index(self.old), Index(self.new)

    @cached_property
    def _items(self) -> tuple[dict[Path, BaseModel], dict[Path, BaseModel]]:
        old = {n.path: n.obj for n in self.indexes[0].nodes}
        new = {n.path: n.obj for n in self.indexes[1].nodes}
        old[()], new[()] = self.old, self.new
        return old, new

    def item(self, path: Path | None, *, old: bool = False) -> BaseModel | None:
        """The item at a path in one version."""
        if path is None:
            return None
        return self._items[0 if old else 1].get(path)

    def title(self, change: Change) -> str:
        """'NI 117: 16 to 18 year olds who are not in …', 'Freedom ff1: Single youth plan'."""
        ref = change.item
        obj = self.item(ref.path) or self.item(ref.old_path, old=True)
        if ref.type == "Agreement" or obj is None:
            return f"{type_label(ref.type).capitalize()} {ref.key}"
        if isinstance(obj, Indicator):
            return self.settings[1].indicator_title(obj)
        name = getattr(obj, "title", None) or getattr(obj, "name", None)
        if ref.type == "Signatory":
            party = getattr(obj, "partner", None) or getattr(obj, "on_behalf_of", None)
            who = self.settings[1].partner_name(party) or party
            return f"{name or 'Signatory'}" + (f" (for {who})" if who else "")
        label = type_label(ref.type).capitalize()
        return f"{label} {ref.key}: {name}" if name else f"{label} {ref.key}"

    def place(self, path: Path | None) -> str:
        """Where an item sits: 'outcome CYP1', 'the statutory targets', 'the agreement'."""
        if not path:
            return "the agreement"
        parent = path[:-2]
        items = self._items[1] if self.item(path) is not None else self._items[0]
        while parent and parent not in items:
            parent = parent[:-1]
        if not parent:
            return "the statutory targets" if path[0] == "statutory" else ""
        obj = items[parent]
        return f"{type_label(type(obj).__name__)} {parent[-1]}"

    def where(self, change: Change) -> str:
        """Where the item is, or for a move where it was and where it went."""
        ref = change.item
        if change.kind in (Kind.MOVED, Kind.RENAMED) and not change.field:
            before, after = self.place(ref.old_path), self.place(ref.path)
            if before != after:
                return f"from {before or 'the top level'} to {after or 'the top level'}"
            return after
        return self.place(ref.where)

    def section(self, change: Change) -> str:
        """The part of the agreement a change is reported under."""
        path = change.path
        return SECTIONS.get(path[0], AGREEMENT_SECTION) if path else AGREEMENT_SECTION

    # ---- values

    def value(self, change: Change, value: Json, *, old: bool) -> str | None:
        """A value as the documents print it: figures with units, money, dates, names."""
        if value is None:
            return None
        setting = self.settings[0 if old else 1]
        item = self.item(change.item.old_path if old else change.item.path, old=old)
        path = change.field
        data = thaw(value)
        if path and (path[0] in ("baseline",) or (path[0] == "targets" and len(path) >= 2)):
            unit = setting.unit(item) if isinstance(item, Indicator) else None
            return self._figures(data, unit, "baseline" if path[0] == "baseline" else "target", old)
        if any(step in MONEY for step in path) and isinstance(data, int | float | Mapping):
            return _money(data)
        return self.plain(data, old=old)

    def _figures(self, data: Any, unit: str | None, role: str, old: bool) -> str:
        setting = self.settings[0 if old else 1]
        if isinstance(data, dict) and ("with" in data or "without" in data):
            parts = []
            for key, label in (("without", "without the agreement "), ("with", "")):
                if data.get(key) is not None:
                    parts.append(label + self._figures(data[key], unit, role, old))
            return "; ".join(parts)
        try:
            figure = Figure.model_validate(data)
        except ValidationError:
            return self.plain(data, old=old)
        from ..context.figures import figure_cell

        return figure_cell(setting, figure, unit, role).text

    def plain(self, data: Any, *, old: bool = False) -> str:
        """Any other value in words."""
        from ..context.wording import format_date, format_number

        if isinstance(data, bool):
            return "yes" if data else "no"
        if isinstance(data, int | float):
            return format_number(data)
        if isinstance(data, str):
            month = MONTH_TEXT.match(data)
            try:
                if month:
                    return format_date(Month(int(month.group(1)), int(month.group(2))))
                return format_date(dt.date.fromisoformat(data)) if len(data) == 10 else data
            except ValueError:
                return data
        if isinstance(data, list):
            return ", ".join(self.plain(v, old=old) for v in data) or "none"
        if isinstance(data, Mapping):
            if "issue" in data or "owner" in data:  # an open item
                who = self.settings[0 if old else 1].partner_name(data.get("owner"))
                bits = [data.get("issue") or "to be settled", who, data.get("due")]
                return " — ".join(self.plain(b, old=old) for b in bits if b)
            return "; ".join(
                f"{field_label((str(k),))}: {self.plain(v, old=old)}" for k, v in data.items()
            )
        return str(data)

    # ---- grouping

    def line(self, change: Change) -> Line:
        """One change in words."""
        if not change.field:
            return Line(change.kind, self.title(change), None, None)
        return Line(
            change.kind,
            field_label(change.field),
            self.value(change, change.old, old=True),
            self.value(change, change.new, old=False),
            change.words,
        )

    def sections(self, changes: Changes | Iterable[Change]) -> list[Section]:
        """The changes grouped by part of the agreement, then by item, in document order.

        Changes to the entries of an item's change log go to the item, as notes.
        """
        from .log import notes

        by_title: dict[str, Section] = {}
        by_path: dict[tuple[str, str, Path], ItemChanges] = {}
        logged: list[ItemChanges] = []
        for c in changes:
            ref = self._owner(c.item) if c.item.type in LOG_TYPES else c.item
            title = self.section(c)
            group = next(
                (
                    by_path[(title, side, p)]
                    for side, p in (("new", ref.path), ("old", ref.old_path))
                    if p is not None and (title, side, p) in by_path
                ),
                None,
            )
            if group is None:
                section = by_title.setdefault(title, Section(title))
                group = self.blank(ref)
                for side, p in (("new", ref.path), ("old", ref.old_path)):
                    if p is not None:
                        by_path[(title, side, p)] = group
                section.items.append(group)
            group.changes.append(c)
            if ref is not c.item:
                if group not in logged:
                    logged.append(group)
            elif not c.field:
                group.kind = c.kind
                group.where = self.where(c)
                if c.kind is Kind.RENAMED:
                    group.lines.append(Line(c.kind, "id", str(c.old), str(c.new)))
            else:
                group.lines.append(self.line(c))
        for group in logged:
            group.notes = notes(self, group.ref, changed=bool(group.lines or group.kind))
        order = {t: n for n, t in enumerate(SECTION_ORDER)}
        return sorted(by_title.values(), key=lambda s: order.get(s.title, len(order)))

    def _owner(self, entry: ItemRef) -> ItemRef:
        """The item whose change log holds an entry, where it is in both versions.

        An entry added or removed names the item's place in one version only; the item
        is at the same place in the other unless it moved, and a move is reported (so
        its group made) before anything inside the item.
        """
        ref = owner(entry)
        if ref.old_path is None and ref.path is not None and self.item(ref.path, old=True):
            ref = replace(ref, old_path=ref.path)
        if ref.path is None and ref.old_path is not None and self.item(ref.old_path):
            ref = replace(ref, path=ref.old_path)
        return ref

    def blank(self, ref: ItemRef) -> ItemChanges:
        """An item with no changes (yet): its title and place."""
        return ItemChanges(
            ref.type,
            ref.key,
            self.title(Change(Kind.CHANGED, ref)),
            self.place(ref.where),
            None,
            ref,
        )

    # ---- people and occasions

    def who(self, ident: str | None, *, old: bool = False) -> str | None:
        """A partner's or outside body's name by id; any other name as written."""
        if not ident:
            return None
        agreement = self.old if old else self.new
        found = agreement.partner(ident) or agreement.body(ident)
        return found.name if found else ident

    def occasion(self, entry: Any, *, old: bool = False) -> str | None:
        """When a change-log entry was made: '2009 refresh', 'version 1.1' (not this one)."""
        agreement = self.old if old else self.new
        if getattr(entry, "refresh", None):
            refresh = agreement.refresh_named(entry.refresh)
            return (refresh.title if refresh and refresh.title else None) or entry.refresh
        version = getattr(entry, "version", None)
        return f"version {version}" if version and version != agreement.version else None


def owner(entry: ItemRef) -> ItemRef:
    """The item whose change log holds an entry."""
    path = entry.path[:-2] if entry.path is not None else None
    old_path = entry.old_path[:-2] if entry.old_path is not None else None
    key = (path or old_path or ("",))[-1]
    return ItemRef(LOG_TYPES[entry.type], key, path, old_path)


def is_atom(value: Any) -> bool:
    """Whether a model value is compared whole."""
    return isinstance(value, BaseModel) and type(value).__name__ in ATOMS


def _money(data: Any) -> str:
    """An amount as the documents print it: '£95,000', '£95,000 (indicative)', 'not known'."""
    from ..context.wording import money

    try:
        amount = Money.model_validate(data)
    except ValidationError:
        return str(data)
    if amount.value is None:
        return "not known" + (f" ({amount.missing})" if amount.missing else "")
    text = ("up to " if amount.up_to else "about " if amount.approximate else "") + money(
        amount.value
    )
    if amount.status is not None:
        text += f" ({amount.status})"
    return text
