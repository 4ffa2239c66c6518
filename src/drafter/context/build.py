"""The orchestration: number the sections, then build each part and gather the context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..config import Branding
from ..model import Agreement, Status
from ..reference import national_indicators
from .contents import cross_references, outline
from .funding import funding_part
from .history import history_part
from .indicators import local_part, statutory_part, theme_parts
from .outstanding import register_part
from .parties import (
    cover_part,
    freedoms_part,
    governance_part,
    partners_part,
    signatures_part,
    vision_part,
)
from .parts import RenderContext, Running
from .reward import reward_part
from .shared import Setting
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
    source_files: Sequence[Path] = (),
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
    s = Setting(
        agreement=a,
        branding=branding or Branding(),
        incomplete=incomplete,
        today=today or a.date or generated,
        nis=national_indicators(),
    )
    sections = outline(a)
    refs = cross_references(a, sections)
    draft = a.status in DRAFT_STATUSES
    status = STATUS_LABELS[a.status]
    title = s.title()
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
        themes=theme_parts(s, sections.themes, refs),
        statutory=statutory_part(s, sections.statutory, refs),
        local=local_part(s, sections.local, refs),
        funding=funding_part(s, sections.funding, sections.themes, refs),
        freedoms=freedoms_part(s, sections.freedoms, refs),
        reward=reward_part(s, sections.reward, refs),
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
