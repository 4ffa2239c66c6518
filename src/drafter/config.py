"""Project settings: branding (organisation, logo, colours, footer) from `drafter.toml`.

A project may put a `drafter.toml` beside its agreements with a `[branding]` table:

    [branding]
    organisation = "Northfleet Borough Council"
    logo = "images/logo.png"        # relative to this file, and inside its folder
    primary_colour = "#1F4E79"      # headings, table header rows
    accent_colour = "#C55A11"       # rules, the cover band
    footer = "Northfleet Partnership"
    page_per_theme = true           # each theme starts a page (default: themes follow on)

Every key is optional; without the file the defaults below are used. The file is not
trusted: the logo must lie inside the file's folder (symlinks followed) and be a PNG,
JPEG or self-contained SVG by its bytes; texts must be short and printable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .boundary import FILESYSTEM, MB, Limits, Refused, TooLarge, asset_path
from .chars import UNSAFE, describe
from .errors import DrafterError

CONFIG_NAME = "drafter.toml"
COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MAX_SETTING = 200  # characters in the organisation or footer: one line at the page foot

DEFAULT_PRIMARY = "#1F4E79"
DEFAULT_ACCENT = "#2E75B6"

# toml key → Branding field; both spellings of colour are accepted.
_KEYS = {
    "organisation": "organisation",
    "organization": "organisation",
    "logo": "logo",
    "primary_colour": "primary",
    "primary_color": "primary",
    "accent_colour": "accent",
    "accent_color": "accent",
    "footer": "footer",
    "page_per_theme": "page_per_theme",
}

SVG_NS = "{http://www.w3.org/2000/svg}"
# In an SVG, anything that may load another file or run code.
_SVG_ACTIVE = re.compile(r"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet|@import", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Logo:
    """A logo checked by its bytes: where it was, what it is, and the bytes themselves."""

    path: Path
    media_type: str  # image/png, image/jpeg or image/svg+xml
    data: bytes = field(repr=False)


class BrandingError(DrafterError):
    """The branding file cannot be used; `logo` is the logo file it names, if inside its folder.

    The preview watches that file, so that mending the logo (not the settings) is seen.
    """

    def __init__(self, message: str, logo: Path | None = None) -> None:
        super().__init__(message)
        self.logo = logo


@dataclass(frozen=True)
class Branding:
    """How documents look for one organisation; every field has a sensible default."""

    organisation: str | None = None  # None: the agreement's accountable body is used
    logo: Logo | None = None  # a PNG, JPEG or SVG file, checked (see read_logo)
    primary: str = DEFAULT_PRIMARY  # '#RRGGBB': headings and table header rows
    accent: str = DEFAULT_ACCENT  # '#RRGGBB': rules and the cover band
    footer: str | None = None  # text at the foot of every page, left of the page number
    page_per_theme: bool = False  # each theme (block, priority) starts a page in PDF and Word


def _colour(value: object, key: str, where: str) -> str:
    if not isinstance(value, str) or not COLOUR_RE.match(value):
        raise DrafterError(
            f"In {where}, {key} = {value!r} is not a colour. "
            'Write a colour as a hex code in quotes, such as "#1F4E79".'
        )
    if len(value) == 4:  # '#abc' → '#AABBCC' so every back end understands it
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.upper()


def load_branding(config: Path | None = None) -> Branding:
    """Branding from a drafter.toml file (or a folder holding one); defaults when absent.

    With no argument, `./drafter.toml` is read if it exists. A file named explicitly
    must exist. Relative logo paths are taken from the folder the file is in.
    """
    if config is None:
        path = Path(CONFIG_NAME)
        if not path.is_file():
            return Branding()
    elif config.is_dir():
        path = config / CONFIG_NAME
        if not path.is_file():
            return Branding()
    else:
        path = config
        if not path.is_file():
            raise DrafterError(f"The settings file {path} does not exist.")
    project = path.resolve().parent
    where = str(path)
    import tomllib  # here: most commands never read a settings file

    try:
        data = tomllib.loads(FILESYSTEM.read_bytes(path, MB).decode("utf-8"))
    except TooLarge as e:
        raise DrafterError(f"{where} is larger than 1 MB; it is not a settings file.") from e
    except OSError as e:
        raise DrafterError(f"{where} cannot be read: {e.strerror}.") from e
    except UnicodeDecodeError as e:
        raise DrafterError(f"{where} is not UTF-8 text; save it as UTF-8.") from e
    except tomllib.TOMLDecodeError as e:
        raise DrafterError(f"{where} is not valid TOML: {e}.") from e
    table = data.get("branding", {})
    if not isinstance(table, dict):
        raise DrafterError(f"In {where}, 'branding' should be a table: [branding].")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise DrafterError(
            f"In {where}, [branding] has unknown setting(s): {', '.join(unknown)}. "
            "Known settings: organisation, logo, primary_colour, accent_colour, footer, "
            "page_per_theme."
        )
    values: dict[str, object] = {}
    for key, value in table.items():
        name = _KEYS[key]
        if name in ("primary", "accent"):
            values[name] = _colour(value, key, where)
        elif name == "page_per_theme":
            if not isinstance(value, bool):
                raise DrafterError(f"In {where}, {key} should be true or false (no quotes).")
            values[name] = value
        elif not isinstance(value, str) or not value.strip():
            raise DrafterError(f"In {where}, {key} should be text in quotes.")
        elif name == "logo":
            logo: Path | None = None
            try:
                logo = asset_path(project, value)
                values[name] = read_logo(logo)
            except Refused as e:
                hint = f" {e.hint}" if e.hint else ""
                raise BrandingError(f"In {where}, the logo file {value} {e}.{hint}", logo) from e
        else:
            values[name] = _setting_text(value, key, where)
    return Branding(**values)  # type: ignore[arg-type]


def _setting_text(value: str, key: str, where: str) -> str:
    found = UNSAFE.search(value) or re.search(r"[\n\t]", value)
    if found and found.group() in "\n\t":
        raise DrafterError(f"In {where}, {key} should be one line, without line breaks or tabs.")
    if found:
        raise DrafterError(
            f"In {where}, {key} holds {describe(found.group())}, which no document can "
            "hold; retype it."
        )
    if len(value) > MAX_SETTING:
        raise DrafterError(
            f"In {where}, {key} is {len(value)} characters long; "
            f"it should fit on one line (at most {MAX_SETTING})."
        )
    return value.strip()


def read_logo(path: Path, limits: Limits | None = None) -> Logo:
    """The logo file, checked by its bytes; Refused (saying why) if it is not a usable picture."""
    limit = (limits or Limits()).asset_bytes
    if not path.exists():
        raise Refused("asset", "does not exist", "Check the path.")
    if not path.is_file():
        raise Refused("asset", "is not a file", "Name a PNG, JPEG or SVG file.")
    try:
        data = FILESYSTEM.read_bytes(path, limit)
    except TooLarge as e:
        raise Refused(
            "asset",
            f"is larger than {limit // MB} MB",
            "Use a smaller picture; a logo is normally well under 1 MB.",
        ) from e
    except OSError as e:
        raise Refused("asset", f"cannot be read: {e.strerror}") from e
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Logo(path, "image/png", data)
    if data.startswith(b"\xff\xd8\xff"):
        return Logo(path, "image/jpeg", data)
    reason = _svg_problem(data)
    if reason is None:
        return Logo(path, "image/svg+xml", data)
    raise Refused("asset", reason, "Use a PNG, JPEG or plain SVG file.")


def _svg_problem(data: bytes) -> str | None:
    """Why the bytes are not a self-contained SVG picture, or None when they are one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "is not a PNG, JPEG or SVG picture (judged by its content, not its name)"
    if _SVG_ACTIVE.search(text):
        return "declares a document type, entities or style sheets, which drafter refuses"
    import xml.etree.ElementTree as ET  # here: only a logo is checked with it

    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return "is not a PNG, JPEG or SVG picture (judged by its content, not its name)"
    if root.tag != f"{SVG_NS}svg":
        return "is not a PNG, JPEG or SVG picture (judged by its content, not its name)"
    for element in root.iter():
        local = str(element.tag).rsplit("}", 1)[-1]
        if local in ("script", "foreignObject"):
            return f"holds a <{local}> element, which drafter refuses in a logo"
        texts = [element.text or ""] if local == "style" else []
        for name, value in element.attrib.items():
            attribute = name.rsplit("}", 1)[-1]
            if attribute.lower().startswith("on"):
                return f"holds a script ({attribute}), which drafter refuses in a logo"
            if attribute == "href" and not value.strip().startswith("#"):
                return f"refers to another file ({value[:60]}); a logo must be self-contained"
            texts.append(value)
        for found in _CSS_URL.findall(" ".join(texts)):
            if not found.startswith("#"):
                return f"refers to another file ({found[:60]}); a logo must be self-contained"
    return None
