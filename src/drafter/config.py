"""Project settings: branding (organisation, logo, colours, footer) from `drafter.toml`.

A project may put a `drafter.toml` beside its agreements with a `[branding]` table:

    [branding]
    organisation = "Northfleet Borough Council"
    logo = "images/logo.png"        # relative to the project folder
    primary_colour = "#1F4E79"      # headings, table header rows
    accent_colour = "#C55A11"       # rules, the cover band
    footer = "Northfleet Partnership"

Every key is optional; without the file the defaults below are used.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import DrafterError

CONFIG_NAME = "drafter.toml"
COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

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
}


@dataclass(frozen=True)
class Branding:
    """How documents look for one organisation; every field has a sensible default."""

    organisation: str | None = None  # None: the agreement's accountable body is used
    logo: Path | None = None  # absolute path to a PNG, JPEG or SVG file
    primary: str = DEFAULT_PRIMARY  # '#RRGGBB': headings and table header rows
    accent: str = DEFAULT_ACCENT  # '#RRGGBB': rules and the cover band
    footer: str | None = None  # text at the foot of every page, left of the page number


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
    project = path.parent
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise DrafterError(f"{where} cannot be read: {e}.") from e
    except tomllib.TOMLDecodeError as e:
        raise DrafterError(f"{where} is not valid TOML: {e}.") from e
    table = data.get("branding", {})
    if not isinstance(table, dict):
        raise DrafterError(f"In {where}, 'branding' should be a table: [branding].")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise DrafterError(
            f"In {where}, [branding] has unknown setting(s): {', '.join(unknown)}. "
            f"Known settings: organisation, logo, primary_colour, accent_colour, footer."
        )
    values: dict[str, object] = {}
    for key, value in table.items():
        name = _KEYS[key]
        if name in ("primary", "accent"):
            values[name] = _colour(value, key, where)
        elif not isinstance(value, str) or not value.strip():
            raise DrafterError(f"In {where}, {key} should be text in quotes.")
        elif name == "logo":
            logo = (project / value).resolve()
            if not logo.is_file():
                raise DrafterError(f"In {where}, the logo file {value} does not exist.")
            values[name] = logo
        else:
            values[name] = value.strip()
    return Branding(**values)  # type: ignore[arg-type]
