"""Score tables as a one-sheet XLSX workbook with typed cells.

Levels are integers; index values are written from their Decimal, so the file carries exactly
the half-up two-decimal text (e.g. 4.77) with a 0.00 number format, and no binary float is
formed on our side. Every text is an explicit string cell: a name or justification that looks
like a formula ("=…") stays text and is never evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import BinaryIO

from spbe_tui.services.export import Cell

INDEX_FORMAT = "0.00"
# XML cannot hold most C0 controls; show them as their visible symbols (␛ and friends).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _visible(text: str) -> str:
    return _XML_ILLEGAL.sub(lambda m: chr(0x2400 + ord(m.group())), text)


def write_xlsx(handle: BinaryIO, sheet: str, columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Cell) -> WriteOnlyCell:
        if isinstance(value, str):
            result = WriteOnlyCell(worksheet, value=None)
            result.value = _visible(value)
            result.data_type = "s"  # set after the value: openpyxl would read "=…" as a formula
            return result
        result = WriteOnlyCell(worksheet, value=value)
        if isinstance(value, Decimal):
            result.number_format = INDEX_FORMAT
        return result

    header = []
    for name in columns:
        heading = cell(name)
        heading.font = bold
        header.append(heading)
    worksheet.append(header)
    for row in rows:
        worksheet.append([cell(value) for value in row])
    workbook.save(handle)
