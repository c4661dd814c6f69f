"""XLSX score files behave as spreadsheets: timestamps are date-time cells, the header is frozen
and filtered, the columns are as wide as their content (within bounds); the CSV keeps its text."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from spbe_tui.services.scores import ScoreTable
from spbe_tui.writers.score_file import write_table
from spbe_tui.writers.xlsx_writer import MAX_WIDTH, MEASURED_ROWS, MIN_WIDTH, column_widths
from tests.scores_helpers import STAMP, cli_app, make_scores_db


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return make_scores_db(tmp_path_factory.mktemp("xlsx"))


def export(db_path: Path, out: Path, *options: str) -> None:
    result = CliRunner().invoke(cli_app(), ["export", "--db", str(db_path), "--out", str(out), "--allow-incomplete",
                                            *options])
    assert result.exit_code == 0, (result.output, result.exception)


@pytest.fixture(scope="module")
def long_sheet(db_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("long") / "long.xlsx"
    export(db_path, out, "--layout", "long")
    return load_workbook(out).worksheets[0]


def test_timestamps_are_datetime_cells_in_utc(long_sheet):
    header = [c.value for c in long_sheet[1]]
    at = header.index("at")
    stamped = [row[at] for row in long_sheet.iter_rows(min_row=2) if row[at].value not in (None, "")]
    assert stamped, "the long export has timestamped rows"
    for cell in stamped:
        assert cell.data_type == "d" and isinstance(cell.value, datetime)
        assert cell.is_date and cell.number_format.startswith("yyyy-mm-dd hh:mm:ss")
    assert {cell.value for cell in stamped} == {datetime(2025, 6, 1, 8, 0)}  # STAMP, 08:00 UTC


def test_the_header_is_frozen_and_filtered_over_every_row(long_sheet):
    assert long_sheet.freeze_panes == "A2"
    last = get_column_letter(long_sheet.max_column)
    assert long_sheet.auto_filter.ref == f"A1:{last}{long_sheet.max_row}"


def test_the_filter_spans_the_rows_past_those_measured_for_widths(tmp_path):
    rows = [(f"k-{n}", n) for n in range(MEASURED_ROWS + 700)]
    write_table(tmp_path / "big.xlsx", ScoreTable("wide", ("instansi_id", "n"), rows), "xlsx")
    sheet = load_workbook(tmp_path / "big.xlsx").worksheets[0]
    assert sheet.max_row == len(rows) + 1 and sheet.auto_filter.ref == f"A1:B{len(rows) + 1}"


def test_column_widths_follow_the_content_within_bounds(long_sheet):
    header = [c.value for c in long_sheet[1]]
    widths = {name: long_sheet.column_dimensions[get_column_letter(n)].width for n, name in enumerate(header, 1)}
    assert all(MIN_WIDTH <= width <= MAX_WIDTH for width in widths.values())
    assert widths["justification"] == MAX_WIDTH  # a long text is capped
    assert widths["indicator"] == len("indicator") + 2  # numbers narrower than the header
    assert widths["at"] == len("2025-06-01 08:00:00 UTC") + 2  # as shown, not as stored
    assert widths["instansi_name"] > widths["framework"]


def test_other_offsets_become_utc_and_other_columns_keep_their_text(tmp_path):
    table = ScoreTable("t", ("note", "set_at"), [("2025-06-01T15:00:00+07:00", "2025-06-01T15:00:00+07:00"),
                                                 ("x", "not a time")])
    write_table(tmp_path / "t.xlsx", table, "xlsx")
    rows = list(load_workbook(tmp_path / "t.xlsx").worksheets[0].iter_rows(min_row=2))
    assert (rows[0][0].value, rows[0][0].data_type) == ("2025-06-01T15:00:00+07:00", "s")
    assert rows[0][1].value == datetime(2025, 6, 1, 8, 0)
    assert (rows[1][1].value, rows[1][1].data_type) == ("not a time", "s")


def test_widths_are_bounded_and_measure_the_longest_line():
    widths = column_widths(("a", "b", "c"), [("x", "baris\n" + "y" * 9, "z" * 500)])
    assert widths == [MIN_WIDTH, len("y" * 9) + 2, MAX_WIDTH]


def test_the_csv_keeps_the_stored_time_as_text(db_path, tmp_path):
    out = tmp_path / "long.csv"
    export(db_path, out, "--layout", "long")
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
    assert {r["at"] for r in rows if r["at"]} == {STAMP}
