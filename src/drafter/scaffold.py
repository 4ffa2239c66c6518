"""Starting files for `drafter new`: a commented skeleton agreement for each generation.

The skeleton is written as text rather than dumped from the model so that it can carry
comments explaining each section to a council officer. It loads without structural
problems; `drafter validate` then lists only what is still to be filled in.
"""

from __future__ import annotations

import json
import re
import textwrap

from .context.wording import GOVERNMENT_PARTY, KIND_NAMES, REGION_NAMES, span_label
from .model import Generation, Period, Region, year_label
from .reference import statutory_indicators

PARTNER = "council"  # id of the one partner every skeleton starts with

# The short form of the kind in the agreement's id: castle-vale-laa-2008.
_ID_KIND = {Generation.LAA2008: "laa", Generation.LAA2006: "laa", Generation.LPSA: "lpsa"}

_GOVERNMENT_ROLE = {
    Generation.LAA2008: "e.g. Secretary of State, or the Minister signing on their behalf",
    Generation.LAA2006: "e.g. Regional Director, Government Office",
    Generation.LPSA: "e.g. Regional Director, Government Office",
}

# The four blocks of a 2006–09 LAA, with an example mandatory outcome for each.
_BLOCKS = [
    ("cyp", "CYP", "Children and Young People", "Children and young people are safe"),
    (
        "ssc",
        "SSC",
        "Safer and Stronger Communities",
        "Reduce crime and the harm caused by illegal drugs, and reassure the public",
    ),
    (
        "hcop",
        "HCOP",
        "Healthier Communities and Older People",
        "Improved health and reduced health inequalities",
    ),
    (
        "ede",
        "EDE",
        "Economic Development and Enterprise",
        "Increase entrepreneurial activity in the most deprived areas",
    ),
]


def skeleton(generation: Generation, area: str, region: Region | None, start_year: int) -> str:
    """A commented starting agreement for this generation and area, as YAML text."""
    area = " ".join(area.split())  # the name also appears in comments: keep it on one line
    period = Period(start=year_label(start_year), end=year_label(start_year + 2))
    parts = [_header(generation, area, region, start_year, period), _partners(area)]
    if generation == Generation.LAA2008:
        parts += [_themes_2008(period), _statutory(period, start_year)]
    elif generation == Generation.LAA2006:
        parts.append(_blocks_2006(period, start_year))
    else:
        parts.append(_stretch_targets(period, start_year))
    parts += [_funding(generation), _freedoms(), _reward(generation), _closing(generation)]
    return "\n".join(parts)


# ---------------------------------------------------------------- pieces


def _q(text: str) -> str:
    """Text as a double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _slug(area: str) -> str:
    words = re.findall(r"[a-z0-9]+", area.lower())
    return "-".join(words) or "area"


def _header(
    generation: Generation, area: str, region: Region | None, start_year: int, period: Period
) -> str:
    short, long = _ID_KIND[generation], KIND_NAMES[generation]
    span = span_label(period.start, period.end)
    draft = f"{start_year - 1}-10-01"  # autumn before the period: when drafting usually began
    region_line = (
        f"  region: {region.value}  # {REGION_NAMES[region]}"
        if region
        else "  region:  # Government Office region: GONE, GONW, GOYH, GOEM, GOWM, "
        "GOEE, GOL, GOSE or GOSW"
    )
    return f"""\
# {area} {long} {span}: a starting file written by `drafter new`.
#
# Fill in each section, then run `drafter validate` on this file: it lists, line by line,
# what is still missing. Lines starting with '#' are notes and are ignored.
# Figures (baselines and targets) are written as a number (52.5), as a sentence for a
# relative target ("keep the gap to the England rate at 2.2 points"), or, while a figure
# is not known, as a placeholder saying what is missing, who provides it and by when:
#   {{missing: baseline from the residents' survey, owner: {PARTNER}, due: {start_year}-06-30}}
# Ids (id: …) are short names used to refer to items and to compare versions: letters,
# digits, '.', '_' and '-'. Once a version has gone to the Government Office, do not
# change or reuse an id.
drafter: 1
id: {_slug(area)}-{short}-{start_year}
generation: {generation.value}
title: {_q(f"{area} {long} {span}")}

# The area and the partnership responsible for the agreement.
area:
  name: {_q(area)}
  kind: unitary  # unitary, metropolitan, London borough, or county (two-tier)
  accountable_body: {_q(f"{area} Council")}  # the council that is the accountable body
  lsp: {_q(f"{area} Local Strategic Partnership")}
{region_line}
  districts: []  # in a two-tier county, list the district councils here

# The financial years covered, the version of this draft and where it stands.
period: {{start: {period.start}, end: {period.end}}}
version: "0.1"  # raise with every draft sent out
date: {draft}  # date of this version; due dates before it count as overdue
status: draft  # draft, submitted, agreed, signed or refreshed
dates:
  first_draft: {draft}

# Two or three sentences tying the agreement to the Community Strategy.
vision:
priorities: []  # the partnership's priorities, in order, one '- ' line each
cross_cutting: []  # e.g. narrowing the gap, community cohesion, climate change
"""


def _partners(area: str) -> str:
    return f"""\
# Every organisation that is party to the agreement. Give each a short id; outcomes,
# targets and funding refer to partners by it. duty_to_cooperate marks named partners
# under the statutory duty (2008–11); signatory marks those who sign.
partners:
  - id: {PARTNER}
    name: {_q(f"{area} Council")}
    type: council
    signatory: true
  # - id: pct
  #   name: {area} Primary Care Trust
  #   type: primary care trust
  #   duty_to_cooperate: true
  #   signatory: true
"""


def _placeholder(what: str, due: str, indent: str) -> str:
    """A block-style placeholder mapping, indented for its place."""
    return f"\n{indent}missing: {what}\n{indent}owner: {PARTNER}\n{indent}due: {due}"


def _targets(
    period: Period, due: str, indent: str, reward: bool = False, what: str = "target"
) -> str:
    """A `targets:` mapping with a placeholder (or two, for reward targets) per year."""
    lines = [f"{indent}targets:"]
    for year in period.years:
        if reward:
            lines.append(f"{indent}  {year}:")
            lines.append(
                f"{indent}    without:"
                + _placeholder("level expected without the agreement", due, indent + "      ")
            )
            lines.append(
                f"{indent}    with:" + _placeholder("stretched level", due, indent + "      ")
            )
        else:
            lines.append(f"{indent}  {year}: {{missing: {what}, owner: {PARTNER}, due: {due}}}")
    return "\n".join(lines)


def _local_indicator(
    ident: str, kind: str, period: Period, due: str, indent: str, reward: bool = False
) -> str:
    """An indicator with an empty local definition and placeholder figures."""
    return f"""\
{indent}- id: {ident}
{indent}  title: {_q("Name of the indicator")}
{indent}  definition:  # exactly what is counted, and how
{indent}  unit:  # %, number of people, rate per 1,000 population, £ …
{indent}  polarity:  # higher or lower (which is better)
{indent}  source:  # where the figures come from
{indent}  frequency:  # how often they are measured: annual, quarterly …
{indent}  type: {kind}
{indent}  lead: {PARTNER}
{indent}  baseline:{_placeholder(f"baseline for {period.baseline_year}", due, indent + "    ")}
{_targets(period, due, indent + "  ", reward)}
"""


def _themes_2008(period: Period) -> str:
    due = f"{period.start[:4]}-03-31"
    return f"""\
# Themes, usually those of the Sustainable Community Strategy, each with its outcomes.
# Under each outcome list its indicators: up to 35 designated targets chosen from the
# National Indicator Set (write `ni: 117` and `type: designated`; the title comes from
# the Set), and any local targets with a full definition, as in the example below.
# Statutory education targets go in the separate `statutory:` list further down.
themes:
  - id: theme-1
    title: {_q("Name of the first theme")}
    narrative:  # a short introduction to the theme
    outcomes:
      - id: outcome-1
        title: {_q("The first outcome, in a sentence")}
        lead: {PARTNER}  # partner id of the lead partner
        contributors: []  # partner ids of contributing partners
        narrative:  # why this outcome, and how it will be achieved
        indicators:
          # A designated target from the National Indicator Set looks like this:
          # - id: NI-117
          #   ni: 117
          #   type: designated
          #   lead: {PARTNER}
          #   baseline: {{value: 8.4, period: {period.baseline_year}}}
          #   targets: {{{", ".join(f"{y}: …" for y in period.years)}}}
{_local_indicator("local-1", "local", period, due, "          ")}"""


def _statutory(period: Period, start_year: int) -> str:
    due = f"{start_year}-03-31"
    lines = [
        """\
# The 16 statutory education and early years targets, agreed with DCSF. They are legally
# separate from the designated targets but are listed in the agreement. Replace each
# placeholder with the figure agreed with the Department.
statutory:"""
    ]
    for ni in statutory_indicators():
        title = "\n".join(
            textwrap.wrap(
                f"NI {ni.ni}: {ni.title}", 86, initial_indent="  # ", subsequent_indent="  #   "
            )
        )
        lines.append(f"""\
{title}
  - id: NI-{ni.ni}
    ni: {ni.ni}
    type: statutory
    lead: {PARTNER}
    baseline: {{missing: result for {period.baseline_year}, owner: {PARTNER}, due: {due}}}
{_targets(period, due, "    ", what="target agreed with DCSF")}""")
    return "\n".join(lines) + "\n"


def _blocks_2006(period: Period, start_year: int) -> str:
    due = f"{start_year}-03-31"
    lines = [
        """\
# The four blocks of a 2006–09 agreement. Each holds its mandatory outcomes (those set
# by government: `mandatory: true`) and the area's own local outcomes. Indicators are
# local definitions; reward targets (`type: reward`) give, for each year, the level
# expected without the agreement and the stretched level with it.
themes:"""
    ]
    for ident, block, title, outcome in _BLOCKS:
        lines.append(f"""\
  - id: {ident}
    title: {_q(title)}
    block: {block}
    narrative:  # a short introduction to the block
    outcomes:
      - id: {ident}-1
        title: {_q(outcome)}
        mandatory: true
        lead: {PARTNER}
        contributors: []
        narrative:
        indicators:
{_local_indicator(f"{ident}-1-a", "mandatory", period, due, "          ")}""")
    return "\n".join(lines)


def _stretch_targets(period: Period, start_year: int) -> str:
    due = f"{start_year}-03-31"
    return f"""\
# Priorities, each holding stretch targets. A stretch target is an outcome; its
# sub-targets (one to three) are indicators of `type: reward` giving, for each year, the
# level expected without the agreement and the stretched level with it. About a dozen
# stretch targets is usual; copy the example below for each one.
themes:
  - id: priority-1
    title: {_q("Name of the first priority")}
    outcomes:
      - id: t01
        title: {_q("The first stretch target, in a sentence")}
        lead: {PARTNER}
        contributors: []
        narrative:  # what the pump priming grant will pay for, and why it stretches performance
        indicators:
{_local_indicator("t01-a", "reward", period, due, "          ", reward=True)}"""


def _funding(generation: Generation) -> str:
    treatments = {
        Generation.LAA2008: "area based grant",
        Generation.LAA2006: "pooled",
        Generation.LPSA: "aligned",
    }
    return f"""\
# Funding streams brought into the agreement: name, owning department, the partner who
# holds the money, treatment (pooled, aligned, mandatory pooled, area based grant or
# passported), an amount per year, the outcome ids it serves, and whether the owner has
# consented. Add stated_totals only if the agreement states totals; they are checked.
funding:
  streams: []
  # streams:
  #   - id: stream-1
  #     name: Name of the stream
  #     department: CLG
  #     owner: {PARTNER}
  #     treatment: {treatments[generation]}
  #     consent: true
  #     amounts: {{…}}
  #     outcomes: [outcome-1]
"""


def _freedoms() -> str:
    return """\
# Freedoms and flexibilities (enabling measures) asked of government: the barrier, what
# is asked, the evidence, the department that owns the rule, the outcome ids served and
# government's answer (requested, agreed, agreed with conditions, temporary, refused,
# already possible, further discussion, needs primary legislation).
freedoms: []
"""


def _reward(generation: Generation) -> str:
    if generation == Generation.LAA2008:
        body = """\
# Reward grant is paid across the designated targets achieved; give the amount per target.
reward:
  per_target:  # e.g. 40000
"""
    else:
        body = """\
# Reward: up to 2.5% of the council's net budget requirement for the base year, shared
# equally across the reward targets; pump priming grant is paid at the outset.
reward:
  net_budget_requirement:  # in pounds
  base_year:  # e.g. 2004/05
  max_percent: 2.5
  pump_priming_grant:  # in pounds
"""
        if generation == Generation.LPSA:
            body += "  unsupported_credit_approval:  # in pounds\n"
    return body


def _closing(generation: Generation) -> str:
    return f"""\
# How the partnership will run the agreement.
governance:
  structure:  # boards and who chairs them
  performance_management:  # how and how often performance is reported
  risk:  # the main risks and how they are managed

# Who signs for each party. Add a date when signed.
signatories:
  - partner: {PARTNER}
    name:  # name of the person signing
    role:  # e.g. Leader of the Council
  - on_behalf_of: {GOVERNMENT_PARTY[generation]}
    name:
    role:  # {_GOVERNMENT_ROLE[generation]}
"""
