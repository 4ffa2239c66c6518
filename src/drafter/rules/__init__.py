"""Completeness rules, one module per family; `validate.validate` runs them all."""

from __future__ import annotations

from . import agreement, changes, indicators, references, resources, text
from .catalogue import RULES, SEVERITY, RuleInfo
from .context import Context

# In report order; each checks one family and records problems on the context.
CHECKS = (references.check, indicators.check, resources.check, changes.check, agreement.check)

__all__ = ["CHECKS", "RULES", "SEVERITY", "Context", "RuleInfo", "text"]
