"""The orchestration: number the sections, then build each part and gather the context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..config import Branding
from ..model import Agreement, Status
from ..reference import national_indicators
from ..register import register
from .contents import cross_references, outline
from .freedoms import freedoms_part
from .funding import funding_part
from .history import history_part
from .indicators import local_part, statutory_part, targets_part, theme_parts
from .lpsa import intentions_part, pump_priming_part
from .outstanding import register_part
from .parties import (
    cover_part,
    governance_part,
    partners_part,
    signatures_part,
    vision_part,
)
from .parts import RenderContext, Running, SourceFile
from .reward import reward_part
from .shared import Open, Setting
from .wording import LANG, STATUS_LABELS

# "Any status before signed" carries the DRAFT mark.
DRAFT_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED, Status.AGREED})


def build_context(
    agreement: Agreement,
    *,
    incomplete: bool = False,
    branding: Branding | None = None,
    generated: dt.date,
    today: dt.date | None = None,
    timestamp: dt.datetime | None = None,
    source_files: Sequence[SourceFile] = (),
) -> RenderContext:
    """Turn an agreement into the render context both back ends lay out.

    `generated` is the day of rendering, which only the files' properties carry.
    Due dates are judged, as validation judges them, against `today` when given, else
    the agreement's own date, else `generated`. `timestamp` is the created/modified
    time every file carries (UTC); by default midnight at the start of `generated`.
    """
    a = agreement
    if timestamp is None:
        timestamp = dt.datetime.combine(generated, dt.time(), dt.UTC)
    judged = today or a.date or generated
    s = Setting(
        agreement=a,
        branding=branding or Branding(),
        incomplete=incomplete,
        today=judged,
        nis=national_indicators(),
        open_items=Open(register(a, judged)),
    )
    sections = outline(a)
    refs = cross_references(a, sections)
    draft = a.status in DRAFT_STATUSES
    status = STATUS_LABELS[a.status]
    title = s.title()
    # An LPSA's priorities are subsections of its Schedule 1.
    themes = theme_parts(s, sections.themes, refs, 2 if sections.targets else 1)
    reward = reward_part(s, sections.reward, refs)
    return RenderContext(
        lang=LANG,
        title=title,
        subject=f"{s.kind()} for {a.area.name}, {s.period_label()}",
        version=a.version,
        status=status,
        generation=a.generation.value,
        generated=generated,
        timestamp=timestamp.astimezone(dt.UTC),
        keywords=", ".join((s.kind(), a.area.name, s.period_label(), f"version {a.version}")),
        branding=s.branding,
        cover=cover_part(s, draft),
        contents_title="Contents",
        sections=sections.sections,
        register=register_part(s, sections.register, refs),
        vision=vision_part(s, sections.vision),
        partners=partners_part(s, sections.partners),
        history=history_part(s, sections.history),
        themes=themes,
        targets=targets_part(s, sections.targets, themes),
        intentions=intentions_part(s, sections.intentions, reward.maximum if reward else None),
        pump_priming=pump_priming_part(s, sections.pump_priming, refs),
        statutory=statutory_part(s, sections.statutory, refs),
        local=local_part(s, sections.local, refs),
        funding=funding_part(s, sections.funding, sections.themes, refs),
        freedoms=freedoms_part(s, sections.freedoms, refs),
        reward=reward,
        governance=governance_part(s, sections.governance, refs),
        signatures=signatures_part(s, sections.signatures),
        running=Running(
            header_left=title,
            header_right=f"Version {a.version} · {status}",
            footer_left=s.branding.footer or s.organisation(),
        ),
        draft=draft,
        incomplete=incomplete,
        watermark="INCOMPLETE" if incomplete else ("DRAFT" if draft else None),
        source_files=tuple(source_files),
    )
