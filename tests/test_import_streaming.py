"""A streaming import (issue 17): one submission at a time in memory, documents read in worker
processes, the same rows stored as when the importer reads them itself, and no worker left
behind whatever stops the import.

Memory is measured in a subprocess (its peak resident set, VmHWM), importing N and then 4N
submissions: when every submission was read before the first was stored, the peak grew by the
size of the whole input."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spbe_tui.importing import extract_pool
from spbe_tui.importing.importer import ImportOptions, ImportReport, run_import
from spbe_tui.importing.readers import open_input, read_table
from spbe_tui.sample.generator import generate
from spbe_tui.sample.writers import pdf_bytes
from spbe_tui.storage.db import open_db
from tests.importing_helpers import HEADER, write_bundle

REPO = Path(__file__).resolve().parent.parent
# Tables compared between a serial and a pooled import: every column but the times of the rows.
CONTENT = {
    "evaluations": "year, framework_id, name, stages",
    "instansi": "id, name, type",
    "revisions": "submission_id, number, content_hash, source, imported_by",
    "self_assessments": "revision_id, indicator, level, penjelasan, fakta, analisis, evidence_hash",
    "evidence_files": "sha256, size, media_type, stored_path, extract_status, extract_error, page_count",
    "evidence_pages": "sha256, page, title, text",
    "revision_evidence": "revision_id, indicator, name, sha256",
    "events": "kind, actor, evaluation_id, instansi_id, new_value",
}


def do_import(source: Path, db_path: Path, **options) -> ImportReport:
    db = open_db(db_path)
    try:
        return run_import(source, db, db_path, ImportOptions(user="t", **options))
    finally:
        db.close()


def content(db_path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(db_path)
    try:
        return {table: connection.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}").fetchall()
                for table, columns in CONTENT.items()}
    finally:
        connection.close()


def children_of(pid: int) -> set[int]:
    """Children made by any thread of `pid` (the pool starts its workers from threads)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- memory ------------------------------------------------------------------------------------

LONG_TEXT = "Penjelasan capaian tingkat kematangan, dengan data dukung yang relevan. " * 560  # 40 KB


def long_bundles(root: Path, count: int) -> Path:
    """Submissions of ~2 MB of text each: all of them held at once would show in the peak."""
    for n in range(count):
        folder = write_bundle(root / f"kab-{n:03}", f"kab-{n:03}", name=f"Kabupaten Uji {n:03}")
        manifest = folder / "manifest.json"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace(
            '"fakta": "Fakta indikator', f'"penjelasan": "{LONG_TEXT}", "fakta": "Fakta indikator'), encoding="utf-8")
    return root


def long_table(path: Path, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as table:
        table.write(HEADER)
        for n in range(count):
            table.writelines(f'kota-{n:03},Kota Uji {n:03},{i},2,"{LONG_TEXT}",\n' for i in range(1, 48))
    return path


PEAK_OF_AN_IMPORT = """
import resource, sys
from pathlib import Path
from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.storage.db import open_db
source, db_path = Path(sys.argv[1]), Path(sys.argv[2])
db = open_db(db_path)
report = run_import(source, db, db_path, ImportOptions(user="t", workers=1))
assert report.ok and len(report.outcomes) == int(sys.argv[3]), (report.problems, report.stopped)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kib(source: Path, db_path: Path, submissions: int) -> int:
    done = subprocess.run([sys.executable, "-c", PEAK_OF_AN_IMPORT, str(source), str(db_path), str(submissions)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.mark.parametrize("kind", ["bundles", "table"])
def test_peak_memory_does_not_grow_with_the_number_of_submissions(tmp_path, kind):
    few, many = 5, 20  # 9 MB and 38 MB of text: held whole, the second peak would be ~28 MB higher
    make = (lambda n: long_bundles(tmp_path / f"in-{n}", n)) if kind == "bundles" else \
        (lambda n: long_table(tmp_path / f"in-{n}.csv", n))
    peaks = [peak_kib(make(n), tmp_path / f"db-{n}" / "spbe.db", n) for n in (few, many)]
    assert peaks[1] - peaks[0] < 4 * 1024, f"peak {peaks[0]} KiB for {few}, {peaks[1]} KiB for {many}"


# --- the pool ----------------------------------------------------------------------------------


def varied_bundles(root: Path) -> Path:
    """Generated institutions (PDF, DOCX, XLSX, CSV, text, images), and one with documents that
    cannot be read, named by two institutions: their failures must read the same either way."""
    generate(root, institutions=6, seed=3)
    broken = {"bukti/rusak.pdf": pdf_bytes([["Halaman"]], title="x")[:200], "bukti/rusak.docx": b"PK\x03\x04 no zip"}
    for instansi_id in ("zz-rusak-1", "zz-rusak-2"):
        write_bundle(root / instansi_id, instansi_id, evidence={1: list(broken)}, files=broken)
    return root


def test_the_pool_reads_documents_in_other_processes_and_stores_the_same_rows(tmp_path, monkeypatch):
    source = varied_bundles(tmp_path / "in")
    serial = do_import(source, tmp_path / "serial" / "spbe.db", workers=1)

    def not_here(*_):
        raise AssertionError("a document was read in the importer's own process")

    monkeypatch.setattr(extract_pool, "prepare", not_here)
    pooled = do_import(source, tmp_path / "pool" / "spbe.db", workers=2)

    assert serial.ok and pooled.ok, [str(p) for p in [*serial.problems, *pooled.problems]]
    assert [(o.instansi_id, o.status, o.indicators, o.evidence_files) for o in pooled.outcomes] == \
        [(o.instansi_id, o.status, o.indicators, o.evidence_files) for o in serial.outcomes]
    assert pooled.warnings == serial.warnings
    assert any("zz-rusak-1: bukti/rusak.pdf: not a readable PDF" in w for w in pooled.warnings)
    assert not any(w.startswith("zz-rusak-2") for w in pooled.warnings)  # stored once, said once
    stored_serial, stored_pool = content(tmp_path / "serial" / "spbe.db"), content(tmp_path / "pool" / "spbe.db")
    assert len(stored_pool["evidence_pages"]) > 6
    assert {m for _, _, m, *_ in stored_pool["evidence_files"]} >= {"application/pdf", "image/png"}
    assert stored_pool == stored_serial
    for row in stored_pool["evidence_files"]:
        assert (tmp_path / "pool" / "spbe-evidence" / row[3]).read_bytes()


def test_a_big_import_uses_the_pool_and_a_small_one_does_not(tmp_path, monkeypatch):
    monkeypatch.setattr(extract_pool, "usable_cores", lambda: 2)
    with extract_pool.open_extractor(extract_pool.POOL_FROM_SUBMISSIONS - 1) as small:
        assert isinstance(small, extract_pool.InlineExtractor)
    with extract_pool.open_extractor(extract_pool.POOL_FROM_SUBMISSIONS) as big:
        assert isinstance(big, extract_pool.ExtractPool)
    monkeypatch.setattr(extract_pool, "usable_cores", lambda: 1)
    with extract_pool.open_extractor(10_000) as one_core:
        assert isinstance(one_core, extract_pool.InlineExtractor)


CRASH_ON_NAME = """
import os, signal
from spbe_tui.importing import extract

_extract = extract.extract


def extract_or_die(path, media_type):
    if "crash" in path.name:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel kills a worker out of memory, or a library crashes
    return _extract(path, media_type)


extract.extract = extract_or_die
"""


def test_a_worker_that_dies_fails_only_its_file(tmp_path, monkeypatch):
    before = children_of(os.getpid())  # a multiprocessing resource tracker another test started lives on
    # Workers are new interpreters: this sitecustomize, on their PYTHONPATH, makes one file kill its worker.
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(CRASH_ON_NAME, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "hook"))
    files = {"bukti/crash.txt": b"isi yang membunuh", "bukti/notulen.txt": b"Notulen rapat SPBE"}
    write_bundle(tmp_path / "in" / "kab-a", "kab-a", evidence={1: ["bukti/crash.txt"], 2: ["bukti/notulen.txt"]},
                 files=files)
    write_bundle(tmp_path / "in" / "kab-b", "kab-b", evidence={3: ["lain.txt"]}, files={"lain.txt": b"Lain"})
    db_path = tmp_path / "db" / "spbe.db"

    report = do_import(tmp_path / "in", db_path, workers=2)

    assert report.ok, [str(p) for p in report.problems]
    assert [o.status for o in report.outcomes] == ["new", "new"]
    assert report.warnings == [
        "kab-a: bukti/crash.txt: the text reader stopped while reading 'bukti/crash.txt' (Killed); "
        "the file is kept without its text"]
    connection = sqlite3.connect(db_path)
    try:
        rows = dict(connection.execute(
            "SELECT name, extract_status FROM evidence_files JOIN revision_evidence USING (sha256)").fetchall())
        (stored,) = connection.execute(
            "SELECT stored_path FROM evidence_files WHERE extract_status = 'failed'").fetchone()
    finally:
        connection.close()
    assert rows == {"bukti/crash.txt": "failed", "bukti/notulen.txt": "ok", "lain.txt": "ok"}
    assert (db_path.parent / "spbe-evidence" / stored).read_bytes() == b"isi yang membunuh"
    assert children_of(os.getpid()) <= before  # no worker left behind


def test_a_storage_fault_stops_the_workers_too(tmp_path):
    before = children_of(os.getpid())  # a multiprocessing resource tracker another test started lives on
    source = tmp_path / "in"
    for n in range(8):
        write_bundle(source / f"kab-{n}", f"kab-{n}", evidence={1: ["a.txt"]}, files={"a.txt": f"isi {n}".encode()})
    db_path = tmp_path / "spbe.db"
    db = open_db(db_path)
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    db.execute(f"PRAGMA max_page_count = {pages + 12}")  # the disk fills after a few submissions
    try:
        report = run_import(source, db, db_path, ImportOptions(user="t", workers=2))
    finally:
        db.close()

    assert report.stopped is not None
    statuses = [o.status for o in report.outcomes]
    failed = statuses.index("failed")
    assert statuses == ["new"] * failed + ["failed"] + ["not attempted"] * (7 - failed)
    assert children_of(os.getpid()) <= before  # no worker left behind


def test_an_unexpected_error_stops_the_workers_and_is_raised(tmp_path, monkeypatch):
    before = children_of(os.getpid())  # a multiprocessing resource tracker another test started lives on
    from spbe_tui.storage import submissions

    def broken(*_):
        raise RuntimeError("a bug")

    monkeypatch.setattr(submissions, "add_self_assessments", broken)
    write_bundle(tmp_path / "in" / "kab-a", "kab-a", evidence={1: ["a.txt"]}, files={"a.txt": b"isi"})

    with pytest.raises(RuntimeError, match="a bug"):
        do_import(tmp_path / "in", tmp_path / "db" / "spbe.db", workers=2)
    assert children_of(os.getpid()) <= before  # no worker left behind


# --- interrupted or killed ---------------------------------------------------------------------


def start_import(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """`spbe-tui import` of enough documents to be stopped while its workers read them."""
    generate(tmp_path / "in", institutions=40, seed=5)
    process = subprocess.Popen([sys.executable, "-m", "spbe_tui", "import", str(tmp_path / "in"), "--db",
                                str(tmp_path / "db" / "spbe.db")], cwd=REPO, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 30
    while not (workers := children_of(process.pid)):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.01)
    return process, workers


def test_ctrl_c_stops_the_import_and_its_workers(tmp_path):
    process, workers = start_import(tmp_path)
    os.killpg(process.pid, signal.SIGINT)  # what the terminal sends its foreground process group
    _, err = process.communicate(timeout=30)

    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert not any(alive(pid) for pid in workers)


def test_workers_end_by_themselves_when_the_importer_is_killed(tmp_path):
    process, workers = start_import(tmp_path)
    process.kill()
    process.communicate(timeout=30)

    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)


# --- tables read lazily ------------------------------------------------------------------------


def test_a_table_hands_on_each_institution_once_its_rows_are_read(tmp_path):
    path = tmp_path / "mandiri.csv"
    rows = [f"kota-{c},Kota {c},{n},2,p,\n" for c in "abc" for n in range(1, 4)]
    rows.insert(4, "kota-a,Kota a,4,3,p,\n")  # kota-a's last row comes after kota-b's first
    path.write_text(HEADER + "".join(rows), encoding="utf-8")

    opened = open_input(path)
    parts = [[s.instansi_id for s in part.submissions] for part in opened.parts]

    assert opened.total == 3
    assert parts == [["kota-a"], ["kota-b"], ["kota-c"]]
    assert [i.indicator for i in read_table(path).submissions[0].items] == [1, 2, 3, 4]


def test_a_file_named_by_many_rows_of_a_table_is_hashed_once(tmp_path, monkeypatch):
    from spbe_tui.importing import evidence

    hashed: list[str] = []
    sha256_of = evidence.sha256_of
    monkeypatch.setattr(evidence, "sha256_of", lambda path: hashed.append(path.name) or sha256_of(path))
    for name in ("bersama.txt", "a.txt", "b.txt"):
        (tmp_path / name).write_text(f"isi {name}", encoding="utf-8")
    rows = [f"kota-{c},Kota {c},{n},2,p,bersama.txt;{c}.txt\n" for c in "ab" for n in range(1, 48)]
    (tmp_path / "mandiri.csv").write_text(HEADER + "".join(rows), encoding="utf-8")

    report = do_import(tmp_path / "mandiri.csv", tmp_path / "db" / "spbe.db")

    assert report.ok, [str(p) for p in report.problems]
    assert sorted(hashed) == ["a.txt", "b.txt", "bersama.txt"]


PIECE = 1024 * 1024  # what the encoding check reads at a time


def table_around_a_piece_boundary(path: Path, char: str, after: bytes = b"") -> int:
    """A table whose `char` starts on the last byte of the first piece, then `after`; returns the
    number of the line holding `char`."""
    data = bytearray(HEADER.encode())
    cell = "x" * 1000
    while len(data) + 2 * len(f"kota-uji,Kota Uji,1,2,{cell},\n") < PIECE:
        data += f"kota-uji,Kota Uji,1,2,{cell},\n".encode()
    start = b"kota-uji,Kota Uji,1,2,"
    data += start + b"x" * (PIECE - 1 - len(data) - len(start)) + f"{char},\n".encode()
    line = data.count(b"\n")
    path.write_bytes(bytes(data) + after)
    return line


def test_a_character_cut_by_the_piece_boundary_is_read_whole(tmp_path):
    path = tmp_path / "mandiri.csv"
    table_around_a_piece_boundary(path, "é")
    assert path.read_bytes()[PIECE - 1:PIECE + 1] == "é".encode()

    result = read_table(path)

    assert not result.problems, [str(p) for p in result.problems]
    assert result.submissions[0].items[-1].penjelasan.endswith("xé")


def test_a_byte_that_is_not_utf8_is_named_with_its_line_in_a_big_table(tmp_path):
    path = tmp_path / "mandiri.csv"
    line = table_around_a_piece_boundary(path, "é", after=b"kota-uji,Kota Uji,2,2,caf\xe9,\n")

    (problem,) = read_table(path).problems

    assert problem.message == f"not UTF-8 text (byte 0xe9 on line {line + 1}); save the file as UTF-8"


def test_a_nul_byte_anywhere_is_refused_before_a_byte_that_is_not_utf8(tmp_path):
    path = tmp_path / "mandiri.csv"
    line = table_around_a_piece_boundary(path, "\xff", after=b"kota-uji,Kota Uji,2,2,a\x00b,\n")

    (problem,) = read_table(path).problems

    assert problem.message.startswith(f"line {line + 1}: the file contains NUL bytes")
