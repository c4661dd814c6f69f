"""`spbe-tui export`: golden files for both layouts and formats, numbers recomputed independently,
formula injection, interruption."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from spbe_tui.errors import SpbeError
from spbe_tui.services.scores import ScoreTable
from spbe_tui.writers.csv_writer import format_cell, neutralise
from spbe_tui.writers.score_file import write_table
from tests.importing_helpers import write_bundle
from tests.reviewer_helpers import SELF_LEVELS
from tests.scores_helpers import (
    DOMAIN_WEIGHT,
    FORMULA_NAME,
    FORMULA_TEXTS,
    KAB_DOKUMEN,
    KAB_INTERVIU,
    QUOTED_TEXT,
    band,
    cli_app,
    half_up,
    kab_final,
    make_scores_db,
    recompute,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return make_scores_db(tmp_path_factory.mktemp("scores"))


def run(*args: str):
    return CliRunner().invoke(cli_app(), [str(a) for a in args])


def export(db_path: Path, out: Path, *options: str) -> str:
    result = run("export", "--db", db_path, "--out", out, *options)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def read_csv(path: Path, excel: bool = False) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig" if excel else "utf-8")  # read_text would turn a quoted CR into LF
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))


def xlsx_cells(path: Path) -> list[list]:
    """Every cell as [value, data type] plus its number format unless General: what a golden XLSX
    file is compared by (the zip itself carries the time it was written)."""
    sheet = load_workbook(path).worksheets[0]
    return [
        [[cell.value, cell.data_type] + ([cell.number_format] if cell.number_format != "General" else [])
         for cell in row]
        for row in sheet.iter_rows()
    ]


def check_golden(name: str, content: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.write_bytes(content.encode("utf-8"))
    assert content == golden.read_bytes().decode("utf-8"), f"{name} differs (UPDATE_GOLDEN=1 regenerates it)"


def xlsx_golden_text(path: Path) -> str:
    # A date-time cell as its ISO text: the golden file shows the value the spreadsheet holds.
    return "\n".join(json.dumps(row, ensure_ascii=False, default=datetime.isoformat) for row in xlsx_cells(path)) + "\n"


# --- golden files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, options",
    [
        ("wide_final.csv", []),
        ("wide_final_excel.csv", ["--excel"]),
        ("wide_mandiri.csv", ["--stage", "mandiri"]),
        ("long_final.csv", ["--layout", "long"]),
        ("long_interviu.csv", ["--layout", "long", "--stage", "interviu"]),
    ],
)
def test_csv_matches_golden_file(db_path, tmp_path, name, options):
    out = tmp_path / name
    export(db_path, out, "--allow-incomplete", *options)
    check_golden(name, out.read_bytes().decode("utf-8"))


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_xlsx_matches_golden_file(db_path, tmp_path, layout):
    out = tmp_path / f"{layout}.xlsx"
    export(db_path, out, "--allow-incomplete", "--layout", layout)
    check_golden(f"{layout}_final.xlsx.jsonl", xlsx_golden_text(out))


# --- the numbers -----------------------------------------------------------------------------------


def test_exported_numbers_recomputed_independently(db_path, tmp_path):
    out = tmp_path / "wide.csv"
    export(db_path, out, "--allow-incomplete")
    rows = {row["instansi_id"]: row for row in read_csv(out)}
    expected_levels = {
        "kab-uji": kab_final(),
        "kota-dua": {n: 3 for n in range(1, 47)},
        "kab-rumus": {**{n: 4 for n in range(1, 48)}, 7: 5},
    }
    for instansi, levels in expected_levels.items():
        row = rows[instansi]
        aspects, domains, index = recompute(levels)
        assert [row[f"I{n}"] for n in range(1, 48)] == [str(levels[n]) if n in levels else "" for n in range(1, 48)]
        assert [row[f"A{a}"] for a in range(1, 9)] == [half_up(aspects[a]) if a in aspects else "" for a in range(1, 9)]
        assert [row[f"D{d}"] for d in range(1, 5)] == [half_up(domains[d]) if d in domains else "" for d in range(1, 5)]
        assert row["indeks"] == (half_up(index) if index is not None else "")
        assert row["predikat"] == (band(index) if index is not None else "")
        assert row["complete"] == ("true" if index is not None else "false")
        assert (row["framework"], row["stage"], row["predikat_basis"]) == ("spbe-2020", "final", "unrounded")
    # The values the fixture was built to produce, so the recomputation cannot silently agree on nothing.
    assert rows["kab-uji"]["I5"] == "2" and rows["kab-uji"]["I6"] == str(KAB_DOKUMEN[6])
    assert rows["kab-uji"]["I8"] == str(KAB_INTERVIU[8]) and rows["kab-uji"]["I10"] == "5"


def test_summary_line_gives_the_national_average_from_domain_averages(db_path, tmp_path):
    output = export(db_path, tmp_path / "wide.csv", "--allow-incomplete")
    complete = [recompute(kab_final()), recompute({**{n: 4 for n in range(1, 48)}, 7: 5})]
    domain_means = {d: sum(c[1][d] for c in complete) / len(complete) for d in DOMAIN_WEIGHT}
    national = sum(domain_means[d] * Fraction(w) for d, w in DOMAIN_WEIGHT.items()) / 100
    assert "3 institutions (2 complete, 1 incomplete)" in output
    assert f"national index {half_up(national)} {band(national)}" in output
    assert "D1 " + half_up(domain_means[1]) in output
    counts = {name: 0 for name in ("Memuaskan", "Sangat Baik", "Baik", "Cukup", "Kurang")}
    for _, _, index in complete:
        counts[band(index)] += 1
    assert "predikat: " + ", ".join(f"{name} {n}" for name, n in counts.items()) in output


def test_mandiri_exports_the_self_assessment(db_path, tmp_path):
    out = tmp_path / "mandiri.csv"
    export(db_path, out, "--stage", "mandiri")  # every institution submitted all 47: nothing incomplete
    row = {r["instansi_id"]: r for r in read_csv(out)}["kab-uji"]
    assert [int(row[f"I{n}"]) for n in range(1, 48)] == [SELF_LEVELS[n] for n in range(1, 48)]
    assert row["indeks"] == half_up(recompute(SELF_LEVELS)[2]) and row["stage"] == "mandiri"


def test_stage_exports_team_levels_carried_forward(db_path, tmp_path):
    out = tmp_path / "interviu.csv"
    export(db_path, out, "--stage", "interviu", "--allow-incomplete")
    row = {r["instansi_id"]: r for r in read_csv(out)}["kab-uji"]
    expected = {**KAB_DOKUMEN, **KAB_INTERVIU}
    assert [int(row[f"I{n}"]) for n in range(1, 48)] == [expected[n] for n in range(1, 48)]


def test_incomplete_institutions_are_refused_and_nothing_is_written(db_path, tmp_path):
    out = tmp_path / "refused.csv"
    result = run("export", "--db", db_path, "--out", out)
    assert result.exit_code != 0 and isinstance(result.exception, SpbeError)
    assert "kota-dua (1 missing)" in str(result.exception) and "--allow-incomplete" in str(result.exception)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("options, message", [
    (["--out", "{db}"], "is the database"),
    (["--out", "{tmp}/x.xlsx", "--excel"], "CSV only"),
    (["--out", "{tmp}/missing/x.csv", "--allow-incomplete"], "does not exist"),
])
def test_bad_targets_are_refused(db_path, tmp_path, options, message):
    args = [o.format(db=db_path, tmp=tmp_path) for o in options]
    result = run("export", "--db", db_path, *args)
    assert isinstance(result.exception, SpbeError) and message in str(result.exception)


def test_unknown_stage_is_refused(db_path, tmp_path):
    result = run("export", "--db", db_path, "--out", tmp_path / "x.csv", "--stage", "reviu")
    assert isinstance(result.exception, SpbeError) and "dokumen, interviu, visitasi" in str(result.exception)


def test_excel_variant_has_bom_semicolons_and_decimal_comma(db_path, tmp_path):
    out = tmp_path / "excel.csv"
    export(db_path, out, "--excel", "--allow-incomplete")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    row = {r["instansi_id"]: r for r in read_csv(out, excel=True)}["kab-uji"]
    assert row["indeks"] == half_up(recompute(kab_final())[2]).replace(".", ",")


def test_xlsx_numbers_are_numbers(db_path, tmp_path):
    out = tmp_path / "wide.xlsx"
    export(db_path, out, "--allow-incomplete")
    sheet = load_workbook(out).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "kab-uji")
    cells = dict(zip(header, row, strict=True))
    assert cells["I1"].data_type == "n" and cells["I1"].value == kab_final()[1]
    index = cells["indeks"]
    assert index.data_type == "n" and index.number_format == "0.00"
    assert Decimal(str(index.value)) == Decimal(half_up(recompute(kab_final())[2]))
    assert cells["complete"].value is True and cells["predikat"].data_type == "s"


def test_framework_decides_the_columns(tmp_path):
    from spbe_tui.importing.importer import ImportOptions, run_import
    from spbe_tui.storage.db import open_db

    bundle = write_bundle(tmp_path / "b" / "kab-lama", "kab-lama", levels={n: n % 6 for n in range(1, 38)},
                          framework="spbe-2018", year=2019)
    db_path = tmp_path / "old.db"
    db = open_db(db_path)
    assert run_import(bundle, db, db_path, ImportOptions(user="t")).ok
    db.close()
    out = tmp_path / "old.csv"
    export(db_path, out, "--stage", "mandiri")
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    # 35 indicators, the 35th scored as three items
    assert header[4:4 + 37] == [*(f"I{n}" for n in range(1, 36)), "I35-2", "I35-3"]
    assert header[41:] == [*(f"A{n}" for n in range(1, 8)), "D1", "D2", "D3", "indeks", "predikat",
                           "predikat_basis", "complete"]


# --- formula injection ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+62 812", "'+62 812"), ("-kurang", "'-kurang"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("  =1+1", "'  =1+1"), ("Kab. Uji", "Kab. Uji"), ("3 - 1", "3 - 1"), ("", ""),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_numbers_are_never_prefixed():
    assert [format_cell(v) for v in (3, Decimal("3.28"), None, True)] == ["3", "3.28", "", "true"]


def test_formula_looking_texts_are_inert_in_csv_and_xlsx(db_path, tmp_path):
    export(db_path, tmp_path / "long.csv", "--layout", "long", "--allow-incomplete")
    rows = [r for r in read_csv(tmp_path / "long.csv") if r["instansi_id"] == "kab-rumus"]
    assert {r["instansi_name"] for r in rows} == {"'" + FORMULA_NAME}
    team = {int(r["indicator"]): r["justification"] for r in rows if r["source"] == "team"}
    assert all(team[n] == "'" + text for n, text in FORMULA_TEXTS.items())
    assert [r["justification"] for r in rows if r["source"] == "reviu"] == ["'=1+1"]
    kab = [r for r in read_csv(tmp_path / "long.csv") if r["instansi_id"] == "kab-uji" and r["assessor"] == "ani"]
    assert kab[0]["justification"] == QUOTED_TEXT  # quotes, ';', ',' and a newline survive RFC 4180 quoting

    export(db_path, tmp_path / "long.xlsx", "--layout", "long", "--allow-incomplete")
    sheet = load_workbook(tmp_path / "long.xlsx").worksheets[0]
    cells = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "kab-rumus"]
    assert {(row[1].value, row[1].data_type) for row in cells} == {(FORMULA_NAME, "s")}
    team_cells = {row[3].value: row[9] for row in cells if row[5].value == "team"}
    for number, text in FORMULA_TEXTS.items():
        # XML keeps no carriage return: it becomes a line feed, as every XLSX reader would make it.
        assert (team_cells[number].value, team_cells[number].data_type) == (text.replace("\r", "\n"), "s")
    with zipfile.ZipFile(tmp_path / "long.xlsx") as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml  # no formula element anywhere in the file


# --- atomic writing ------------------------------------------------------------------------------


class Interrupted(KeyboardInterrupt):
    pass


def _interrupt_after(rows: int):
    def progress(done: int, total: int) -> None:
        if done >= rows:
            raise Interrupted
    return progress


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_interrupted_export_leaves_the_previous_file_untouched(tmp_path, fmt):
    table = ScoreTable("wide", ("a", "b"), [(str(n), n) for n in range(1000)])
    target = tmp_path / f"scores.{fmt}"
    target.write_bytes(b"the previous export")
    openpyxl_parts = set(Path(tempfile.gettempdir()).glob("openpyxl.*"))
    with pytest.raises(Interrupted):
        write_table(target, table, fmt, progress=_interrupt_after(500))
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind
    assert set(Path(tempfile.gettempdir()).glob("openpyxl.*")) == openpyxl_parts  # nor openpyxl's own


def test_interrupted_export_creates_no_file(tmp_path):
    table = ScoreTable("wide", ("a",), [(n,) for n in range(10)])
    with pytest.raises(Interrupted):
        write_table(tmp_path / "new.csv", table, "csv", progress=_interrupt_after(3))
    assert list(tmp_path.iterdir()) == []


def test_failing_writer_through_the_command_leaves_the_target(db_path, tmp_path, monkeypatch):
    import spbe_tui.writers.csv_writer as writer

    calls = {"n": 0}
    real = writer.format_cell

    def failing(value, decimal_comma=False):
        calls["n"] += 1
        if calls["n"] > 100:  # part-way through the second row
            raise OSError(28, "No space left on device")
        return real(value, decimal_comma)

    monkeypatch.setattr(writer, "format_cell", failing)
    target = tmp_path / "scores.csv"
    target.write_text("old", encoding="utf-8")
    result = run("export", "--db", db_path, "--out", target, "--allow-incomplete")
    assert isinstance(result.exception, SpbeError) and "no space left on device" in str(result.exception)
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["scores.csv"]


def test_successful_export_replaces_the_file(db_path, tmp_path):
    target = tmp_path / "scores.csv"
    target.write_text("old", encoding="utf-8")
    export(db_path, target, "--allow-incomplete")
    assert target.read_text(encoding="utf-8").startswith("instansi_id,")
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_long_layout_at_mandiri_holds_only_the_self_assessment(db_path, tmp_path):
    out = tmp_path / "long-mandiri.csv"
    export(db_path, out, "--layout", "long", "--stage", "mandiri")
    rows = read_csv(out)
    assert len(rows) == 3 * 47 and {(r["stage"], r["source"]) for r in rows} == {("mandiri", "self")}
    first = rows[0]
    assert (first["instansi_id"], first["indicator"]) == ("kab-rumus", "1")
    assert first["justification"] == "Fakta indikator 1\nAnalisis 1"


def test_xlsx_keeps_formula_and_error_lookalikes_as_text(tmp_path):
    table = ScoreTable("wide", ("text",), [("=SUM(1)",), ("#N/A",), ("=",), ("biasa",), ("a\x07b",)])
    write_table(tmp_path / "t.xlsx", table, "xlsx")
    cells = [row[0] for row in load_workbook(tmp_path / "t.xlsx").worksheets[0].iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [
        ("=SUM(1)", "s"), ("#N/A", "s"), ("=", "s"), ("biasa", "s"), ("a␇b", "s")
    ]
