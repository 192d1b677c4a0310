"""CSV files that Excel with Norwegian settings opens as meant, and never runs."""

from __future__ import annotations

# UTF-8 with this byte order mark and semicolons is what Excel opens directly.
BOM = "\ufeff"
DELIMITER = ";"
# Cells a spreadsheet would read as a formula; such text is prefixed with an apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text as a spreadsheet will show it, never as a formula; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
