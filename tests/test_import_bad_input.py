"""Every kind of bad input gets a clear error naming file, place and field, and changes nothing."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.storage.db import open_db
from tests.importing_helpers import HEADER, db_content, table_rows, write_bundle


@pytest.fixture
def db_path(tmp_path):
    """A database that already holds one good submission, so 'unchanged' means something."""
    path = tmp_path / "db" / "spbe.db"
    db = open_db(path)
    good = write_bundle(tmp_path / "good", "kab-baik", evidence={1: ["a.txt"]}, files={"a.txt": b"A"})
    assert run_import(good, db, path, ImportOptions(user="t")).ok
    db.close()
    return path


def csv_file(tmp_path, text, name="mandiri.csv", encoding="utf-8"):
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def _bundle_with_manifest(tmp_path, manifest_text):
    folder = tmp_path / "in" / "bundle"
    folder.mkdir(parents=True)
    raw = manifest_text if isinstance(manifest_text, bytes) else manifest_text.encode()
    (folder / "manifest.json").write_bytes(raw)
    return folder


def _xlsx_not_workbook(tmp_path):
    return csv_file(tmp_path, b"this is a text file wearing an .xlsx name", "mandiri.xlsx")


def _xlsx_truncated(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "in" / "mandiri.xlsx"
    path.parent.mkdir(exist_ok=True)
    workbook = Workbook()
    workbook.active.append(["instansi_id"])
    workbook.save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _xlsx_zip_bomb(tmp_path):
    path = tmp_path / "in" / "mandiri.xlsx"
    path.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    return path


def _symlink_escape(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("kata sandi", encoding="utf-8")
    folder = write_bundle(tmp_path / "in" / "b", evidence={4: ["bukti/tautan.txt"]})
    (folder / "bukti").mkdir()
    os.symlink(secret, folder / "bukti" / "tautan.txt")
    return folder


def _over_cap(tmp_path):
    big_pdf = b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024)
    return write_bundle(tmp_path / "in" / "b", evidence={9: ["besar.pdf"]}, files={"besar.pdf": big_pdf})


def _fifo(tmp_path):
    folder = write_bundle(tmp_path / "in" / "b", evidence={2: ["pipa"]})
    os.mkfifo(folder / "pipa")
    return folder


def _manifest_link_outside(tmp_path):
    outside = write_bundle(tmp_path / "elsewhere", "kab-lain")
    folder = tmp_path / "in" / "b"
    folder.mkdir(parents=True)
    os.symlink(outside / "manifest.json", folder / "manifest.json")
    return folder


def _xlsx_data_on_second_sheet(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    second = workbook.create_sheet("Mandiri")
    second.append(["instansi_id", "instansi_name", "indicator", "level", "penjelasan", "evidence"])
    second.append(["kab-x", "Kab X", 1, 2, "p", None])
    path = tmp_path / "in" / "mandiri.xlsx"
    path.parent.mkdir(exist_ok=True)
    workbook.save(path)
    return path


CASES = {
    "unknown indicator": (
        lambda t: csv_file(t, HEADER + table_rows(levels={1: 2, 48: 3})),
        ["line 3", "field 'indicator'", "unknown indicator 48"],
    ),
    "level outside scale": (
        lambda t: csv_file(t, HEADER + table_rows(levels={1: 2, 2: 6})),
        ["line 3", "field 'level'", "level 6 is outside the scale 1–5 of indicator 2"],
    ),
    "level not a number": (
        lambda t: csv_file(t, HEADER + table_rows(levels={1: "tiga"})),
        ["line 2", "field 'level'", "level 'tiga' is not a whole number"],
    ),
    "duplicate indicator rows": (
        lambda t: csv_file(t, HEADER + table_rows(levels={5: 2}) + table_rows(levels={5: 3})),
        ["line 3", "field 'indicator'", "indicator 5 of kota-uji appears again (first at line 2)"],
    ),
    "missing required columns": (
        lambda t: csv_file(t, "instansi_id,indicator,level\nkota-uji,1,2\n"),
        ["line 1", "missing required column(s): instansi_name, penjelasan, evidence"],
    ),
    "empty file": (lambda t: csv_file(t, ""), ["the file is empty"]),
    "header only": (lambda t: csv_file(t, HEADER), ["the table has a header but no rows"]),
    "latin-1 encoding": (
        lambda t: csv_file(t, HEADER + table_rows(name="Kabupaten Sumedang Larang – Gedé"), encoding="cp1252"),
        ["not UTF-8 text (byte 0x96 on line 2); save the file as UTF-8"],
    ),
    "utf-16 encoding": (
        lambda t: csv_file(t, HEADER + table_rows(), encoding="utf-16"),
        ["the file is UTF-16; save it as UTF-8"],
    ),
    "empty instansi_id": (
        lambda t: csv_file(t, HEADER + table_rows() + ",Tanpa ID,1,2,x,\n"),
        ["line 49", "field 'instansi_id'", "instansi_id is empty"],
    ),
    "huge cell": (
        lambda t: csv_file(t, HEADER + table_rows(name="X" * 200_000)),
        ["line 2", "field 'instansi_name'", "longer than"],
    ),
    "malformed JSON": (
        lambda t: _bundle_with_manifest(t, '{"format": 1,\n  "instansi": {"id": "kab-x",}\n}'),
        ["manifest.json", "line 2 column", "malformed JSON"],
    ),
    "manifest not an object": (lambda t: _bundle_with_manifest(t, "[1, 2]"), ["the manifest must be a JSON object"]),
    "manifest empty": (lambda t: _bundle_with_manifest(t, b""), ["the file is empty"]),
    "manifest without instansi": (
        lambda t: _bundle_with_manifest(t, json.dumps({"format": 1, "indicators": [{"indicator": 1, "level": 2}]})),
        ["field 'instansi'", "must be an object"],
    ),
    "manifest level wrong type": (
        lambda t: _bundle_with_manifest(t, json.dumps({"format": 1, "instansi": {"id": "kab-x", "name": "X"},
                                                        "indicators": [{"indicator": 3, "level": [3]}]})),
        ["indicators[0] (indicator 3)", "field 'level'", "not a whole number"],
    ),
    "xlsx that is not a workbook": (_xlsx_not_workbook, ["mandiri.xlsx", "not an XLSX workbook"]),
    "truncated xlsx": (_xlsx_truncated, ["mandiri.xlsx", "not an XLSX workbook"]),
    "zip bomb xlsx": (_xlsx_zip_bomb, ["mandiri.xlsx", "zip bomb"]),
    "evidence missing": (
        lambda t: write_bundle(t / "in" / "b", evidence={3: ["bukti/tidak-ada.pdf"]}),
        ["indicators[2] (indicator 3)", "field 'evidence'", "evidence file 'bukti/tidak-ada.pdf' not found"],
    ),
    "evidence path with ..": (
        lambda t: write_bundle(t / "in" / "b", evidence={3: ["../good/a.txt"]}),
        ["field 'evidence'", "leaves the submission folder"],
    ),
    "evidence absolute path": (
        lambda t: write_bundle(t / "in" / "b", evidence={3: ["/etc/passwd"]}),
        ["field 'evidence'", "is absolute"],
    ),
    "evidence windows absolute path": (
        lambda t: write_bundle(t / "in" / "b", evidence={3: ["C:\\Users\\data.pdf"]}),
        ["field 'evidence'", "is absolute"],
    ),
    "evidence symlink escaping": (_symlink_escape, ["field 'evidence'", "leads outside the submission folder"]),
    "evidence over size cap": (_over_cap, ["field 'evidence'", "over the cap of 1 MB"]),
    "evidence not a regular file": (_fifo, ["field 'evidence'", "is not a regular file"]),
    "table evidence outside folder": (
        lambda t: csv_file(t, HEADER + table_rows(levels={1: 2}, evidence={1: ["../../etc/passwd"]})),
        ["line 2", "field 'evidence'", "leaves the submission folder"],
    ),
    "wrong framework": (
        lambda t: write_bundle(t / "in" / "b", framework="spbe-2018"),
        ["field 'framework'", "is for framework 'spbe-2018'"],
    ),
    "not a submission": (lambda t: csv_file(t, "hello", "notes.txt"), ["not a submission"]),
    "manifest linked from outside the bundle": (
        _manifest_link_outside, ["is a link to a file outside the bundle folder"]
    ),
    "xlsx with its data on the second sheet": (
        _xlsx_data_on_second_sheet, ["mandiri.xlsx", "the first sheet is empty"]
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_clearly_and_changes_nothing(tmp_path, db_path, case):
    build, expected = CASES[case]
    source = build(tmp_path)
    before = db_content(db_path)
    store = db_path.parent / "spbe-evidence"
    stored_before = sorted(p.name for p in store.rglob("*"))
    db = open_db(db_path)
    framework_id = "spbe-2020" if case == "wrong framework" else None
    options = ImportOptions(user="t", max_evidence_bytes=1024 * 1024, framework_id=framework_id)
    report = run_import(source, db, db_path, options)
    db.close()
    assert not report.ok
    message = "\n".join(str(p) for p in report.problems)
    for fragment in expected:
        assert fragment in message, message
    assert db_content(db_path) == before
    assert sorted(p.name for p in store.rglob("*")) == stored_before


@pytest.mark.parametrize("case", ["latin-1 encoding", "malformed JSON", "truncated xlsx", "evidence symlink escaping"])
def test_cli_reports_bad_input_without_traceback(tmp_path, db_path, case):
    source = CASES[case][0](tmp_path)
    before = db_content(db_path)
    result = subprocess.run(
        [sys.executable, "-m", "spbe_tui", "import", str(source), "--db", str(db_path)],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "error:" in result.stderr
    assert db_content(db_path) == before


def test_cli_dry_run_on_a_new_database_creates_nothing(tmp_path):
    bundle = write_bundle(tmp_path / "b")
    target = tmp_path / "fresh" / "spbe.db"
    result = subprocess.run(
        [sys.executable, "-m", "spbe_tui", "import", str(bundle), "--db", str(target), "--dry-run"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "dry run, nothing written" in result.stderr
    assert not target.exists()
