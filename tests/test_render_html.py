"""The HTML document: every part laid out from the context, templates and branding."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html as lxml_html

from drafter.config import Branding, read_logo
from drafter.errors import RenderError
from drafter.load import load
from drafter.render import RenderOptions, context_for
from drafter.render.html import css_string, page_content, render_html

from .conftest import AGREEMENTS, FIXTURES

FIXTURE = FIXTURES / "render-laa2008.yaml"
OPTIONS = RenderOptions(today=dt.date(2008, 6, 30))


def render(path: Path = FIXTURE, options: RenderOptions = OPTIONS, **kw: bool) -> str:
    return render_html(context_for(load(path), options, **kw), options)


@pytest.fixture(scope="module")
def page() -> str:
    return render()


@pytest.fixture(scope="module")
def tree(page: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(page)


def text_of(el: lxml_html.HtmlElement) -> str:
    return " ".join(" ".join(el.itertext()).split())


def section(tree: lxml_html.HtmlElement, heading: str) -> lxml_html.HtmlElement:
    """The <section> whose h1 reads `heading` (e.g. '7 Funding')."""
    for h1 in tree.iter("h1"):
        if text_of(h1) == heading:
            return h1.getparent()
    raise AssertionError(f"no section {heading!r}")


def rows(table: lxml_html.HtmlElement) -> list[list[str]]:
    return [[text_of(c) for c in tr.xpath("./td")] for tr in table.xpath("./tbody/tr")]


def test_document_language_title_and_dates(tree: lxml_html.HtmlElement) -> None:
    assert tree.get("lang") == "en-GB"
    assert tree.findtext(".//title") == "Testshire Local Area Agreement 2008–11"
    meta = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
    assert meta["dcterms.created"] == "2008-06-30T00:00:00Z"
    assert meta["description"] == "Local Area Agreement for Testshire, 2008/09 to 2010/11"
    assert meta["keywords"] == "Local Area Agreement, Testshire, 2008/09 to 2010/11, version 0.3"


def test_time_keywords_and_subtitle_come_from_the_context() -> None:
    ctx = context_for(load(FIXTURE), OPTIONS)
    changed = replace(
        ctx,
        timestamp=dt.datetime(2008, 6, 30, 14, 30, tzinfo=dt.UTC),
        keywords="Keywords from the context",
        cover=replace(ctx.cover, subtitle="A subtitle from the context"),
    )
    tree = lxml_html.fromstring(render_html(changed, OPTIONS))
    meta = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
    assert meta["dcterms.created"] == meta["dcterms.modified"] == "2008-06-30T14:30:00Z"
    assert meta["keywords"] == "Keywords from the context"
    assert text_of(tree.find_class("cover-subtitle")[0]) == "A subtitle from the context"


def test_cover(tree: lxml_html.HtmlElement) -> None:
    cover = tree.find_class("cover")[0]
    assert text_of(cover.find_class("cover-title")[0]) == "Testshire Local Area Agreement 2008–11"
    facts = {text_of(tr[0]): text_of(tr[1]) for tr in cover.iter("tr")}
    assert facts["Government Office"] == "Government Office for the West Midlands"
    assert facts["Status"] == "Draft"


def test_contents_links_every_section(tree: lxml_html.HtmlElement) -> None:
    links = tree.find_class("contents")[0].xpath("./ol/li/a")
    targets = [a.get("href") for a in links]
    assert targets[0] == "#sec-1" and len(targets) == 12
    for href in targets:
        assert tree.get_element_by_id(href[1:]).tag == "h1"


def test_contents_on_screen_list_each_themes_outcomes(tree: lxml_html.HtmlElement) -> None:
    entry = tree.find_class("contents")[0].xpath("./ol/li")[3]
    assert text_of(entry.find("a")) == "4 Children and young people"
    nested = entry.xpath("./ol[@class='screen-only']/li/a")
    outcomes = section(tree, "4 Children and young people").xpath(
        ".//section[contains(@class, 'level-2')]"
    )
    assert [a.get("href") for a in nested] == [f"#{o.get('id')}" for o in outcomes]
    assert text_of(nested[0]).startswith("4.1 Fewer young people")


def test_an_lpsa_contents_list_the_priorities_of_schedule_1() -> None:
    tree = lxml_html.fromstring(render(AGREEMENTS / "millbrook-lpsa2.yaml"))
    entries = tree.find_class("contents")[0].xpath("./ol/li")
    schedule = next(e for e in entries if "Schedule 1" in text_of(e.find("a")))
    nested = [text_of(a) for a in schedule.xpath("./ol/li/a")]
    assert nested[0] == "7.1 A safer city" and len(nested) == 4


def test_every_section_leads_back_to_the_contents(tree: lxml_html.HtmlElement) -> None:
    main = tree.find(".//main")
    for part in main.xpath("./section"):
        back = part.getnext()
        assert back.get("class") == "back-to-contents screen-only"
        assert back.find("a").get("href") == "#contents-title"
    assert len(main.xpath("./section")) == 12
    assert tree.get_element_by_id("contents-title").tag == "h1"


def test_every_data_table_is_named_by_its_caption_and_scrolls_in_its_own_box(
    tree: lxml_html.HtmlElement,
) -> None:
    tables = tree.xpath("//table[contains(@class, 'data')]")
    assert len(tables) > 10
    ids = [el.get("id") for el in tree.xpath("//*[@id]")]
    assert len(ids) == len(set(ids)), "ids are unique"
    for table in tables:
        box = table.getparent()
        caption = table.find("caption")
        assert box.get("class") == "table-scroll" and box.get("tabindex") == "0"
        assert box.get("role") == "region"
        assert box.get("aria-labelledby") == caption.get("id") and text_of(caption)
    # A caption the heading above says already is for assistive technology only.
    funding = section(tree, "8 Funding")
    assert funding.find(".//caption").get("class") == "visually-hidden"
    outcome = section(tree, "4 Children and young people").find(".//caption")
    assert text_of(outcome) == "Indicators and targets for outcome 4.1"
    assert outcome.get("class") == "screen-only"


def test_figures_joined_by_a_dash_are_kept_whole_on_screen() -> None:
    tree = lxml_html.fromstring(render(AGREEMENTS / "hartsmoor-laa-2008-refresh.yaml"))
    kept = [text_of(k) for k in tree.find_class("keep")]
    assert "(2004–06;" in kept
    assert all(re.search(r"\d[‐-—-]\d", k) for k in kept)


def test_vision(tree: lxml_html.HtmlElement) -> None:
    s = section(tree, "2 Vision and priorities")
    assert "A place where everyone can get on." in text_of(s)
    assert [text_of(li) for li in s.xpath(".//ol/li")] == ["Narrow the gap", "Safer streets"]


def test_partners(tree: lxml_html.HtmlElement) -> None:
    s = section(tree, "3 Parties and partners")
    assert rows(s.find(".//table[@class='data']"))[2] == ["Testshire Police", "police", "—", "Yes"]


def test_theme_outcome_and_indicator_table(tree: lxml_html.HtmlElement) -> None:
    s = section(tree, "4 Children and young people")
    assert text_of(s.find(".//h2")).startswith("4.1 Fewer young people")
    table = s.find(".//table[@class='data']")
    # The baselines are of different years: the heading names none, each cell its own.
    assert [text_of(th) for th in table.xpath("./thead/tr/th")][3:8] == [
        "Baseline",
        "2008/09",
        "2009/10",
        "2010/11",
        "Kind and status",
    ]
    body = rows(table)
    assert body[0][3:7] == ["7.9% (2006/07)", "7.5%", "7.0%", "6.5%"]
    cells = table.xpath("./tbody/tr[2]/td")
    assert cells[3].get("class") == "placeholder"
    assert re.fullmatch(r"To follow \(R\d+\)", text_of(cells[3]))
    assert cells[-1].get("class") == "status"
    assert cells[5].get("class") == "relative"
    assert table.xpath("./tbody/tr[1]/td[4]")[0].get("class") == "number"


def test_reward_pairs_get_two_header_rows_and_a_landscape_page() -> None:
    tree = lxml_html.fromstring(render(AGREEMENTS / "millbrook-lpsa2.yaml"))
    table = tree.find_class("theme")[0].find(".//table[@class='data wide-table']")
    head = table.xpath("./thead/tr")
    assert len(head) == 2
    assert [text_of(th) for th in head[1]][:2] == ["Without the Local PSA", "With the Local PSA"]
    assert head[0][4].get("colspan") == "2"
    # An LPSA's priorities sit inside Schedule 1, which takes the landscape pages.
    assert "wide" in tree.find_class("targets")[0].get("class").split()


def test_statutory_and_local(tree: lxml_html.HtmlElement) -> None:
    stat = section(tree, "6 Statutory education and early years targets")
    assert rows(stat.find(".//table"))[0][0:2] == [
        "6.1",
        "NI 72: Achievement of at least 78 points across the Early Years Foundation "
        "Stage with at least 6 in each of the scales in Personal Social and Emotional "
        "Development and Communication, Language and Literacy",
    ]
    local = section(tree, "7 Local targets")
    assert rows(local.find(".//table"))[0][0] == "4.1.3"


def test_funding_totals(tree: lxml_html.HtmlElement) -> None:
    s = section(tree, "8 Funding")
    assert [text_of(h) for h in s.iter("h2")] == [
        "Funding streams",
        "Totals by treatment",
        "Totals by department",
        "Totals by theme",
    ]
    streams = s.find(".//table")
    total = streams.xpath("./tbody/tr[@class='total']")[0]
    assert [text_of(td) for td in total][-1] == "£4,100,000.50"


def test_freedoms_grouped(tree: lxml_html.HtmlElement) -> None:
    s = section(tree, "9 Freedoms and flexibilities")
    assert [text_of(h) for h in s.iter("h2")] == [
        "Summary of the requests",
        "Agreed",
        "Under discussion",
        "Refused",
        "Other answers",
    ]
    refused = s.find_class("refused")[0]
    assert "Reason for refusal Needs primary legislation change" in text_of(refused)


def test_reward(tree: lxml_html.HtmlElement) -> None:
    s = section(tree, "10 Reward")
    assert "Maximum reward grant £120,000 (3 × £40,000)" in text_of(s)


def test_governance(tree: lxml_html.HtmlElement) -> None:
    s = section(tree, "11 Governance and delivery")
    assert [text_of(h) for h in s.iter("h2")] == [
        "Partnership structure",
        "Performance management",
        "Risk",
        "Delivery plan",
    ]


def test_signatures(tree: lxml_html.HtmlElement) -> None:
    blocks = tree.find_class("signature")
    assert [text_of(b.find("h2")) for b in blocks] == [
        "For Testshire Council",
        "For the Secretary of State for Communities and Local Government (HM Government)",
    ]
    lines = [text_of(td) for td in blocks[0].iter("td")]
    assert lines == ["", "A Leader", "Leader of the Council", ""]  # blank lines to sign on


def test_draft_mark_and_running_header_footer(page: str, tree: lxml_html.HtmlElement) -> None:
    assert text_of(tree.find_class("watermark")[0]) == "DRAFT"
    # Running heads are elements of the page, placed in the margins; never CSS strings.
    assert text_of(tree.find_class("head-left")[0]) == "Testshire Local Area Agreement 2008–11"
    assert text_of(tree.find_class("head-right")[0]) == "Version 0.3 · Draft"
    assert "content: element(head-left);" in page
    assert "counter(page)" in page and "counter(pages)" in page


def test_incomplete_mark_when_forced() -> None:
    tree = lxml_html.fromstring(render(incomplete=True))
    assert text_of(tree.find_class("watermark")[0]) == "INCOMPLETE"
    assert text_of(tree.find_class("notice")[0]).startswith("INCOMPLETE:")


def test_text_is_escaped() -> None:
    ctx = context_for(load(FIXTURE), OPTIONS)
    ctx = type(ctx)(**{**ctx.__dict__, "title": "Testshire <b>& partners</b>"})
    page = render_html(ctx, OPTIONS)
    assert "<title>Testshire &lt;b&gt;&amp; partners&lt;/b&gt;</title>" in page


def test_branding_colours_and_logo(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    options = RenderOptions(
        today=dt.date(2008, 6, 30),
        branding=Branding(
            organisation="Testshire Partnership",
            logo=read_logo(logo),
            primary="#336699",
            accent="#AA3300",
            footer="Testshire Partnership",
        ),
    )
    page = render(options=options)
    assert "background: #336699" in page and "#AA3300" in page
    tree = lxml_html.fromstring(page)
    assert tree.find_class("logo")[0].get("src").startswith("data:image/png;base64,")
    assert text_of(tree.find_class("organisation")[0]) == "Testshire Partnership"


def test_project_template_overrides_its_namesake(tmp_path: Path) -> None:
    (tmp_path / "cover.html").write_text(
        '<section class="cover"><p class="custom">{{ ctx.cover.area }} — our own cover</p>'
        "</section>\n",
        encoding="utf-8",
    )
    page = render(options=RenderOptions(today=dt.date(2008, 6, 30), project_templates=tmp_path))
    assert '<p class="custom">Testshire — our own cover</p>' in page
    assert "Parties and partners</h1>" in page  # the other parts still come from the bundle


def test_template_mistakes_are_render_errors(tmp_path: Path) -> None:
    (tmp_path / "cover.html").write_text("<p>{{ ctx.cover.no_such_field }}</p>\n", encoding="utf-8")
    with pytest.raises(RenderError, match="no_such_field"):
        render(options=RenderOptions(project_templates=tmp_path))
    (tmp_path / "cover.html").write_text("<p>{% if %}</p>\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"cover\.html, line 1"):
        render(options=RenderOptions(project_templates=tmp_path))


def test_source_date_epoch_makes_output_repeatable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1214784000")  # 30 June 2008
    first = render(options=RenderOptions())
    second = render(options=RenderOptions())
    assert first == second
    assert '<meta name="dcterms.created" content="2008-06-30T00:00:00Z" />' in first
    # The moment itself, as the Word and PDF files carry it, not midnight of its day.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1214836200")  # 30 June 2008, 14:30
    assert '<meta name="dcterms.created" content="2008-06-30T14:30:00Z" />' in render(
        options=RenderOptions()
    )


def test_css_helpers() -> None:
    # Everything but letters, digits and spaces is escaped, so nothing can end the string.
    assert css_string('Say "hi" </style>\\\r') == (
        '"Say \\000022hi\\000022 \\00003C\\00002Fstyle\\00003E\\00005C\\00000A"'
    )
    assert page_content("Page {page} of {pages}") == ('"Page " counter(page) " of " counter(pages)')


def test_branding_from_drafter_toml_reaches_the_document(tmp_path: Path) -> None:
    from drafter.config import load_branding

    (tmp_path / "drafter.toml").write_text(
        '[branding]\nprimary_colour = "#6B2C91"\nfooter = "Testshire Together"\n',
        encoding="utf-8",
    )
    options = RenderOptions(today=dt.date(2008, 6, 30), branding=load_branding(tmp_path))
    page = render(options=options)
    assert "background: #6B2C91" in page
    assert text_of(lxml_html.fromstring(page).find_class("foot-left")[0]) == "Testshire Together"
    assert "Testshire Together" not in page.split("</style>")[0]  # never in the stylesheet


def test_the_page_is_made_once_for_html_and_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    import drafter.render.html as html_module

    made: list[object] = []
    real = html_module._render_page

    def counted(ctx: object, templates: Path | None) -> str:
        made.append(ctx)
        return real(ctx, templates)  # type: ignore[arg-type]

    monkeypatch.setattr(html_module, "_render_page", counted)
    ctx = context_for(load(FIXTURE), OPTIONS)
    first = render_html(ctx, OPTIONS)
    assert render_html(ctx, OPTIONS) == first  # the PDF back end asks again: not remade
    assert len(made) == 1
    other = replace(ctx, title=ctx.title + " (revised)")  # another context: made afresh
    assert render_html(other, OPTIONS) != first
    assert len(made) == 2
