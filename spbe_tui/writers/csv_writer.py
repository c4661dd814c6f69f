"""Score tables as CSV (RFC 4180), plain UTF-8 or for spreadsheets in an Indonesian locale."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import BinaryIO

from spbe_tui.services.scores import Cell

# A spreadsheet treats a cell starting with these as a formula (tab and CR can hide one behind
# leading whitespace). Prefixing an apostrophe makes it text; the value is still readable.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.lstrip(" ").startswith(FORMULA_START) else text


def format_cell(value: Cell, decimal_comma: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = str(value)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def write_csv(handle: BinaryIO, columns: Sequence[str], rows: Iterable[Sequence[Cell]], excel: bool = False) -> None:
    """`excel`: a BOM, ';' between fields and a decimal comma, which is what a spreadsheet set
    to an Indonesian locale expects when it opens a .csv with a double-click."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig" if excel else "utf-8", newline="", write_through=False)
    try:
        writer = csv.writer(text, delimiter=";" if excel else ",", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([format_cell(value, excel) for value in row])
        text.flush()
    finally:
        # The caller owns the binary file (and fsyncs it); only let go of the wrapper.
        text.detach()
