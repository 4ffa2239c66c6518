"""Government Office summaries, regional sign-off packs and their workbook.

A Government Office area lead reviews many agreements and puts them to ministers.
This package turns agreements into what that lead reads:

- `summary`: one agreement → `Summary` (headline facts, readiness, the register of
  what is still to be agreed, target tables, funding, freedoms, reward, refresh
  changes, changes since the previous version, the sign-off checklist);
- `checks`: the readiness verdict and the sign-off checklist;
- `refresh`: original and renegotiated values, changes awaiting sign-off;
- `region`: many summaries → `Pack` (overview, national indicator matrix, freedoms
  by department);
- `workbook`: a pack → an XLSX workbook for performance monitoring teams;
- `build`: the orchestration the command line calls.

Everything but `build` and `workbook` is pure: agreements in, frozen data out.
"""

from __future__ import annotations
