"""HTML back end: the render context through Jinja2 templates into one self-contained page.

Bundled templates live in `drafter/templates/`; a file of the same name in the
project's templates folder replaces its namesake (a Jinja `ChoiceLoader`). Undefined
variables are errors (`StrictUndefined`), so a template typo never prints blank text.
The same HTML, with its print stylesheet, is what WeasyPrint lays out as the PDF.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..context import RenderContext
from ..errors import RenderError
from . import RenderOptions

MAIN_TEMPLATE = "document.html"


def css_string(value: object) -> str:
    """A Python string as a quoted CSS string, safe inside a <style> element."""
    text = str(value)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\n", "\\A ").replace("<", "\\3C ").replace(">", "\\3E ")
    return f'"{text}"'


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


def data_uri(path: Path | None) -> str | None:
    """A small file (the logo) as a data: URI, so the HTML stands alone."""
    if path is None:
        return None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    try:
        data = path.read_bytes()
    except OSError as e:
        raise RenderError(f"the logo {path} cannot be read: {e.strerror}.") from e
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


@lru_cache(maxsize=8)
def environment(project_templates: Path | None) -> jinja2.Environment:
    """The Jinja environment: project templates first, then the bundled ones."""
    loaders: list[jinja2.BaseLoader] = []
    if project_templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(project_templates)))
    loaders.append(jinja2.PackageLoader("drafter", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
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
        return template.render(ctx=ctx, logo=data_uri(ctx.branding.logo), stamp=stamp)
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
