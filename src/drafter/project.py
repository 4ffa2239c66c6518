"""The project file, `drafter.yaml`: what `drafter build` builds, read as untrusted input.

    # drafter.yaml: paths are relative to the folder this file is in (the project root)
    agreements: [agreements/]          # agreement files, or folders of them
    exclude: [agreements/broken/]      # files or folders to leave out
    output: output/                    # where documents go
    formats: [docx, pdf, html]
    pdf_a: false                       # archival PDF/A-3b instead of PDF/UA-1
    templates: templates/              # templates overriding the bundled ones
    branding: drafter.toml             # the branding file ([branding] table)
    today: 2008-06-30                  # date to judge due dates against and stamp files with
    diffs:                             # comparisons of versions: schedule of changes, redline
      - {old: agreements/northfleet-laa-2008.yaml, new: agreements/northfleet-laa-2008-v2.yaml,
         to: [docx, pdf], redline: true}
      - {old: agreements/northfleet-laa-2008-v2.yaml@v1.0,   # path@REV: as at a git revision
         new: agreements/northfleet-laa-2008-v2.yaml}
    summaries: true                    # a Government Office summary of each agreement
                                       # (or a list: [agreements/northfleet.yaml, …])
    packs: {formats: [pdf, xlsx]}      # a sign-off pack per region (or: regions: [GOWM])

Every key is optional. The file is read with safe YAML (no tags, no aliases), checked
against a strict schema (an unknown key is an error, with its line), and every path in it
must stay inside the project root once symlinks are followed: drafter reads nothing
outside the folder of drafter.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .boundary import PROJECT_FILE
from .boundary import Project as Boundary
from .errors import UsageError

MAX_BYTES = 1024 * 1024  # a project file is a few hundred bytes
FORMAT_NAMES = ("docx", "pdf", "html")
DIFF_FORMATS = ("docx", "pdf", "html", "md", "json")

STARTER = """\
# drafter.yaml: what `drafter build` makes. Paths are relative to this folder, and
# drafter reads nothing outside it. Every setting is optional; delete what you do not need.
agreements: {agreements:<22}# agreement files, or folders of them
exclude: []                       # files or folders to leave out, e.g. [drafts/broken.yaml]
output: output/                   # where the documents go
formats: [docx, pdf, html]        # docx, pdf, html
pdf_a: false                      # true: archival PDF/A-3b instead of accessible PDF/UA-1
# templates: templates/           # your own templates, replacing the bundled ones by name
# branding: drafter.toml          # logo, colours, organisation ([branding] table)
# today: 2008-06-30               # judge due dates against this date and stamp files with it
# diffs:                          # compare versions: schedule of changes, Word redline
#   - {{old: v1/area.yaml, new: area.yaml, to: [docx, pdf], redline: true}}
# summaries: true                 # a Government Office summary of every agreement (in the
#                                 # formats above), or of those listed: [area.yaml, …]
# packs:                          # Government Office sign-off packs, one per region
#   formats: [pdf, xlsx]          # pdf, docx, html, xlsx
#   regions: [GOWM]               # default: every region the agreements are in
"""


class ProjectError(UsageError):
    """drafter.yaml cannot be used; the message names the file, line and what to do."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class DiffSpec(_Strict):
    """One comparison: an older and a newer version, and what to write."""

    old: str = Field(
        description="The older version: an agreement file or a folder, or path@REV as it "
        "was at a git revision."
    )
    new: str = Field(
        description="The newer version: an agreement file or a folder, or path@REV as it "
        "was at a git revision."
    )
    to: list[Literal["docx", "pdf", "html", "md", "json"]] = Field(
        default_factory=lambda: ["docx", "pdf"],  # type: ignore[arg-type]
        description="Formats of the schedule of changes.",
    )
    redline: bool = Field(False, description="Also write Word with tracked changes.")


class PackSpec(_Strict):
    """Government Office sign-off packs: one per region the agreements are in."""

    formats: list[Literal["pdf", "docx", "html", "xlsx"]] = Field(
        default_factory=lambda: ["pdf", "xlsx"],  # type: ignore[arg-type]
        min_length=1,
        description="Formats of each pack.",
    )
    regions: (
        list[Literal["GONE", "GONW", "GOYH", "GOEM", "GOWM", "GOEE", "GOL", "GOSE", "GOSW"]] | None
    ) = Field(None, description="The regions to pack; default every region with an agreement.")


class ProjectFile(_Strict):
    """The settings of drafter.yaml, as written."""

    agreements: list[str] = Field(default_factory=lambda: ["."], max_length=1000)
    exclude: list[str] = Field(default_factory=list, max_length=1000)
    output: str = "output"
    formats: list[Literal["docx", "pdf", "html"]] = Field(
        default_factory=lambda: ["docx", "pdf", "html"],  # type: ignore[arg-type]
        min_length=1,
    )
    pdf_a: bool = False
    templates: str | None = None
    branding: str | None = None
    today: dt.date | None = None
    diffs: list[DiffSpec] = Field(default_factory=list, max_length=1000)
    summaries: bool | list[str] = False
    packs: PackSpec | None = None


@dataclass(frozen=True)
class Diff:
    """A comparison to make, with its paths resolved inside the project."""

    old: Path
    new: Path
    to: tuple[str, ...]
    redline: bool
    old_rev: str | None = None  # the older version as it was at this git revision
    new_rev: str | None = None

    def sides(self) -> tuple[str, str]:
        """The two versions as `drafter diff` takes them: a path, or path@REV."""
        old, new = str(self.old), str(self.new)
        return (f"{old}@{self.old_rev}" if self.old_rev else old), (
            f"{new}@{self.new_rev}" if self.new_rev else new
        )


@dataclass(frozen=True)
class Packs:
    """The regional packs to make: formats, and regions (None: every region)."""

    formats: tuple[str, ...]
    regions: tuple[str, ...] | None


@dataclass(frozen=True)
class Project:
    """A project, resolved: absolute paths inside `root`, and the settings."""

    root: Path
    file: Path | None  # drafter.yaml, or None for a folder without one
    agreements: tuple[Path, ...]
    output: Path
    formats: tuple[str, ...]
    pdf_a: bool
    templates: Path | None
    branding: Path | None
    today: dt.date | None
    diffs: tuple[Diff, ...]
    packs: Packs | None = None
    summaries: frozenset[Path] = frozenset()  # the agreements that get a GO summary


# ------------------------------------------------------------------ reading YAML with lines


def _node_value(
    node: yaml.Node, loader: yaml.SafeLoader, where: str, at: tuple[Any, ...], lines: dict[Any, int]
) -> Any:
    """Plain data from a composed YAML node, recording each item's line."""
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _node_value(key_node, loader, where, (*at, "<key>"), lines)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise ProjectError(f"{where}:{line}: a setting's name must be a word.")
            if key in out:
                raise ProjectError(f"{where}:{line}: '{key}' is set twice.")
            out[key] = _node_value(value_node, loader, where, (*at, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_node_value(n, loader, where, (*at, i), lines) for i, n in enumerate(node.value)]
    try:  # the safe constructor: plain scalars only, any other tag is refused
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as e:
        raise ProjectError(
            f"{where}:{node.start_mark.line + 1}: {getattr(e, 'problem', None) or e}."
        ) from e


class _NoAliases(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            line = self.peek_event().start_mark.line + 1  # type: ignore[no-untyped-call]
            raise ProjectError(f"line {line}: aliases (*name) are not allowed in drafter.yaml.")
        return super().compose_node(parent, index)


def read_settings(path: Path, shown: str) -> ProjectFile:
    """The settings in a drafter.yaml file, checked; ProjectError with its line otherwise."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise ProjectError(f"{shown} cannot be read: {e.strerror}.") from e
    if len(data) > MAX_BYTES:
        raise ProjectError(f"{shown} is larger than 1 MB; a project file is a few lines.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ProjectError(f"{shown} is not UTF-8 text; save it as UTF-8.") from e
    loader = _NoAliases(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return ProjectFile()
        lines: dict[Any, int] = {}
        raw = _node_value(node, loader, shown, (), lines)
    except ProjectError as e:
        message = str(e)
        raise ProjectError(
            f"{shown}:{message.removeprefix('line ')}" if message.startswith("line ") else message
        ) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ProjectError(
            f"{shown}{line}: not valid YAML ({getattr(e, 'problem', None) or e})."
        ) from e
    finally:
        loader.dispose()
    if not isinstance(raw, dict):
        raise ProjectError(f"{shown}:{lines[()]}: the file should hold settings (name: value).")
    try:
        return ProjectFile.model_validate(raw)
    except ValidationError as e:
        raise ProjectError("\n".join(_messages(e, shown, lines))) from None


def _messages(error: ValidationError, shown: str, lines: dict[Any, int]) -> Iterator[str]:
    known = ", ".join(ProjectFile.model_fields)
    for err in error.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function")))
        at = loc
        while at and at not in lines:
            at = at[:-1]
        line = lines.get(at, lines.get((), 1))
        name = ".".join(str(p) for p in loc) or "the file"
        if err["type"] == "extra_forbidden":
            yield f"{shown}:{line}: unknown setting '{name}'. Known settings: {known}."
        elif err["type"] == "literal_error":
            yield f"{shown}:{line}: {name}: {err['msg'].replace('Input should be', 'choose')}."
        else:
            yield f"{shown}:{line}: {name}: {err['msg']}."


# ------------------------------------------------------------------ resolving paths


def inside(root: Path, value: str, shown: str, what: str) -> Path:
    """`value` (relative to root) as a real path, which must lie inside root."""
    if "\x00" in value or not value.strip():
        raise ProjectError(f"In {shown}, {what} is not a path.")
    real = (root / value).resolve()
    if not Boundary(root).contains(real):
        raise ProjectError(
            f"In {shown}, {what} '{value}' is outside the project folder {root}; drafter reads "
            "and writes nothing outside the folder of drafter.yaml."
        )
    return real


def _version(root: Path, value: str, shown: str, what: str) -> tuple[Path, str | None]:
    """One side of a comparison: its path, which must lie inside root, and the git
    revision it is read at when written path@REV (a path that exists is a path)."""
    from .gitsource import split

    at = None if "\x00" in value else split(str(root / value))
    if at is None:
        return inside(root, value, shown, what), None
    path, rev = at
    return inside(root, path, shown, what), rev


def _diff(root: Path, d: DiffSpec, shown: str) -> Diff:
    (old, old_rev), (new, new_rev) = (
        _version(root, d.old, shown, "diffs old"),
        _version(root, d.new, shown, "diffs new"),
    )
    return Diff(old, new, tuple(dict.fromkeys(d.to)), d.redline, old_rev, new_rev)


def _agreement_files(root: Path, settings: ProjectFile, shown: str, output: Path) -> list[Path]:
    excluded = [inside(root, e, shown, "exclude") for e in settings.exclude]
    files: dict[Path, None] = {}
    for value in settings.agreements:
        real = inside(root, value, shown, "agreements")
        if real.is_dir():
            found = sorted(p for p in (*real.glob("*.yaml"), *real.glob("*.yml")) if p.is_file())
        elif real.is_file():
            found = [real]
        else:
            raise ProjectError(f"In {shown}, agreements '{value}' does not exist.")
        for p in found:
            rp = p.resolve()
            if rp.name == PROJECT_FILE or not Boundary(root).contains(rp):
                continue
            if any(rp == x or rp.is_relative_to(x) for x in excluded):
                continue
            if output != root and rp.is_relative_to(output):
                continue  # documents and the build cache are not agreements
            files[rp] = None
    return list(files)


def _summarised(
    root: Path, settings: ProjectFile, shown: str, agreements: Sequence[Path]
) -> frozenset[Path]:
    """The agreements that get a summary: all (`true`), none, or those listed."""
    if settings.summaries is True:
        return frozenset(agreements)
    if settings.summaries is False:
        return frozenset()
    chosen: set[Path] = set()
    for value in settings.summaries:
        real = inside(root, value, shown, "summaries")
        found = [p for p in agreements if p == real or p.is_relative_to(real)]
        if not found:
            raise ProjectError(
                f"In {shown}, summaries '{value}' is not one of the project's agreements "
                "(nor a folder of them); list files that `agreements:` builds."
            )
        chosen.update(found)
    return frozenset(chosen)


def load_project(where: Path) -> Project:
    """The project in folder `where` (its drafter.yaml), or of the drafter.yaml named."""
    if where.is_dir():
        root, file = where.resolve(), where.resolve() / PROJECT_FILE
        if not file.is_file():
            raise ProjectError(
                f"There is no {PROJECT_FILE} in {where}. Write one with "
                f"`drafter new --project {where}`."
            )
    elif where.is_file():
        file = where.resolve()
        root = file.parent
    else:
        raise ProjectError(f"{where} does not exist.")
    shown = str(where / PROJECT_FILE) if where.is_dir() else str(where)
    settings = read_settings(file, shown)
    output = inside(root, settings.output, shown, "output")
    templates = inside(root, settings.templates, shown, "templates") if settings.templates else None
    if templates is not None and not templates.is_dir():
        raise ProjectError(
            f"In {shown}, the templates folder '{settings.templates}' does not exist."
        )
    if settings.branding is not None:
        branding: Path | None = inside(root, settings.branding, shown, "branding")
        assert branding is not None
        if not branding.is_file():
            raise ProjectError(
                f"In {shown}, the branding file '{settings.branding}' does not exist."
            )
    else:
        branding = root / "drafter.toml" if (root / "drafter.toml").is_file() else None
    diffs = tuple(_diff(root, d, shown) for d in settings.diffs)
    agreements = tuple(_agreement_files(root, settings, shown, output))
    return Project(
        root=root,
        file=file,
        agreements=agreements,
        output=output,
        formats=tuple(dict.fromkeys(settings.formats)),
        pdf_a=settings.pdf_a,
        templates=templates,
        branding=branding,
        today=settings.today,
        diffs=diffs,
        packs=Packs(
            tuple(dict.fromkeys(settings.packs.formats)),
            tuple(dict.fromkeys(settings.packs.regions)) if settings.packs.regions else None,
        )
        if settings.packs
        else None,
        summaries=_summarised(root, settings, shown, agreements),
    )


def starter(agreements: str = "agreements/") -> str:
    """The text of a starting drafter.yaml."""
    return STARTER.format(agreements=f"[{agreements}]")
