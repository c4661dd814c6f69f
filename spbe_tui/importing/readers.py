"""Read submissions from a table (CSV/XLSX) or a bundle (a folder with manifest.json).

Readers check the shape of the input: encoding, columns, types. Whether indicators and levels
fit the framework is checked afterwards, the same way for every format (see validate.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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

REQUIRED_COLUMNS = ("instansi_id", "instansi_name", "indicator", "level", "penjelasan", "evidence")
OPTIONAL_COLUMNS = ("fakta", "analisis", "instansi_type", "framework", "year")
MAX_CELL_CHARS = 100_000
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Let cells somewhat over our own limit through the csv module, so the error can name the field.
_CSV_FIELD_LIMIT = MAX_CELL_CHARS * 4


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
            return f"{label} {value.strip()!r} ({codes}) is not a whole number; write it with the digits 0–9"
    return f"{label} {value!r} is not a whole number"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ValueError("the file is UTF-32; save it as UTF-8 (with or without BOM)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("the file is UTF-16; save it as UTF-8 (with or without BOM)")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ValueError(f"line {line}: the file contains NUL bytes: binary data, or UTF-16 without a BOM; "
                         "save it as UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save the file as UTF-8"
        ) from None


def _unreadable(path: Path, exc: Exception) -> Problem:
    """A file that could not be read or decoded at all (a ValueError carries our own message)."""
    if isinstance(exc, OSError):
        return Problem(path, f"cannot be read: {exc.strerror or exc}")
    return Problem(path, str(exc))


def _check_id(instansi_id: str) -> str | None:
    if not instansi_id:
        return "instansi_id is empty"
    if not _ID_PATTERN.match(instansi_id):
        return f"instansi_id {instansi_id!r} may hold only letters, digits, '.', '_' and '-' (at most 64)"
    return None


# --- tables -----------------------------------------------------------------------------------


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(line number, cells) of each row; the number is the row's last line, where a quoted cell
    spans several."""
    text = _decode(path, path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    # strict: an unclosed quote is an error, not a cell that swallows the rest of the table.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise ValueError(f"line {reader.line_num}: a cell is longer than {MAX_CELL_CHARS} characters") from None
        raise ValueError(f"line {reader.line_num}: {exc}") from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of each row of the first sheet, values as last computed.

    A formula never computed (the file was written by a program, not saved by a spreadsheet)
    has no value to read: it is refused rather than read as an empty cell."""
    try:
        check_zip(path, "XLSX").close()
    except ExtractionFailed as exc:
        raise ValueError(f"not an XLSX workbook: {exc}") from None
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
                more = f" (and {len(uncomputed) - 1} more cell(s) like it)" if len(uncomputed) > 1 else ""
                raise ValueError(
                    f"{_sheet_name(sheet.title)}!{uncomputed[0]}: a formula without a computed value{more}; "
                    "open and save the file in Excel, or paste values"
                )


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
        raise ValueError(f"not an XLSX workbook ({type(exc).__name__})") from None
    try:
        # Read-only mode parses the sheet while it is iterated: damage shows up there.
        yield workbook.worksheets[0]
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - parser errors of many types
        raise ValueError(f"not a readable XLSX workbook: its sheet is damaged ({type(exc).__name__})") from None
    finally:
        workbook.close()


# The year and framework each row gives, per institution: column -> value -> row numbers.
Declared = dict[str, dict[Any, list[int]]]
DECLARED_COLUMNS = ("year", "framework")


def read_table(path: Path) -> ReadResult:
    """One submission per instansi_id found in the table."""
    result = ReadResult()
    is_xlsx = path.suffix.lower() == ".xlsx"
    unit = "row" if is_xlsx else "line"
    rows = _xlsx_rows(path) if is_xlsx else _csv_rows(path)
    by_id: dict[str, Submission] = {}
    declared: dict[str, Declared] = {}
    columns: dict[str, int] | None = None
    try:
        for number, row in rows:
            where = f"{unit} {number}"
            if not any(_text(v) for v in row):
                continue
            if columns is None:
                names = [_text(name).lower().replace(" ", "_") for name in row]
                repeated = sorted({n for n in names if n and names.count(n) > 1})
                if repeated:
                    result.problems.append(Problem(path, f"column(s) given twice: {', '.join(repeated)}", where))
                    return result
                columns = {name: n for n, name in enumerate(names)}
                missing = [c for c in REQUIRED_COLUMNS if c not in columns]
                if missing:
                    result.problems.append(Problem(path, f"missing required column(s): {', '.join(missing)}", where))
                    return result
                continue
            _table_row(path, number, where, row, columns, by_id, declared, result)
    except (ValueError, OSError) as exc:
        result.problems.append(_unreadable(path, exc))
        return result
    for instansi_id, submission in by_id.items():
        _settle_declared(submission, declared[instansi_id], unit)
    if columns is None:
        where = "the first sheet" if is_xlsx else "the file"
        result.problems.append(Problem(path, f"{where} is empty"))
    elif not by_id and not result.problems:
        result.problems.append(Problem(path, "the table has a header but no rows"))
    if result.problems:
        # A row that names no usable institution might belong to any of them: refuse the table.
        result.problems.extend(p for s in by_id.values() for p in s.problems)
        return result
    result.submissions.extend(by_id.values())
    return result


def _settle_declared(submission: Submission, declared: Declared, unit: str) -> None:
    """The year and framework of an institution's rows: the one value its rows give (blank
    cells give none), else a problem naming which rows say what, rather than the first winning."""
    for column, values in declared.items():
        if len(values) > 1:
            said = [f"{value!r} in {unit}{'s' if len(rows) > 1 else ''} {number_ranges(rows)}"
                    for value, rows in values.items()]
            listing = f"{', '.join(said[:-1])} but {said[-1]}"
            submission.problems.append(
                Problem(submission.source, f"{submission.instansi_id}: {column} {listing}", field=column)
            )
    submission.year = next(iter(declared["year"]), None)
    submission.framework_id = next(iter(declared["framework"]), None)


def _table_row(
    path: Path, number: int, where: str, row: list[Any], columns: dict[str, int], by_id: dict[str, Submission],
    declared: dict[str, Declared], result: ReadResult,
) -> None:
    def cell(name: str) -> Any:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    for name, index in columns.items():
        if index < len(row) and len(_text(row[index])) > MAX_CELL_CHARS:
            result.problems.append(Problem(path, f"the cell is longer than {MAX_CELL_CHARS} characters", where, name))
            return
    instansi_id = _text(cell("instansi_id"))
    id_problem = _check_id(instansi_id)
    if id_problem:
        result.problems.append(Problem(path, id_problem, where, "instansi_id"))
        return
    name = _text(cell("instansi_name"))
    submission = by_id.get(instansi_id)
    if submission is None:
        if not name:
            result.problems.append(Problem(path, "instansi_name is empty", where, "instansi_name"))
            return
        submission = Submission(instansi_id, name, _text(cell("instansi_type")), source=path, root=path.parent)
        by_id[instansi_id] = submission
        declared[instansi_id] = {column: {} for column in DECLARED_COLUMNS}
    elif name and name != submission.instansi_name:
        submission.problems.append(
            Problem(
                path, f"instansi_name {name!r} differs from {submission.instansi_name!r} given earlier", where,
                "instansi_name",
            )
        )
        return
    if _text(cell("year")):
        year = whole_number(cell("year"))
        if year is None:
            submission.problems.append(Problem(path, not_whole_number("year", _text(cell("year"))), where, "year"))
            return
        declared[instansi_id]["year"].setdefault(year, []).append(number)
    if _text(cell("framework")):
        declared[instansi_id]["framework"].setdefault(_text(cell("framework")), []).append(number)
    indicator = whole_number(cell("indicator"))
    if indicator is None:
        submission.problems.append(
            Problem(path, not_whole_number("indicator", _text(cell("indicator"))), where, "indicator")
        )
        return
    level = whole_number(cell("level"))
    if level is None:
        submission.problems.append(Problem(path, not_whole_number("level", _text(cell("level"))), where, "level"))
        return
    evidence = [e for e in (p.strip() for p in _text(cell("evidence")).split(";")) if e]
    submission.items.append(
        SelfAssessment(
            indicator=indicator, level=level, penjelasan=_text(cell("penjelasan")), fakta=_text(cell("fakta")),
            analisis=_text(cell("analisis")), evidence=evidence, where=where,
        )
    )


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
        result.problems.append(Problem(path, "the file is empty"))
        return result
    if not path.resolve().is_relative_to(folder.resolve()):
        result.problems.append(Problem(path, "is a link to a file outside the bundle folder"))
        return result
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except DuplicateKey as exc:
        result.problems.append(Problem(path, f"the key {exc.args[0]!r} is given twice in one object"))
        return result
    except json.JSONDecodeError as exc:
        result.problems.append(Problem(path, f"malformed JSON: {exc.msg}", f"line {exc.lineno} column {exc.colno}"))
        return result
    except RecursionError:
        result.problems.append(Problem(path, "malformed JSON: nested too deeply"))
        return result
    if not isinstance(data, dict):
        result.problems.append(Problem(path, "the manifest must be a JSON object"))
        return result
    if _has_nul(data.get("instansi")) or _has_nul(data.get("framework")):
        result.problems.append(Problem(path, "a text contains a NUL character (\\u0000)", field="instansi"))
        return result
    if data.get("format") != FORMAT_VERSION:
        result.problems.append(
            Problem(path, f"expected format {FORMAT_VERSION}, found {data.get('format')!r}", field="format")
        )
    instansi = data.get("instansi")
    if not isinstance(instansi, dict):
        result.problems.append(Problem(path, "must be an object with id, name and type", field="instansi"))
        return result
    raw_id = instansi.get("id")
    instansi_id = _text(raw_id) if isinstance(raw_id, str) else ""
    if raw_id is not None and not isinstance(raw_id, str):
        result.problems.append(Problem(path, f"must be a text, not {type(raw_id).__name__}", field="instansi.id"))
        return result
    if not isinstance(instansi.get("type", ""), str):
        result.problems.append(Problem(path, "must be a text such as \"kabupaten\"", field="instansi.type"))
    id_problem = _check_id(instansi_id)
    if id_problem:
        result.problems.append(Problem(path, id_problem, field="instansi.id"))
    name = instansi.get("name")
    if not isinstance(name, str) or not name.strip():
        result.problems.append(Problem(path, "must be a non-empty text", field="instansi.name"))
    year = data.get("year")
    if year is not None and whole_number(year) is None:
        result.problems.append(Problem(path, not_whole_number("year", year), field="year"))
    items = data.get("indicators")
    if not isinstance(items, list) or not items:
        result.problems.append(Problem(path, "must be a non-empty list", field="indicators"))
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
    warnings = [f"{path}: unknown field(s) {', '.join(unknown)} ignored"] if unknown else []
    warnings += [f"{path}: unknown field {key!r} ignored in indicator(s) {number_ranges(sorted(numbers))}"
                 for key, numbers in unknown_items.items()]
    return warnings


def _bundle_item(
    path: Path, position: int, item: Any, submission: Submission, result: ReadResult,
    unknown_items: dict[str, list[int]],
) -> None:
    where = f"indicators[{position}]"
    if not isinstance(item, dict):
        result.problems.append(Problem(path, "must be an object", where))
        return
    indicator = whole_number(item.get("indicator"))
    if indicator is None:
        result.problems.append(Problem(path, not_whole_number("indicator", item.get("indicator")), where, "indicator"))
        return
    where = f"{where} (indicator {indicator})"
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
            result.problems.append(Problem(path, "must be a text", where, key))
            return
        if len(value) > MAX_CELL_CHARS:
            result.problems.append(Problem(path, f"longer than {MAX_CELL_CHARS} characters", where, key))
            return
        if "\x00" in value:
            result.problems.append(Problem(path, "contains a NUL character (\\u0000)", where, key))
            return
        texts[key] = value.strip()
    evidence = item.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        result.problems.append(Problem(path, "must be a list of file paths", where, "evidence"))
        return
    submission.items.append(
        SelfAssessment(indicator=indicator, level=level, evidence=list(evidence), where=where, **texts)
    )


# --- what a path holds ------------------------------------------------------------------------

TABLE_SUFFIXES = (".csv", ".xlsx")


def read_input(path: Path) -> ReadResult:
    """A table, a bundle (folder or its manifest), or a folder of bundles."""
    if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
        return read_table(path)
    if path.is_file() and path.name == MANIFEST:
        return read_bundle(path.parent)
    if path.is_dir() and (path / MANIFEST).is_file():
        return read_bundle(path)
    if path.is_dir():
        bundles = sorted(p for p in path.iterdir() if p.is_dir() and (p / MANIFEST).is_file())
        broken = sorted(p for p in path.iterdir() if p.is_dir() and (p / MANIFEST).exists()
                        and not (p / MANIFEST).is_file())
        if bundles:
            combined = ReadResult(problems=[Problem(b, f"its {MANIFEST} is not a file") for b in broken])
            for folder in bundles:
                part = read_bundle(folder)
                combined.submissions.extend(part.submissions)
                combined.problems.extend(part.problems)
            return combined
        return ReadResult(problems=[Problem(path, f"holds no {MANIFEST} and no bundle folders with one")])
    if not path.exists():
        return ReadResult(problems=[Problem(path, "no such file or folder")])
    return ReadResult(
        problems=[Problem(path, "not a submission: give a .csv/.xlsx table, a bundle folder or a folder of bundles")]
    )
