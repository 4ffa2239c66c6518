"""Target tables imported from spreadsheets: read (xlsx, csv) → columns → rows → part files.

A council's performance team keeps the targets in a workbook; `drafter import-targets`
reads it within the project's trust boundary (reading.py), recognises its columns by
their headings (columns.py), turns each row into an indicator under its outcome
(rows.py, with values.py for what a cell says and places.py for the agreement's names),
and works out the YAML part files the agreement includes (plan.py). template.py writes
the blank table. Every fault is a Problem naming the sheet and the cell.
"""
