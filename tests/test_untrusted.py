"""Untrusted text and templates in the back ends: nothing crashes, nothing is fetched.

Validation refuses such agreements; these tests render them anyway (as --force would),
because the back ends clean what they print as well (defence in depth).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
import yaml

from drafter.chars import UNSAFE, clean, shown
from drafter.config import Branding, read_logo
from drafter.errors import RenderError
from drafter.load import load
from drafter.render import RenderOptions, context_for
from drafter.render.docx import build_docx
from drafter.render.html import render_html
from drafter.render.pdf import build_pdf
from drafter.validate import validate

from .badinput import GOOD
from .extract import pdf_text

DAY = dt.date(2006, 6, 30)
OPTIONS = RenderOptions(force=True, today=DAY)
# Every kind of character no format holds. YAML cannot carry a lone surrogate (both
# parsers refuse the escape), so that one is put straight into the render context.
EVIL = "A\rB\x0cC\x01D\x1b[31mE\ufffeF\uffffGH\ufdd0I\U0010ffffJ"
SURROGATE = "half \ud800 pair"
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def agreement_with(tmp_path: Path, **fields: object) -> Path:
    """The corpus's good agreement (its part inlined) with some top-level fields replaced."""
    data = load(GOOD / "agreement.yaml").raw
    data.update(fields)
    path = tmp_path / "agreement.yaml"
    # allow_unicode=False: every character is written as an escape, surrogates too
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="ascii")
    return path


def test_characters_no_format_holds_are_cleaned() -> None:
    assert clean(EVIL) == "A\nB\nCD[31mEFGHIJ"
    assert clean(SURROGATE) == "half  pair"
    assert not UNSAFE.search(clean(EVIL))
    assert shown("red \x1b[31m\x9b") == "red <U+001B>[31m<U+009B>"


def test_forced_render_of_unholdable_text_makes_every_format(tmp_path: Path) -> None:
    path = agreement_with(tmp_path, title=EVIL, version=EVIL, vision=EVIL)
    data = yaml.safe_load(path.read_text())
    data["area"]["name"] = data["area"]["accountable_body"] = data["area"]["kind"] = EVIL
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="ascii")
    loaded = load(path)
    assert loaded.agreement is not None
    s007 = [p for p in validate(loaded) if p.code == "S007"]
    assert len(s007) == 6 and all(p.position.line > 0 for p in s007)
    ctx = context_for(loaded, OPTIONS, incomplete=True)
    ctx = replace(ctx, subject=SURROGATE, running=replace(ctx.running, footer_left=SURROGATE))
    html = render_html(ctx, OPTIONS)
    assert not UNSAFE.search(html)
    document = docx.Document(io.BytesIO(build_docx(ctx, OPTIONS)))
    assert document.core_properties.title.startswith("A B CD[31mEFGHIJ")
    assert not UNSAFE.search(document.core_properties.title)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(build_pdf(ctx, OPTIONS))
    assert "CD[31mEFGHIJ" in pdf_text(pdf).replace("\n", "")


def test_word_properties_are_shortened_not_refused(tmp_path: Path) -> None:
    title = "Corpusford " + "very " * 80 + "long title"
    path = agreement_with(tmp_path, title=title)
    loaded = load(path)
    assert [p.code for p in validate(loaded) if p.severity == "error"] == []
    ctx = context_for(loaded, OPTIONS)
    data = build_docx(ctx, OPTIONS)
    core = docx.Document(io.BytesIO(data)).core_properties
    for value in (core.title, core.subject, core.keywords):
        assert len(value) <= 255
    assert core.title.endswith("…") and core.title.startswith("Corpusford very")
    custom = zipfile.ZipFile(io.BytesIO(data)).read("docProps/custom.xml").decode()
    assert all(len(v) <= 255 for v in re.findall(r"<vt:lpwstr>(.*?)</vt:lpwstr>", custom))


def test_markup_and_template_syntax_stay_text(tmp_path: Path) -> None:
    vision = "</style><script>alert(1)</script> {{ 7 * 7 }} {% if true %}yes{% endif %} } @import"
    path = agreement_with(tmp_path, vision=vision, title="<b>Corpusford</b> {{ ctx.title }}")
    ctx = context_for(load(path), OPTIONS)
    html = render_html(ctx, OPTIONS)
    style = html.split("<style>")[1].split("</style>")[0]
    assert "Corpusford" not in style and "alert" not in style  # no agreement text in CSS
    assert "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt; {{ 7 * 7 }}" in html
    assert "<script>" not in html and "49" not in html
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(build_docx(ctx, OPTIONS))).paragraphs)
    assert "</style><script>alert(1)</script> {{ 7 * 7 }} {% if true %}yes{% endif %}" in text


def test_the_html_page_lets_a_browser_load_nothing(tmp_path: Path) -> None:
    html = render_html(context_for(load(GOOD / "agreement.yaml"), OPTIONS), OPTIONS)
    assert "default-src 'none'; img-src data:" in html


def template_folder(tmp_path: Path, cover: str) -> RenderOptions:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "cover.html").write_text(cover, encoding="utf-8")
    return RenderOptions(force=True, today=DAY, project_templates=folder)


@pytest.mark.parametrize(
    "src",
    [
        "http://example.invalid/logo.png",
        "file:///etc/hostname",
        "../../../../../../etc/hostname",
        "//example.invalid/x.png",
    ],
)
def test_the_pdf_engine_fetches_nothing_outside(tmp_path: Path, src: str) -> None:
    options = template_folder(tmp_path, f'<section class="cover"><img src="{src}"></section>')
    ctx = context_for(load(GOOD / "agreement.yaml"), options)
    with pytest.raises(RenderError, match="which drafter does not fetch"):
        build_pdf(ctx, options)


def test_the_pdf_engine_serves_the_templates_folder_and_the_logo(tmp_path: Path) -> None:
    from PIL import Image

    options = template_folder(
        tmp_path, '<section class="cover"><img src="seal.png"><p>Our cover</p></section>'
    )
    Image.new("RGB", (8, 8), "red").save(tmp_path / "templates" / "seal.png")
    Image.new("RGB", (8, 8), "navy").save(tmp_path / "logo.png")
    branding = Branding(logo=read_logo(tmp_path / "logo.png"))
    options = RenderOptions(
        force=True, today=DAY, project_templates=options.project_templates, branding=branding
    )
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(build_pdf(context_for(load(GOOD / "agreement.yaml"), options), options))
    assert "Our cover" in pdf_text(pdf)


@pytest.mark.parametrize(
    "cover",
    [
        "{{ ctx.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ ctx.title.__class__.__subclasses__() }}",
    ],
)
def test_templates_cannot_reach_python(tmp_path: Path, cover: str) -> None:
    options = template_folder(tmp_path, cover)
    ctx = context_for(load(GOOD / "agreement.yaml"), options)
    with pytest.raises(RenderError):
        render_html(ctx, options)


def test_a_template_linked_from_outside_its_folder_is_refused(tmp_path: Path) -> None:
    options = template_folder(tmp_path, "")
    assert options.project_templates is not None
    (options.project_templates / "cover.html").unlink()
    (options.project_templates / "cover.html").symlink_to("/etc/hostname")
    ctx = context_for(load(GOOD / "agreement.yaml"), options)
    with pytest.raises(RenderError, match="outside that folder"):
        render_html(ctx, options)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('footer = "two\\nlines"', "one line"),
        ('organisation = "x\\u0007y"', "control character"),
        (f'footer = "{"x" * 201}"', "at most 200"),
    ],
)
def test_settings_texts_are_one_line_of_ordinary_text(
    tmp_path: Path, setting: str, message: str
) -> None:
    from drafter.config import load_branding
    from drafter.errors import DrafterError

    (tmp_path / "drafter.toml").write_text(f"[branding]\n{setting}\n", encoding="utf-8")
    with pytest.raises(DrafterError, match=message):
        load_branding(tmp_path)


@pytest.mark.parametrize(
    ("svg", "refused"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', None),
        ('<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/></svg>', None),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "script"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "script"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png,A"/></svg>',
            "another file",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" style="fill: url(http://x.invalid/)"/>',
            "another file",
        ),
        (
            '<?xml-stylesheet href="http://x.invalid/s.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "style sheets",
        ),
        ("<html><body>not a picture</body></html>", "not a PNG"),
    ],
)
def test_an_svg_logo_must_be_self_contained(tmp_path: Path, svg: str, refused: str | None) -> None:
    from drafter.boundary import Refused

    logo = tmp_path / "logo.svg"
    logo.write_text(svg, encoding="utf-8")
    if refused is None:
        assert read_logo(logo).media_type == "image/svg+xml"
    else:
        with pytest.raises(Refused, match=refused):
            read_logo(logo)


def test_a_file_name_that_is_not_text_still_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from drafter.cli import main

    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    name = b"\xff\x1b[31m.yaml".decode("utf-8", "surrogateescape")  # any bytes but '/'
    (tmp_path / "agreement.yaml").rename(tmp_path / name)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        main(["render", name, "--out", "out", "--today", "2006-06-30"])
    assert done.value.code == 0
    said = capsys.readouterr().out
    assert "\x1b" not in said and "<U+001B>" in said  # nothing reaches the terminal raw
    assert len(list((tmp_path / "out").iterdir())) == 3


def test_a_colour_that_is_not_a_colour_never_reaches_the_stylesheet() -> None:
    branding = Branding(primary="red; } body { background: url(http://x.invalid/) }")
    options = RenderOptions(force=True, today=DAY, branding=branding)
    with pytest.raises(RenderError, match="is not a colour"):
        render_html(context_for(load(GOOD / "agreement.yaml"), options), options)
