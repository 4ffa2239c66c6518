"""HTML back end: the render context through Jinja2 templates into one self-contained page.

Bundled templates live in `drafter/templates/`; a file of the same name in the
project's templates folder replaces its namesake (a Jinja `ChoiceLoader`). Undefined
variables are errors (`StrictUndefined`), so a template typo never prints blank text.
The same HTML, with its print stylesheet, is what WeasyPrint lays out as the PDF.

Agreement text reaches the page only as escaped HTML text: every printed value is
cleaned of characters no document can hold, no agreement text is put into the
stylesheet (running heads are elements of the page), templates run sandboxed, and the
page's Content-Security-Policy lets a browser load nothing but the embedded logo.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from markupsafe import Markup, escape

from ..chars import clean
from ..config import COLOUR_RE, Logo
from ..context import RenderContext
from ..errors import RenderError
from . import RenderOptions

MAIN_TEMPLATE = "document.html"
BUNDLED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_CSS_PLAIN = re.compile(r"[A-Za-z0-9 ]")


def css_string(value: object) -> str:
    """A Python string as a quoted CSS string: everything but letters, digits and spaces escaped.

    Only drafter's own wording ('Page … of …') goes through it; agreement text never
    reaches the stylesheet.
    """
    return (
        '"'
        + "".join(c if _CSS_PLAIN.match(c) else f"\\{ord(c):06X}" for c in clean(str(value)))
        + '"'
    )


def css_colour(value: object) -> str:
    """A '#RRGGBB' colour for the stylesheet; anything else is refused (not printed)."""
    text = str(value)
    if not COLOUR_RE.match(text):
        raise RenderError(f"{text[:40]!r} is not a colour; write it like #1F4E79.")
    return text


def page_content(fmt: str) -> str:
    """'Page {page} of {pages}' → the CSS content value with page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", fmt)
    out = []
    for part in parts:
        if part == "{page}":
            out.append("counter(page)")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(css_string(part))
    return " ".join(out)


YEAR_SPAN = re.compile(r"\b(\d{4}[–-]\d{2})\b")


def keep_years(text: str) -> Markup:
    """Escape text, keeping a span like '2008–11' on one line (a title must not end '2008–')."""
    parts = YEAR_SPAN.split(str(text))
    out = Markup("")
    for i, part in enumerate(parts):
        out += Markup('<span class="nowrap">{}</span>').format(part) if i % 2 else escape(part)
    return out


def data_uri(logo: Logo | None) -> str | None:
    """The checked logo as a data: URI, so the HTML stands alone."""
    if logo is None:
        return None
    return f"data:{logo.media_type};base64,{base64.b64encode(logo.data).decode('ascii')}"


def printable(value: object) -> object:
    """Every value a template prints, cleaned of characters no document can hold."""
    if isinstance(value, Markup):
        return Markup(clean(str(value)))
    if isinstance(value, str):
        return clean(value)
    return value


class _ProjectLoader(jinja2.FileSystemLoader):
    """A project's templates folder; a template linked from outside it is refused."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder.resolve()

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        source = super().get_source(environment, template)
        if not Path(source[1]).resolve().is_relative_to(self.folder):
            raise RenderError(
                f"the template {template} in {self.folder} is a link to a file outside "
                "that folder, which drafter does not read."
            )
        return source


@lru_cache(maxsize=8)
def environment(project_templates: Path | None) -> jinja2.Environment:
    """The Jinja environment: project templates first, then the bundled ones.

    Sandboxed, so that a template (a project's own, too) can print the context but
    cannot reach Python's internals.
    """
    loaders: list[jinja2.BaseLoader] = []
    if project_templates is not None:
        loaders.append(_ProjectLoader(project_templates))
    loaders.append(jinja2.PackageLoader("drafter", "templates"))
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=printable,
    )
    env.filters["css_string"] = css_string
    env.filters["css_colour"] = css_colour
    env.filters["page_content"] = page_content
    env.filters["keep_years"] = keep_years
    return env


def render_html(ctx: RenderContext, options: RenderOptions) -> str:
    """The agreement as an HTML document (text)."""
    templates = options.project_templates.resolve() if options.project_templates else None
    env = environment(templates)
    stamp = ctx.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        template = env.get_template(MAIN_TEMPLATE)
        return template.render(ctx=ctx, logo=data_uri(ctx.cover.logo), stamp=stamp)
    except jinja2.exceptions.SecurityError as e:
        raise RenderError(f"a template tried something templates may not do: {e}.") from e
    except jinja2.TemplateError as e:
        where = (
            f" ({e.filename}, line {e.lineno})"
            if isinstance(e, jinja2.TemplateSyntaxError) and e.filename
            else ""
        )
        raise RenderError(f"the HTML template could not be used{where}: {e.message}.") from e


def build_html(ctx: RenderContext, options: RenderOptions) -> bytes:
    """Format builder: the HTML document as UTF-8 bytes."""
    return render_html(ctx, options).encode("utf-8")
