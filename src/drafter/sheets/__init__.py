"""Target tables imported from spreadsheets: read (xlsx, csv) → columns → rows → part files.

A council's performance team keeps the targets in a workbook; `drafter import-targets`
reads it within the project's trust boundary, recognises its columns by their headings,
turns each row into an indicator under its outcome and writes YAML part files the
agreement includes. Every fault is a Problem naming the sheet and the cell.
"""
