import io
import sqlite3

import pytest
from openpyxl import Workbook

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.storage.db import open_db, write
from spbe_tui.storage.decisions import DecisionKey, current_revision_id, upsert_decision
from spbe_tui.storage.people import ensure_assessor
from tests.importing_helpers import HEADER, db_content, table_rows, write_bundle


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "db" / "spbe.db"
    open_db(path).close()
    return path


def do_import(source, db_path, **options):
    db = open_db(db_path)
    try:
        return run_import(source, db, db_path, ImportOptions(user="tester", **options))
    finally:
        db.close()


def record_decision(db_path, instansi_id, assessor, stage, indicator, level):
    db = open_db(db_path)
    with write(db):
        ensure_assessor(db, assessor)
        revision = current_revision_id(db, 1, instansi_id)
        evidence = db.execute("SELECT evidence_hash FROM self_assessments WHERE revision_id = ? AND indicator = ?",
                              [revision, indicator]).fetchone()[0]
        upsert_decision(db, DecisionKey(1, instansi_id, assessor, stage, indicator), level=level,
                        justification="", revision_id=revision, evidence_hash=evidence)
    db.close()


def query(db_path, sql, params=()):
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def test_bundle_imports_levels_penjelasan_and_evidence(tmp_path, db_path):
    bundle = write_bundle(
        tmp_path / "b", levels={n: 1 + n % 5 for n in range(1, 48)},
        evidence={1: ["data/notulen.md"], 2: ["data/notulen.md", "data/sk.txt"]},
        files={"data/notulen.md": b"# Notulen\nRapat tim SPBE", "data/sk.txt": b"SK Bupati"},
    )
    report = do_import(bundle, db_path)
    assert report.ok, report.problems
    assert [(o.instansi_id, o.status, o.revision, o.indicators, o.evidence_files) for o in report.outcomes] == [
        ("kab-uji", "new", 1, 47, 2)
    ]
    assert query(db_path, "SELECT level, fakta, analisis FROM self_assessments WHERE indicator = 2") == [
        (3, "Fakta indikator 2", "Analisis 2")
    ]
    assert query(db_path, "SELECT year, framework_id FROM evaluations") == [(2025, "spbe-2020")]
    names = query(db_path, "SELECT indicator, name FROM revision_evidence ORDER BY indicator, name")
    assert names == [(1, "data/notulen.md"), (2, "data/notulen.md"), (2, "data/sk.txt")]
    stored = query(db_path, "SELECT stored_path, media_type, extract_status FROM evidence_files ORDER BY media_type")
    assert [(m, s) for _, m, s in stored] == [("text/markdown", "ok"), ("text/plain", "ok")]
    store = db_path.parent / "spbe-evidence"
    assert all((store / p).read_bytes() for p, _, _ in stored)
    assert query(db_path, "SELECT text FROM evidence_pages WHERE text LIKE '%Rapat%'") == [
        ("# Notulen\nRapat tim SPBE",)
    ]
    assert query(db_path, "SELECT kind, actor FROM events") == [("submission_imported", "tester")]


def test_evidence_survives_the_submitters_folder_being_removed(tmp_path, db_path):
    import shutil

    bundle = write_bundle(tmp_path / "b", evidence={5: ["x.txt"]}, files={"x.txt": b"isi"})
    do_import(bundle, db_path)
    shutil.rmtree(bundle)
    (stored,) = query(db_path, "SELECT stored_path FROM evidence_files")
    assert (db_path.parent / "spbe-evidence" / stored[0]).read_bytes() == b"isi"


def test_identical_reimport_changes_nothing(tmp_path, db_path):
    bundle = write_bundle(tmp_path / "b", evidence={1: ["a.txt"]}, files={"a.txt": b"A"})
    do_import(bundle, db_path)
    before = db_content(db_path)
    report = do_import(bundle, db_path)
    assert [o.status for o in report.outcomes] == ["unchanged"]
    assert db_content(db_path) == before


def test_changed_resubmission_is_a_new_revision_and_flags_stale_decisions(tmp_path, db_path):
    bundle = write_bundle(tmp_path / "b", evidence={1: ["a.txt"], 2: ["b.txt"]}, files={"a.txt": b"A", "b.txt": b"B"})
    do_import(bundle, db_path)
    record_decision(db_path, "kab-uji", "ani", "dokumen", 1, 3)
    record_decision(db_path, "kab-uji", "ani", "dokumen", 2, 2)
    (bundle / "a.txt").write_bytes(b"A, revised")
    report = do_import(bundle, db_path)
    (outcome,) = report.outcomes
    assert (outcome.status, outcome.revision) == ("revised", 2)
    assert [(d.assessor_id, d.stage, d.indicator) for d in outcome.stale] == [("ani", "dokumen", 1)]
    assert any("now marked stale" in w for w in report.warnings)
    assert query(db_path, "SELECT number FROM revisions ORDER BY number") == [(1,), (2,)]


def test_dry_run_writes_nothing(tmp_path, db_path):
    bundle = write_bundle(tmp_path / "b", evidence={1: ["a.txt"]}, files={"a.txt": b"A"})
    before = db_content(db_path)
    report = do_import(bundle, db_path, dry_run=True)
    assert [o.status for o in report.outcomes] == ["valid"]
    assert db_content(db_path) == before
    assert not (db_path.parent / "spbe-evidence").exists()


def test_csv_with_bom_semicolons_and_several_institutions(tmp_path, db_path):
    text = (HEADER + table_rows("kota-a", "Kota A") + table_rows("kota-b", "Kota B")).replace(",", ";")
    path = tmp_path / "mandiri.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = do_import(path, db_path)
    assert report.ok, report.problems
    assert sorted(o.instansi_id for o in report.outcomes) == ["kota-a", "kota-b"]
    assert query(db_path, "SELECT penjelasan FROM self_assessments WHERE indicator = 7 LIMIT 1") == [
        ("Penjelasan; indikator 7",)
    ]


def test_xlsx_table(tmp_path, db_path):
    (tmp_path / "bukti").mkdir()
    (tmp_path / "bukti" / "sk.txt").write_text("SK", encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([
        "instansi_id", "instansi_name", "indicator", "level", "penjelasan", "evidence", "fakta", "analisis",
        "instansi_type",
    ])
    for n in range(1, 48):
        evidence = "bukti/sk.txt" if n == 3 else None
        sheet.append(["prov-uji", "Provinsi Uji", n, float(1 + n % 4), f"P{n}", evidence, f"F{n}", f"A{n}", "provinsi"])
    workbook.save(tmp_path / "mandiri.xlsx")
    report = do_import(tmp_path / "mandiri.xlsx", db_path)
    assert report.ok, report.problems
    assert query(db_path, "SELECT type FROM instansi") == [("provinsi",)]
    assert query(db_path, "SELECT level, fakta FROM self_assessments WHERE indicator = 3") == [(4, "F3")]


def test_folder_of_bundles_imports_good_ones_and_refuses_the_bad_one(tmp_path, db_path):
    write_bundle(tmp_path / "all" / "a", "kab-a")
    write_bundle(tmp_path / "all" / "b", "kab-b", levels={1: 7})
    write_bundle(tmp_path / "all" / "c", "kab-c")
    report = do_import(tmp_path / "all", db_path)
    assert {o.instansi_id: o.status for o in report.outcomes} == {"kab-a": "new", "kab-b": "refused", "kab-c": "new"}
    assert not report.ok
    assert query(db_path, "SELECT id FROM instansi ORDER BY id") == [("kab-a",), ("kab-c",)]


def test_missing_indicators_are_a_warning_not_zero(tmp_path, db_path):
    bundle = write_bundle(tmp_path / "b", levels={n: 2 for n in range(1, 46)})
    report = do_import(bundle, db_path)
    assert report.ok
    assert report.warnings == ["kab-uji: no self-assessment for indicator(s) 46–47"]
    assert query(db_path, "SELECT count(*) FROM self_assessments") == [(45,)]


def test_corrupt_and_encrypted_documents_are_recorded_with_a_reason(tmp_path, db_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(200, 200)
    buffer = io.BytesIO()
    pdf.save(buffer)
    good_pdf = buffer.getvalue()
    files = {
        "rusak.pdf": good_pdf[: len(good_pdf) // 3],
        "rusak.docx": b"PK\x03\x04 not really a zip",
        "gambar.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
    }
    bundle = write_bundle(tmp_path / "b", evidence={1: list(files)}, files=files)
    report = do_import(bundle, db_path)
    assert report.ok, report.problems
    rows = dict(query(db_path, "SELECT media_type, extract_status || ':' || extract_error FROM evidence_files"))
    assert rows["image/png"] == "none:"
    assert rows["application/pdf"].startswith("failed:not a readable PDF")
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert rows[docx].startswith("failed:not a valid DOCX")
    assert len([w for w in report.warnings if "kab-uji" in w]) == 2
