"""A corpus of malformed submissions (tests/bad_inputs.py): each is refused with a clear error
naming its file, never a traceback, and leaves the database and the evidence store exactly as
they were. Every case goes through run_import; the command line is run on a representative
subset, and on all the bundle cases at once as a folder of bundles.

Not bad input, and tested as such here: evidence that is damaged or hostile inside a sound
submission (a truncated PDF, a zip bomb in a DOCX). The submission is sound, so refusing it would
block an institution over one bad scan; the file is kept for the assessor to open and its failed
extraction is recorded with the reason, as the README promises.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.storage.db import open_db
from tests.bad_inputs import CORPUS, DAMAGED_EVIDENCE, MANIFEST, BadInput, is_bundle, named_file
from tests.importing_helpers import HEADER, db_content, write_bundle

CLI_TABLE_CASES = [
    "a 5 MB cell", "UTF-32 LE with BOM", "header with commas, rows with semicolons", "same instansi, two names",
    "xlsx level is a date", "xlsx declaring 2 GiB", "xlsx sheet XML cut short", "empty bundle folder",
    "manifest.json is a folder", "path that does not exist", "rows disagree on year",
    "xlsx evidence is a formula never calculated", "level in Arabic-Indic digits",
]
# `spbe-tui import` of a small bundle peaks at about 60 MiB, and at about 130 MiB while expat
# refuses an entity expansion; inflating a bomb up to the 200 MiB unzip cap would exceed this.
MAX_IMPORT_RSS_MIB = 200
LYING_BOMB = "I06-ukuran-palsu.docx"
# Linux carries a process's peak memory across fork and exec, so a child of this (by now large)
# pytest process would report pytest's peak; a small launcher in between reports the command's own.
PEAK_MEMORY_LAUNCHER = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); sys.exit(code)"
)


def _param(name: str, bug: str):
    marks = [pytest.mark.xfail(strict=True, reason=f"product bug: {bug}")] if bug else []
    return pytest.param(name, marks=marks, id=name)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A database holding a sound submission with stored evidence, so 'unchanged' means something."""
    root = tmp_path_factory.mktemp("template")
    db_path = root / "db" / "spbe.db"
    bundle = write_bundle(root / "baik", "kab-baik", name="Pemerintah Kabupaten Baik",
                          evidence={1: ["bukti/sk.txt"], 2: ["bukti/notulen.md"]},
                          files={"bukti/sk.txt": b"SK Bupati", "bukti/notulen.md": b"# Notulen"})
    db = open_db(db_path)
    assert run_import(bundle, db, db_path, ImportOptions(user="t")).ok
    db.close()
    return db_path.parent


@pytest.fixture
def db_path(template, tmp_path) -> Path:
    shutil.copytree(template, tmp_path / "db")
    return tmp_path / "db" / "spbe.db"


def snapshot(db_path: Path) -> tuple[list[str], list[tuple[str, int]]]:
    """The database's content row by row, and every path in the evidence store with its size
    (-1 for folders), temporary files included."""
    store = db_path.parent / "spbe-evidence"
    files = sorted((str(p.relative_to(store)), p.stat().st_size if p.is_file() else -1) for p in store.rglob("*"))
    return db_content(db_path), files


def cli_env() -> dict[str, str]:
    # Rich wraps at 80 columns when stderr is not a terminal; a path must stay on its error line.
    return {**os.environ, "COLUMNS": "5000"}


def run_cli(source: Path, db_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spbe_tui", "import", str(source), "--db", str(db_path)],
        capture_output=True, text=True, env=cli_env(), timeout=120,
    )


def assert_refused_cleanly(result: subprocess.CompletedProcess[str], named: list[Path]) -> None:
    """Exit 1; no traceback or internal error; every error line names one of the files, and
    every file is named by one."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output[-3000:]
    assert result.returncode == 1, output[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    prefixes = [f"error: {path}:" for path in named]
    assert errors and all(line.startswith(tuple(prefixes)) for line in errors), errors
    for prefix in prefixes:
        assert any(line.startswith(prefix) for line in errors), f"no error names {prefix}"


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 40 and sum(1 for case in CORPUS.values() if not case.bug) >= 40


@pytest.mark.parametrize("name", [_param(n, c.bug) for n, c in CORPUS.items()])
def test_malformed_submission_is_refused_and_changes_nothing(tmp_path, db_path, name):
    case: BadInput = CORPUS[name]
    source = case.build(tmp_path / "in" / "submission")
    before = snapshot(db_path)

    db = open_db(db_path)
    try:
        report = run_import(source, db, db_path, ImportOptions(user="t"))
    finally:
        db.close()

    assert not report.ok
    messages = [str(problem) for problem in report.problems]
    named = f"{named_file(source)}:"
    assert all(message.startswith(named) for message in messages), messages
    for fragment in case.expected:
        assert any(fragment in message for message in messages), (fragment, messages)
    assert snapshot(db_path) == before


def test_cli_refuses_every_bad_bundle_in_a_folder_and_changes_nothing(tmp_path, db_path):
    """All bundle cases side by side, as a folder of bundles from a regional office would arrive."""
    batch = tmp_path / "kiriman"
    manifests = []
    for name, case in CORPUS.items():
        if case.bug:
            continue
        source = case.build(batch / _slug(name))
        if is_bundle(source):
            manifests.append(source / MANIFEST)
        elif (batch / _slug(name)).exists():
            shutil.rmtree(batch / _slug(name))  # a table or a folder-level case: run on its own below
    assert len(manifests) >= 40
    before = snapshot(db_path)

    result = run_cli(batch, db_path)

    assert_refused_cleanly(result, manifests)
    assert snapshot(db_path) == before


@pytest.mark.parametrize("name", [_param(n, CORPUS[n].bug) for n in CLI_TABLE_CASES])
def test_cli_refuses_bad_input_clearly_and_changes_nothing(tmp_path, db_path, name):
    source = CORPUS[name].build(tmp_path / "in" / "submission")
    before = snapshot(db_path)

    result = run_cli(source, db_path)

    assert_refused_cleanly(result, [named_file(source)])
    assert snapshot(db_path) == before


@pytest.mark.parametrize("bad", [
    _param("evidence backslash ..", ""),
    _param("manifest.json is a folder", ""),
])
def test_folder_of_bundles_imports_the_good_ones_and_names_the_bad_one(tmp_path, db_path, bad):
    batch = tmp_path / "kiriman"
    write_bundle(batch / "kab-satu", "kab-satu", name="Pemerintah Kabupaten Satu",
                 evidence={1: ["bukti/sk.txt"]}, files={"bukti/sk.txt": b"SK satu"})
    write_bundle(batch / "kota-dua", "kota-dua", name="Pemerintah Kota Dua")
    broken = CORPUS[bad].build(batch / "kab-rusak")

    result = run_cli(batch, db_path)

    assert_refused_cleanly(result, [named_file(broken)])
    connection = sqlite3.connect(db_path)
    try:
        imported = {row[0] for row in connection.execute("SELECT instansi_id FROM submissions")}
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
    assert imported == {"kab-baik", "kab-satu", "kota-dua"}


@pytest.mark.parametrize("file_name", [_param(n, e.bug) for n, e in DAMAGED_EVIDENCE.items()])
def test_damaged_evidence_is_kept_with_the_reason(tmp_path, db_path, file_name):
    damaged = DAMAGED_EVIDENCE[file_name]
    relative = f"data-dukung/{file_name}"
    content = damaged.make()
    bundle = write_bundle(tmp_path / "in" / "b", evidence={4: [relative]}, files={relative: content})

    db = open_db(db_path)
    try:
        report = run_import(bundle, db, db_path, ImportOptions(user="t"))
        rows = list(db.query(
            """SELECT f.extract_status, f.extract_error, f.stored_path FROM evidence_files f
               JOIN revision_evidence r ON r.sha256 = f.sha256 WHERE r.name = ?""", [relative]))
    finally:
        db.close()

    assert report.ok, [str(p) for p in report.problems]
    assert [o.status for o in report.outcomes] == ["new"]
    assert len(rows) == 1 and rows[0]["extract_status"] == "failed"
    assert damaged.reason in rows[0]["extract_error"]
    assert (db_path.parent / "spbe-evidence" / rows[0]["stored_path"]).read_bytes() == content
    assert any(relative in warning for warning in report.warnings)


@pytest.mark.parametrize("names", [
    pytest.param([n for n, e in DAMAGED_EVIDENCE.items() if not e.bug and n != LYING_BOMB], id="all the others"),
    pytest.param([LYING_BOMB], id="a zip that understates its size"),
])
def test_cli_survives_zip_bombs_in_little_memory(tmp_path, db_path, names):
    """Bombs through the real command, whose peak memory the kernel reports."""
    files = {f"data-dukung/{n}": DAMAGED_EVIDENCE[n].make() for n in names}
    bundle = write_bundle(tmp_path / "in" / "b", files=files,
                          evidence={n: [name] for n, name in enumerate(files, start=1)})

    peak_file = tmp_path / "maxrss"
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY_LAUNCHER, str(peak_file),
         sys.executable, "-m", "spbe_tui", "import", str(bundle), "--db", str(db_path)],
        capture_output=True, text=True, env=cli_env(), timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    for name in files:
        assert any(name in line for line in warnings), f"no warning names {name}"
    assert int(peak_file.read_text()) / 1024 < MAX_IMPORT_RSS_MIB


@pytest.mark.parametrize(("delimiter", "line_end", "bom"), [
    pytest.param(",", "\n", True, id="UTF-8 with BOM"),
    pytest.param(",", "\r\n", False, id="CRLF line ends"),
    pytest.param(",", "\r", False, id="CR line ends (old Mac Excel)"),
    pytest.param(";", "\r\n", False, id="semicolon separated (Indonesian Excel)"),
    pytest.param("\t", "\n", False, id="tab separated"),
])
def test_odd_but_valid_tables_import(tmp_path, db_path, delimiter, line_end, bom):
    """BOMs, line ends and separators that spreadsheets really write are not bad input, and a
    quoted cell may hold a line break."""
    rows = [HEADER.strip().split(","), ["kota-uji", "Pemerintah Kota Uji", 1, 2, "Penjelasan, indikator 1", ""],
            ["kota-uji", "Pemerintah Kota Uji", 2, 4, "Baris satu\nbaris dua", ""]]
    text = io.StringIO()
    # Text cells quoted, as LibreOffice writes them: a line break in a cell stays inside quotes
    # whatever the line ends of the file.
    csv.writer(text, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_NONNUMERIC).writerows(rows)
    path = tmp_path / "in" / "mandiri.csv"
    path.parent.mkdir()
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode())

    db = open_db(db_path)
    try:
        report = run_import(path, db, db_path, ImportOptions(user="t"))
        stored = dict(db.execute(
            """SELECT s.indicator, s.penjelasan FROM self_assessments s JOIN revisions r ON r.id = s.revision_id
               JOIN submissions m ON m.id = r.submission_id WHERE m.instansi_id = 'kota-uji'""").fetchall())
    finally:
        db.close()

    assert report.ok, [str(p) for p in report.problems]
    assert stored == {1: "Penjelasan, indikator 1", 2: "Baris satu\nbaris dua"}


def test_a_hard_link_is_imported_as_the_file_it_is(tmp_path, db_path):
    """A hard link is not a pointer that can lead 'outside': it is one more name of the same file,
    indistinguishable from a copy, so the importer takes it like any regular file. Making one
    needs ownership of (or write access to) the file where fs.protected_hardlinks is on, the
    Linux default, so a submitter cannot use it to get a file they could not already read."""
    outside = tmp_path / "di-luar.txt"
    outside.write_bytes(b"Notulen rapat tim SPBE")
    bundle = write_bundle(tmp_path / "in" / "b", evidence={1: ["bukti/notulen.txt"]})
    (bundle / "bukti").mkdir()
    os.link(outside, bundle / "bukti" / "notulen.txt")

    db = open_db(db_path)
    try:
        report = run_import(bundle, db, db_path, ImportOptions(user="t"))
        text = db.execute(
            """SELECT p.text FROM evidence_pages p JOIN revision_evidence r ON r.sha256 = p.sha256
               WHERE r.name = 'bukti/notulen.txt'""").fetchone()
    finally:
        db.close()
    assert report.ok and text == ("Notulen rapat tim SPBE",)
