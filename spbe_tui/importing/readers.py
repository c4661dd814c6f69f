"""Read submissions from a table (CSV/XLSX) or a bundle (a folder with manifest.json).

Readers check the shape of the input: encoding, columns, types. Whether indicators and levels
fit the framework is checked afterwards, the same way for every format (see validate.py).

An input is read one submission at a time (`open_input`), so that importing the whole country
holds one institution in memory, not all of them. A table is read twice: first every row is
checked, keeping only a summary per institution, because a row that belongs to no institution
refuses the whole table and nothing of it may be stored before that is known; then each
institution is handed on as soon as its last row has been read.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spbe_tui.domain.framework_loader import json_reason
from spbe_tui.i18n import say
from spbe_tui.importing.bundle_format import (
    FORMAT_VERSION,
    INSTANSI_FIELDS,
    ITEM_FIELDS,
    ITEM_TEXTS,
    MANIFEST,
    TOP_FIELDS,
)
from spbe_tui.importing.extract import ExtractionFailed, check_zip
from spbe_tui.importing.model import Problem, ReadResult, SelfAssessment, Submission, number_ranges
from spbe_tui.os_text import os_reason

REQUIRED_COLUMNS = ("instansi_id", "instansi_name", "indicator", "level", "penjelasan", "evidence")
OPTIONAL_COLUMNS = ("fakta", "analisis", "instansi_type", "framework", "year")
MAX_CELL_CHARS = 100_000
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Let cells somewhat over our own limit through the csv module, so the error can name the field.
_CSV_FIELD_LIMIT = MAX_CELL_CHARS * 4
_CHUNK = 1024 * 1024


def whole_number(value: Any) -> int | None:
    """An int from a cell or JSON value ("3", 3, 3.0); None if it is not a whole number.

    Only the digits 0-9: int() also reads '٣' or '３', which a reviewer reading the stored
    level could not tell from the text the institution wrote."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,6}(\.0*)?\s*", value):
        return int(float(value))
    return None


def not_whole_number(label: str, value: Any) -> str:
    """Why `value` is refused as a whole number: a text holding other characters than ASCII
    (digits of another script, full-width digits) shows them as code points, since they may
    look exactly like 0-9."""
    if isinstance(value, str):
        foreign = list(dict.fromkeys(c for c in value.strip() if not c.isascii()))
        if foreign:
            codes = ", ".join(f"U+{ord(c):04X}" for c in foreign)
            return say("read_foreign_digits", label=label, value=value.strip(), codes=codes)
    return say("read_not_whole", label=label, value=value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _refuse_wide_encodings(head: bytes) -> None:
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ValueError(say("read_utf32"))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError(say("read_utf16"))


def _nul_bytes(data: bytes, lines_before: int = 0) -> str:
    return say("read_nul_bytes", line=lines_before + data[: data.index(b"\x00")].count(b"\n") + 1)


def _not_utf8(data: bytes, exc: UnicodeDecodeError, lines_before: int = 0) -> str:
    line = lines_before + data[: exc.start].count(b"\n") + 1
    return say("read_not_utf8", byte=f"0x{data[exc.start]:02x}", line=line)


def _decode(path: Path, data: bytes) -> str:
    _refuse_wide_encodings(data)
    if b"\x00" in data:
        raise ValueError(_nul_bytes(data))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(_not_utf8(data, exc)) from None


def _check_encoding(path: Path) -> None:
    """What `_decode` refuses, found a piece at a time: a UTF-16 or UTF-32 mark, a NUL byte
    (refused wherever it is, before anything else), else the first byte that is not UTF-8."""
    not_utf8 = ""
    with open(path, "rb") as handle:
        _refuse_wide_encodings(handle.read(4))
        handle.seek(0)
        lines = 0  # line breaks before `chunk`
        decoded_lines, pending = 0, b""  # line breaks before `pending`, the start of a character cut by the chunk
        while chunk := handle.read(_CHUNK):
            if b"\x00" in chunk:
                raise ValueError(_nul_bytes(chunk, lines))
            lines += chunk.count(b"\n")
            if not not_utf8:
                data = pending + chunk
                try:
                    _, used = codecs.utf_8_decode(data, "strict", False)
                except UnicodeDecodeError as exc:
                    not_utf8 = _not_utf8(data, exc, decoded_lines)
                    continue
                decoded_lines += data.count(b"\n", 0, used)
                pending = data[used:]
        if pending and not not_utf8:  # the file ends inside a character
            try:
                codecs.utf_8_decode(pending, "strict", True)
            except UnicodeDecodeError as exc:
                not_utf8 = _not_utf8(pending, exc, decoded_lines)
    if not_utf8:
        raise ValueError(not_utf8)


def _unreadable(path: Path, exc: Exception) -> Problem:
    """A file that could not be read or decoded at all (a ValueError carries our own message)."""
    if isinstance(exc, OSError):
        return Problem(path, say("read_cannot_read", reason=os_reason(exc)))
    return Problem(path, str(exc))


def _check_id(instansi_id: str) -> str | None:
    if not instansi_id:
        return say("read_id_empty")
    if not _ID_PATTERN.match(instansi_id):
        return say("read_id_chars", id=instansi_id)
    return None


# --- tables -----------------------------------------------------------------------------------


def _delimiter(path: Path) -> str:
    """The one of , ; tab that the first line (up to the first \\n) holds most of, the comma on a tie."""
    counts = dict.fromkeys((",", ";", "\t"), 0)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        while chunk := handle.read(_CHUNK):
            head, newline, _ = chunk.partition("\n")
            for delimiter in counts:
                counts[delimiter] += head.count(delimiter)
            if newline:
                break
    return max(counts, key=lambda delimiter: counts[delimiter])


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(line number, cells) of each row; the number is the row's last line, where a quoted cell
    spans several."""
    _check_encoding(path)
    delimiter = _delimiter(path)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        # strict: an unclosed quote is an error, not a cell that swallows the rest of the table.
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise ValueError(say("read_csv_cell_too_long", line=reader.line_num, n=MAX_CELL_CHARS)) from None
            raise ValueError(say("read_csv_error", line=reader.line_num, reason=_csv_reason(str(exc)))) from None


def _csv_reason(text: str) -> str:
    """The csv module's words for a malformed table, in the user's language where they are known."""
    if text == "unexpected end of data":
        return say("read_csv_eof")
    after = re.fullmatch(r"'(.)' expected after '\"'", text)
    return say("read_csv_after_quote", delimiter=after[1]) if after else text


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of each row of the first sheet, values as last computed.

    A formula never computed (the file was written by a program, not saved by a spreadsheet)
    has no value to read: it is refused rather than read as an empty cell."""
    try:
        check_zip(path, "XLSX").close()
    except ExtractionFailed as exc:
        raise ValueError(say("read_not_xlsx_because", reason=exc)) from None
    from openpyxl.cell.read_only import EMPTY_CELL

    # Cells written in the sheet with no value and no text type: blank but formatted, or a
    # formula without a computed value. Only if there are any is the sheet read a second time,
    # for its formulas (a formula that computed an empty text is typed "str" and not listed).
    valueless: set[tuple[int, int]] = set()
    with _workbook(path, data_only=True) as sheet:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values = []
            for cell in row:
                if cell.value is None and cell.data_type == "n" and cell is not EMPTY_CELL:
                    valueless.add((cell.row, cell.column))
                values.append(cell.value)
            yield number, values
    if valueless:
        with _workbook(path, data_only=False) as sheet:
            uncomputed = [cell.coordinate for row in sheet.iter_rows() for cell in row
                          if cell.data_type == "f" and (cell.row, cell.column) in valueless]
            if uncomputed:
                more = say("read_more_formulas", n=len(uncomputed) - 1) if len(uncomputed) > 1 else ""
                raise ValueError(say("read_uncomputed", cell=f"{_sheet_name(sheet.title)}!{uncomputed[0]}", more=more))


def _sheet_name(title: str) -> str:
    """As a spreadsheet writes it in a reference: quoted if it holds more than letters and digits."""
    return title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"


@contextmanager
def _workbook(path: Path, data_only: bool) -> Iterator[Any]:
    """The first sheet of a workbook, read-only; damage becomes a ValueError saying so."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise ValueError(say("read_not_xlsx", kind=type(exc).__name__)) from None
    try:
        # Read-only mode parses the sheet while it is iterated: damage shows up there.
        yield workbook.worksheets[0]
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - parser errors of many types
        raise ValueError(say("read_sheet_damaged", kind=type(exc).__name__)) from None
    finally:
        workbook.close()


# The year and framework each row gives, per institution: column -> value -> row numbers
# (compact: a big table gives a row number per row).
Declared = dict[str, dict[Any, "array[int]"]]
DECLARED_COLUMNS = ("year", "framework")


@dataclass
class Input:
    """An input opened to be read one submission at a time."""

    total: int  # how many submissions it holds at most, known before they are read (for progress)
    parts: Iterator[ReadResult]  # read lazily: problems of the input, and its submissions one by one


class _TablePass:
    """One reading of a table. Rows go to their institution in `by_id` (in the order institutions
    first appear); a problem with the table as a whole goes to `result` and refuses all of it."""

    def __init__(self, path: Path, keep_items: bool) -> None:
        self.path = path
        self.is_xlsx = path.suffix.lower() == ".xlsx"
        self.unit = "row" if self.is_xlsx else "line"  # a spreadsheet numbers rows, a text file lines
        self.keep_items = keep_items  # the first reading keeps only what the checks need
        self.result = ReadResult()
        self.by_id: dict[str, Submission] = {}
        self.declared: dict[str, Declared] = {}
        self.unreadable = False  # the file could not be read to its end

    def rows(self) -> Iterator[tuple[int, str]]:
        """Reads the table, yielding (row number, instansi_id) for each row that belongs to an institution."""
        path, result = self.path, self.result
        columns: dict[str, int] | None = None
        owned = False
        try:
            for number, row in _xlsx_rows(path) if self.is_xlsx else _csv_rows(path):
                where = say(f"read_{self.unit}", n=number)
                if not any(_text(v) for v in row):
                    continue
                if columns is None:
                    columns = _header(path, where, row, result)
                    if columns is None:
                        return
                    continue
                owner = _table_row(path, number, where, row, columns, self, result)
                if owner is not None:
                    owned = True
                    yield number, owner
        except (ValueError, OSError) as exc:
            result.problems.append(_unreadable(path, exc))
            self.unreadable = True
            return
        if columns is None:
            result.problems.append(Problem(path, say("read_empty_sheet" if self.is_xlsx else "read_empty_file")))
        elif not owned and not result.problems:
            result.problems.append(Problem(path, say("read_header_only")))

    def settle(self, instansi_id: str) -> Submission:
        """The institution's submission, its rows all read: handed on and forgotten here."""
        submission = self.by_id.pop(instansi_id)
        _settle_declared(submission, self.declared.pop(instansi_id), self.unit)
        return submission


def _header(path: Path, where: str, row: list[Any], result: ReadResult) -> dict[str, int] | None:
    """Column name -> position; None (and a problem) if a column is repeated or a required one missing."""
    names = [_text(name).lower().replace(" ", "_") for name in row]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        result.problems.append(Problem(path, say("read_columns_twice", columns=", ".join(repeated)), where))
        return None
    columns = {name: n for n, name in enumerate(names)}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        result.problems.append(Problem(path, say("read_columns_missing", columns=", ".join(missing)), where))
        return None
    return columns


def _table_input(path: Path) -> Input:
    """A table: checked whole first (see the module's docstring), then read one institution at a time."""
    check = _TablePass(path, keep_items=False)
    last_row = {owner: number for number, owner in check.rows()}
    if check.unreadable:
        return Input(0, iter([check.result]))
    settled = [check.settle(instansi_id) for instansi_id in list(check.by_id)]
    if check.result.problems:
        # A row that names no usable institution might belong to any of them: refuse the table.
        check.result.problems.extend(p for s in settled for p in s.problems)
        return Input(0, iter([check.result]))
    return Input(len(last_row), _table_submissions(path, last_row))


def _table_submissions(path: Path, last_row: dict[str, int]) -> Iterator[ReadResult]:
    """Each institution once its last row is read, in the order institutions first appear: one
    at a time in memory when each one's rows are together, as tables usually have them."""
    table = _TablePass(path, keep_items=True)
    complete: set[str] = set()
    for number, owner in table.rows():
        if last_row.get(owner) != number:
            continue
        complete.add(owner)
        while table.by_id and (first := next(iter(table.by_id))) in complete:
            complete.discard(first)
            yield ReadResult(submissions=[table.settle(first)])
    if table.result.problems:
        # The table changed since it was checked: what is left of it is not imported.
        yield table.result
        return
    for instansi_id in list(table.by_id):  # rows the first reading did not see: the table changed meanwhile
        yield ReadResult(submissions=[table.settle(instansi_id)])


def read_table(path: Path) -> ReadResult:
    """One submission per instansi_id found in the table, all of them at once."""
    return _collect(_table_input(path))


def _collect(opened: Input) -> ReadResult:
    whole = ReadResult()
    for part in opened.parts:
        whole.submissions.extend(part.submissions)
        whole.problems.extend(part.problems)
    return whole


def _settle_declared(submission: Submission, declared: Declared, unit: str) -> None:
    """The year and framework of an institution's rows: the one value its rows give (blank
    cells give none), else a problem naming which rows say what, rather than the first winning."""
    for column, values in declared.items():
        if len(values) > 1:
            said = [say(f"read_value_in_{unit}{'s' if len(rows) > 1 else ''}", value=value,
                        rows=number_ranges(list(rows)))
                    for value, rows in values.items()]
            listing = say("read_but", said=", ".join(said[:-1]), last=said[-1])
            submission.problems.append(
                Problem(submission.source, f"{submission.instansi_id}: {column} {listing}", field=column)
            )
    submission.year = next(iter(declared["year"]), None)
    submission.framework_id = next(iter(declared["framework"]), None)


def _table_row(
    path: Path, number: int, where: str, row: list[Any], columns: dict[str, int], table: _TablePass,
    result: ReadResult,
) -> str | None:
    """Reads one row into its institution's submission; returns its instansi_id, or None for a
    row that belongs to none (a problem with the whole table, in `result`)."""
    by_id, declared = table.by_id, table.declared

    def cell(name: str) -> Any:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    for name, index in columns.items():
        if index < len(row) and len(_text(row[index])) > MAX_CELL_CHARS:
            result.problems.append(Problem(path, say("read_cell_too_long", n=MAX_CELL_CHARS), where, name))
            return None
    instansi_id = _text(cell("instansi_id"))
    id_problem = _check_id(instansi_id)
    if id_problem:
        result.problems.append(Problem(path, id_problem, where, "instansi_id"))
        return None
    name = _text(cell("instansi_name"))
    submission = by_id.get(instansi_id)
    if submission is None:
        if not name:
            result.problems.append(Problem(path, say("read_name_empty"), where, "instansi_name"))
            return None
        submission = Submission(instansi_id, name, _text(cell("instansi_type")), source=path, root=path.parent)
        by_id[instansi_id] = submission
        declared[instansi_id] = {column: {} for column in DECLARED_COLUMNS}
    elif name and name != submission.instansi_name:
        submission.problems.append(
            Problem(
                path, say("read_name_differs", name=name, earlier=submission.instansi_name), where, "instansi_name",
            )
        )
        return instansi_id
    if _text(cell("year")):
        year = whole_number(cell("year"))
        if year is None:
            submission.problems.append(Problem(path, not_whole_number("year", _text(cell("year"))), where, "year"))
            return instansi_id
        declared[instansi_id]["year"].setdefault(year, array("l")).append(number)
    if _text(cell("framework")):
        declared[instansi_id]["framework"].setdefault(_text(cell("framework")), array("l")).append(number)
    indicator = whole_number(cell("indicator"))
    if indicator is None:
        submission.problems.append(
            Problem(path, not_whole_number("indicator", _text(cell("indicator"))), where, "indicator")
        )
        return instansi_id
    level = whole_number(cell("level"))
    if level is None:
        submission.problems.append(Problem(path, not_whole_number("level", _text(cell("level"))), where, "level"))
        return instansi_id
    if not table.keep_items:
        return instansi_id
    evidence = [e for e in (p.strip() for p in _text(cell("evidence")).split(";")) if e]
    submission.items.append(
        SelfAssessment(
            indicator=indicator, level=level, penjelasan=_text(cell("penjelasan")), fakta=_text(cell("fakta")),
            analisis=_text(cell("analisis")), evidence=evidence, where=where,
        )
    )
    return instansi_id


# --- bundles ----------------------------------------------------------------------------------


class DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads keeps the last of repeated keys; a manifest saying a level twice is ambiguous."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise DuplicateKey(key)
        data[key] = value
    return data


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def read_bundle(folder: Path) -> ReadResult:
    """One submission from a folder holding manifest.json and its evidence files."""
    path = folder / MANIFEST
    result = ReadResult()
    try:
        text = _decode(path, path.read_bytes())
    except (ValueError, OSError) as exc:
        result.problems.append(_unreadable(path, exc))
        return result
    if not text.strip():
        result.problems.append(Problem(path, say("read_empty_file")))
        return result
    if not path.resolve().is_relative_to(folder.resolve()):
        result.problems.append(Problem(path, say("read_link_outside")))
        return result
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except DuplicateKey as exc:
        result.problems.append(Problem(path, say("read_key_twice", name=exc.args[0])))
        return result
    except json.JSONDecodeError as exc:
        result.problems.append(Problem(path, say("read_bad_json", reason=json_reason(exc.msg)),
                                       say("read_line_column", line=exc.lineno, column=exc.colno)))
        return result
    except RecursionError:
        result.problems.append(Problem(path, say("read_json_too_deep")))
        return result
    if not isinstance(data, dict):
        result.problems.append(Problem(path, say("read_manifest_not_object")))
        return result
    if _has_nul(data.get("instansi")) or _has_nul(data.get("framework")):
        result.problems.append(Problem(path, say("read_text_has_nul"), field="instansi"))
        return result
    if data.get("format") != FORMAT_VERSION:
        result.problems.append(
            Problem(path, say("read_format", expected=FORMAT_VERSION, found=repr(data.get("format"))), field="format")
        )
    instansi = data.get("instansi")
    if not isinstance(instansi, dict):
        result.problems.append(Problem(path, say("read_instansi_object"), field="instansi"))
        return result
    raw_id = instansi.get("id")
    instansi_id = _text(raw_id) if isinstance(raw_id, str) else ""
    if raw_id is not None and not isinstance(raw_id, str):
        result.problems.append(Problem(path, say("read_not_text", kind=type(raw_id).__name__), field="instansi.id"))
        return result
    if not isinstance(instansi.get("type", ""), str):
        result.problems.append(Problem(path, say("read_type_text"), field="instansi.type"))
    id_problem = _check_id(instansi_id)
    if id_problem:
        result.problems.append(Problem(path, id_problem, field="instansi.id"))
    name = instansi.get("name")
    if not isinstance(name, str) or not name.strip():
        result.problems.append(Problem(path, say("read_nonempty_text"), field="instansi.name"))
    year = data.get("year")
    if year is not None and whole_number(year) is None:
        result.problems.append(Problem(path, not_whole_number("year", year), field="year"))
    items = data.get("indicators")
    if not isinstance(items, list) or not items:
        result.problems.append(Problem(path, say("read_nonempty_list"), field="indicators"))
        return result
    submission = Submission(
        instansi_id, str(name or "").strip(), _text(instansi.get("type")), source=path, root=folder,
        framework_id=_text(data.get("framework")) or None, year=whole_number(year) if year is not None else None,
    )
    unknown_items: dict[str, list[int]] = {}  # field -> indicators whose entry has it
    for position, item in enumerate(items):
        _bundle_item(path, position, item, submission, result, unknown_items)
    submission.warnings.extend(_unknown_fields(path, data, instansi, unknown_items))
    if not result.problems:
        result.submissions.append(submission)
    return result


def _unknown_fields(
    path: Path, data: dict[str, Any], instansi: dict[str, Any], unknown_items: dict[str, list[int]]
) -> list[str]:
    """Fields the format does not have are ignored, and said: a misspelt "penjelasn" would
    otherwise vanish, and a "password" should not have been sent."""
    unknown = [repr(k) for k in data if k not in TOP_FIELDS]
    unknown += [repr(f"instansi.{k}") for k in instansi if k not in INSTANSI_FIELDS]
    warnings = [say("read_unknown_fields", path=path, fields=", ".join(unknown))] if unknown else []
    warnings += [say("read_unknown_item_field", path=path, field=key, indicators=number_ranges(sorted(numbers)))
                 for key, numbers in unknown_items.items()]
    return warnings


def _bundle_item(
    path: Path, position: int, item: Any, submission: Submission, result: ReadResult,
    unknown_items: dict[str, list[int]],
) -> None:
    where = f"indicators[{position}]"
    if not isinstance(item, dict):
        result.problems.append(Problem(path, say("read_must_be_object"), where))
        return
    indicator = whole_number(item.get("indicator"))
    if indicator is None:
        result.problems.append(Problem(path, not_whole_number("indicator", item.get("indicator")), where, "indicator"))
        return
    where = say("read_item_where", where=where, indicator=indicator)
    for key in item:
        if key not in ITEM_FIELDS:
            unknown_items.setdefault(key, []).append(indicator)
    level = whole_number(item.get("level"))
    if level is None:
        result.problems.append(Problem(path, not_whole_number("level", item.get("level")), where, "level"))
        return
    texts = {}
    for key in ITEM_TEXTS:
        value = item.get(key, "")
        if not isinstance(value, str):
            result.problems.append(Problem(path, say("read_must_be_text"), where, key))
            return
        if len(value) > MAX_CELL_CHARS:
            result.problems.append(Problem(path, say("read_text_too_long", n=MAX_CELL_CHARS), where, key))
            return
        if "\x00" in value:
            result.problems.append(Problem(path, say("read_has_nul"), where, key))
            return
        texts[key] = value.strip()
    evidence = item.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        result.problems.append(Problem(path, say("read_evidence_list"), where, "evidence"))
        return
    submission.items.append(
        SelfAssessment(indicator=indicator, level=level, evidence=list(evidence), where=where, **texts)
    )


# --- what a path holds ------------------------------------------------------------------------

TABLE_SUFFIXES = (".csv", ".xlsx")


def open_input(path: Path) -> Input:
    """A table, a bundle (folder or its manifest), or a folder of bundles, to be read lazily."""
    if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
        return _table_input(path)
    if path.is_file() and path.name == MANIFEST:
        return Input(1, iter([read_bundle(path.parent)]))
    if path.is_dir() and (path / MANIFEST).is_file():
        return Input(1, iter([read_bundle(path)]))
    if path.is_dir():
        bundles = sorted(p for p in path.iterdir() if p.is_dir() and (p / MANIFEST).is_file())
        broken = sorted(p for p in path.iterdir() if p.is_dir() and (p / MANIFEST).exists()
                        and not (p / MANIFEST).is_file())
        if bundles:
            return Input(len(bundles), _bundles(bundles, broken))
        return _refused(Problem(path, say("read_no_manifest", manifest=MANIFEST)))
    if not path.exists():
        return _refused(Problem(path, say("read_no_such_path")))
    return _refused(Problem(path, say("read_not_a_submission")))


def _bundles(bundles: list[Path], broken: list[Path]) -> Iterator[ReadResult]:
    not_a_file = say("read_manifest_not_file", manifest=MANIFEST)
    yield ReadResult(problems=[Problem(b, not_a_file) for b in broken])
    for folder in bundles:
        yield read_bundle(folder)


def _refused(problem: Problem) -> Input:
    return Input(0, iter([ReadResult(problems=[problem])]))
