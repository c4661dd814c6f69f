"""Input consistency (issue #15): what a submission says once must not be contradicted or lost
silently. The refusals are in the bad-input corpus (tests/bad_inputs.py); here are the inputs
that import, and say so where something was ignored."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from spbe_tui.importing.importer import ImportOptions, ImportReport, run_import
from spbe_tui.importing.readers import read_table
from spbe_tui.storage.db import open_db
from tests.importing_helpers import HEADER, write_bundle


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "db" / "spbe.db"
    open_db(path).close()
    return path


def do_import(source: Path, db_path: Path) -> ImportReport:
    db = open_db(db_path)
    try:
        return run_import(source, db, db_path, ImportOptions(user="t"))
    finally:
        db.close()


def bundle_with_unknown_fields(folder: Path) -> Path:
    """A sound bundle carrying fields the format does not have, at every level of the manifest."""
    write_bundle(folder, password="rahasia", kontak="ops@kab-uji.go.id")
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["instansi"]["kode"] = "7301"
    for item in data["indicators"][:3]:
        item["penjelasn"] = "salah ketik"  # a misspelt penjelasan would otherwise vanish unseen
    data["indicators"][46]["nilai"] = 4
    path.write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_unknown_manifest_fields_are_ignored_with_a_warning(tmp_path, db_path):
    bundle = bundle_with_unknown_fields(tmp_path / "b")

    report = do_import(bundle, db_path)

    assert report.ok, [str(p) for p in report.problems]
    assert [o.status for o in report.outcomes] == ["new"]
    manifest = bundle / "manifest.json"
    assert report.warnings == [
        f"{manifest}: unknown field(s) 'password', 'kontak', 'instansi.kode' ignored",
        f"{manifest}: unknown field 'penjelasn' ignored in indicator(s) 1–3",
        f"{manifest}: unknown field 'nilai' ignored in indicator(s) 47",
    ]


def test_known_manifest_fields_give_no_warning(tmp_path, db_path):
    bundle = write_bundle(tmp_path / "b", submitted_at="2025-03-01T09:00:00+08:00")

    report = do_import(bundle, db_path)

    assert report.ok and not any("unknown field" in w for w in report.warnings), report.warnings


def test_cli_prints_the_unknown_field_warning_and_imports(tmp_path, db_path):
    bundle = bundle_with_unknown_fields(tmp_path / "b")

    result = subprocess.run(
        [sys.executable, "-m", "spbe_tui", "import", str(bundle), "--db", str(db_path)],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "5000"}, timeout=120,
    )

    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert f"warning: {bundle / 'manifest.json'}: unknown field(s) 'password', 'kontak', 'instansi.kode' ignored" \
        in warnings, result.stderr
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("SELECT instansi_id FROM submissions").fetchall() == [("kab-uji",)]
    finally:
        connection.close()


def test_a_year_given_once_holds_for_the_institutions_blank_rows(tmp_path, db_path):
    """Rows left blank (as under a merged cell) agree with any year; the one given is the year,
    where the first row used to decide alone (here: blank, so the current year)."""
    rows = "".join(f"kota-uji,Kota Uji,{n},2,p,,{2023 if n == 30 else ''}\n" for n in range(1, 48))
    path = tmp_path / "in" / "mandiri.csv"
    path.parent.mkdir()
    path.write_text(HEADER.replace("\n", ",year\n") + rows, encoding="utf-8")

    report = do_import(path, db_path)

    assert report.ok, [str(p) for p in report.problems]
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("SELECT year FROM evaluations").fetchall() == [(2023,)]
    finally:
        connection.close()


def test_only_the_institution_whose_rows_disagree_is_refused(tmp_path, db_path):
    rows = "".join(f"kab-a,Kab A,{n},2,p,,2025\n" for n in range(1, 48))
    rows += "".join(f"kab-b,Kab B,{n},2,p,,{2025 if n % 2 else 2024}\n" for n in range(1, 6))
    path = tmp_path / "in" / "mandiri.csv"
    path.parent.mkdir()
    path.write_text(HEADER.replace("\n", ",year\n") + rows, encoding="utf-8")

    report = do_import(path, db_path)

    assert {o.instansi_id: o.status for o in report.outcomes} == {"kab-a": "new", "kab-b": "refused"}
    assert [str(p) for p in report.problems] == [
        f"{path}: field 'year': kab-b: year 2025 in lines 49, 51, 53 but 2024 in lines 50, 52"
    ]


def _workbook_with_sheet_xml(edit: dict[bytes, bytes]) -> bytes:
    """A one-institution workbook whose sheet XML is edited as a spreadsheet would have saved it
    (openpyxl writes no computed values)."""
    workbook = Workbook()
    workbook.active.append(HEADER.strip().split(","))
    workbook.active.append(["kota-uji", "Kota Uji", 1, "=1+2", "p", '=""'])
    workbook.active.append(["kota-uji", "Kota Uji", 2, 4, "p", None])
    out = io.BytesIO()
    workbook.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for old, new in edit.items():
        assert old in parts["xl/worksheets/sheet1.xml"], old
        parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(old, new)
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return result.getvalue()


def test_computed_formulas_and_formatted_blank_cells_are_read_as_values(tmp_path):
    """A formula with its computed value, one that computed an empty text, and a blank cell
    that is only formatted are all fine: only a formula with no computed value is refused."""
    path = tmp_path / "mandiri.xlsx"
    path.write_bytes(_workbook_with_sheet_xml({
        b'<c r="D2"><f>1+2</f><v /></c>': b'<c r="D2"><f>1+2</f><v>3</v></c>',
        b'<c r="F2"><f>""</f><v /></c>': b'<c r="F2" t="str"><f>""</f><v></v></c>',
        b'<c r="E3" t="inlineStr"><is><t>p</t></is></c>': b'<c r="E3" t="inlineStr"><is><t>p</t></is></c>'
                                                           b'<c r="F3" s="0" />',
    }))

    result = read_table(path)

    assert not result.problems, [str(p) for p in result.problems]
    (submission,) = result.submissions
    assert [(i.indicator, i.level, i.evidence) for i in submission.items] == [(1, 3, []), (2, 4, [])]
