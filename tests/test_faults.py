"""Faults of the disk, the file system and the database file, each as one line and a clean state.

- A disk that fills during `import` stops it at that submission: the ones before stay committed,
  the failed one leaves no row, the report says which were stored and which not attempted.
- A disk that fills during `export` leaves the old file and no temporary file, and says so.
- `--out` never replaces a link, a device, a pipe or a directory.
- A database the user may only read serves the read commands; write commands say it is read-only.
- A database migrated by a newer spbe-tui is refused at open, naming the migrations.
- Whatever sqlite or the OS raise past the services is `error: …`, never "internal error".

A full disk is made two ways. Deterministically, with SQLite's `PRAGMA max_page_count`: every
write that would grow the file past that many pages fails with "database or disk is full", as
on a full disk. And for real, on a 2 MiB tmpfs, when the tests may mount one (root, or CI).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.storage.db import open_db
from spbe_tui.storage.migrations import migrations
from tests.databases import open_database
from tests.importing_helpers import db_content, write_bundle
from tests.panel_helpers import make_panel_db
from tests.reviewer_helpers import make_review_db

SUBMISSIONS = 30
FAILED, NOT_ATTEMPTED = "failed", "not attempted"  # the import table's words for the stopped ones
HEADROOM_PAGES = 12  # a submission of 47 levels takes one or two pages: the disk fills part-way


def main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """`spbe-tui ARGS` through the real entry point: exit status, stdout, stderr."""
    from spbe_tui.cli import main as entry

    monkeypatch.setattr(sys, "argv", ["spbe-tui", *map(str, args)])
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as exited:
        entry()
    captured = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), captured.out, captured.err


def cli(*args: str, prefix: list[str] | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*(prefix or []), sys.executable, "-m", "spbe_tui", *map(str, args)], capture_output=True,
                          text=True, env={**os.environ, "COLUMNS": "200", **(env or {})}, timeout=120)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def bundles(root: Path, count: int = SUBMISSIONS, evidence_bytes: int = 0) -> Path:
    folder = root / "bundles"
    for n in range(count):
        files, evidence = {}, {}
        if evidence_bytes:
            # Unique text per submission: the store cannot share it, and its text goes into the database.
            line = f"Notulen rapat kabupaten {n:02}: arsitektur SPBE, baris ".encode()
            files = {"bukti/notulen.txt": b"".join(line + str(i).encode() + b"\n"
                                                   for i in range(evidence_bytes // (len(line) + 6)))}
            evidence = {1: ["bukti/notulen.txt"]}
        write_bundle(folder / f"kab-{n:02}", f"kab-{n:02}", name=f"Kabupaten Uji {n:02}", files=files,
                     evidence=evidence)
    return folder


def limit_growth(db, pages: int = HEADROOM_PAGES) -> None:
    (count,) = db.execute("PRAGMA page_count").fetchone()
    db.execute(f"PRAGMA max_page_count = {count + pages}")


def instansi_ids(db_path: Path) -> list[str]:
    connection = sqlite3.connect(db_path)
    try:
        return [row[0] for row in connection.execute("SELECT id FROM instansi ORDER BY id")]
    finally:
        connection.close()


# --- 1. a full disk during import --------------------------------------------------------------


def test_import_stops_at_a_full_disk_and_keeps_what_was_committed(tmp_path):
    source = bundles(tmp_path)
    db_path = tmp_path / "spbe.db"
    db = open_database(db_path)
    limit_growth(db)
    committed: list[list[str]] = []

    def progress(done: int, total: int, label: str) -> None:
        # Called before each submission: what another program sees committed at that moment.
        if label:
            committed.append(db_content(db_path))

    report = run_import(source, db, db_path, ImportOptions(user="importer"), progress)

    assert report.stopped is not None and "the disk is full" in str(report.stopped)
    statuses = [o.status for o in report.outcomes]
    failed = statuses.index(FAILED)
    assert 0 < failed < SUBMISSIONS - 1, statuses
    assert statuses == ["new"] * failed + [FAILED] + [NOT_ATTEMPTED] * (SUBMISSIONS - failed - 1)
    assert not report.ok
    # The failed submission left nothing: the database is exactly as it was before it started.
    assert db_content(db_path) == committed[failed]
    assert instansi_ids(db_path) == [f"kab-{n:02}" for n in range(failed)]
    message = report.stop_message()
    assert f"import stopped at kab-{failed:02}: the disk is full" in message
    assert f"{failed} submission(s) before it are stored" in message
    assert f"{SUBMISSIONS - failed - 1} after it are not" in message


def test_import_command_on_a_full_disk_prints_the_table_and_one_error(tmp_path, monkeypatch, capsys):
    import spbe_tui.services.database as database

    source = bundles(tmp_path)
    db_path = tmp_path / "spbe.db"
    open_db(db_path).close()
    real_open = database.open_db

    def full_soon(path, **options):
        db = real_open(path, **options)
        limit_growth(db)
        return db

    monkeypatch.setattr(database, "open_db", full_soon)
    code, _out, err = main(monkeypatch, capsys, "import", source, "--db", db_path)

    assert code == 1
    stored = instansi_ids(db_path)
    assert 0 < len(stored) < SUBMISSIONS - 1
    failed = f"kab-{len(stored):02}"
    assert "internal error" not in err and "Traceback" not in err
    assert error_lines(err) == [
        f"error: import stopped at {failed}: the disk is full; {len(stored)} submission(s) before it are stored, "
        f"{failed} and {SUBMISSIONS - len(stored) - 1} after it are not; once that is fixed, run the same import "
        "again (the stored ones come out unchanged)"
    ]
    rows = {line.split("│")[1].split()[0]: line.split("│")[2].strip() for line in err.splitlines()
            if line.startswith("│ kab-")}
    assert rows == {f"kab-{n:02}": "new" if n < len(stored) else FAILED if n == len(stored) else NOT_ATTEMPTED
                    for n in range(SUBMISSIONS)}
    assert f"{SUBMISSIONS} submission(s): 1 failed, {len(stored)} new, {SUBMISSIONS - len(stored) - 1} not attempted" \
        in err


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 2 MiB tmpfs: a disk that really fills. Mounting needs root (CAP_SYS_ADMIN)."""
    ci = os.environ.get("CI") == "true"
    if os.geteuid() != 0 and not ci:
        pytest.skip("a real full disk needs a small tmpfs, and mounting one needs root")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    try:
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(mount_point)],
                                capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("no mount command here to make a small tmpfs")
    if result.returncode != 0:
        reason = result.stderr.strip() or f"exit status {result.returncode}"
        if ci:
            pytest.skip(f"CI=true, but this container does not permit mount (needs CAP_SYS_ADMIN): {reason}")
        pytest.skip(f"cannot mount a small tmpfs here: {reason}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_import_onto_a_real_full_disk(tmp_path, small_disk):
    source = bundles(tmp_path, evidence_bytes=100_000)  # 30 × (100 kB stored + 100 kB of text) > 2 MiB
    db_path = small_disk / "spbe.db"

    result = cli("import", source, "--db", db_path)

    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    (line,) = error_lines(result.stderr)
    stored = instansi_ids(db_path)
    assert 0 < len(stored) < SUBMISSIONS - 1
    assert stored == [f"kab-{n:02}" for n in range(len(stored))]
    assert line.startswith(f"error: import stopped at kab-{len(stored):02}: ")
    assert "the disk is full" in line or "no space left on device" in line
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        per_revision = connection.execute(
            "SELECT count(*) FROM self_assessments GROUP BY revision_id").fetchall()
        assert per_revision == [(47,)] * len(stored)  # every stored submission whole
        (events,) = connection.execute("SELECT count(*) FROM events WHERE kind = 'submission_imported'").fetchone()
        assert events == len(stored)
    finally:
        connection.close()


# --- 1. a full disk during export --------------------------------------------------------------


def test_export_onto_a_full_disk_keeps_the_old_file(tmp_path, monkeypatch, capsys):
    import spbe_tui.writers.csv_writer as writer

    db_path = make_review_db(tmp_path)
    target = tmp_path / "out" / "scores.csv"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    real, calls = writer.format_cell, {"n": 0}

    def disk_fills(value, decimal_comma=False):
        calls["n"] += 1
        if calls["n"] > 60:  # part-way through the rows, as a disk fills
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(value, decimal_comma)

    monkeypatch.setattr(writer, "format_cell", disk_fills)
    code, _out, err = main(monkeypatch, capsys, "export", "--db", db_path, "--out", target, "--allow-incomplete")

    assert code == 1
    assert error_lines(err) == [f"error: cannot write {target}: no space left on device; it was left as it was"]
    assert "internal error" not in err
    assert target.read_text(encoding="utf-8") == "old" and os.listdir(target.parent) == ["scores.csv"]


def test_export_onto_a_real_full_disk(tmp_path, small_disk):
    db_path = make_review_db(tmp_path)
    target = small_disk / "scores.csv"
    target.write_text("old", encoding="utf-8")
    with open(small_disk / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC

    result = cli("export", "--db", db_path, "--out", target, "--allow-incomplete")

    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        f"error: cannot write {target}: no space left on device; it was left as it was"]
    assert "internal error" not in result.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(small_disk)) == ["filler", "scores.csv"]


# --- 1. sqlite and OS faults that reach the entry point ----------------------------------------


def test_a_sqlite_fault_past_the_services_is_one_line(tmp_path, monkeypatch, capsys):
    import spbe_tui.services.status as status

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(status, "load_status", full)
    code, _out, err = main(monkeypatch, capsys, "status", "--db", make_review_db(tmp_path))
    assert (code, err) == (1, "error: the disk is full\n")


def test_an_os_fault_past_the_services_is_one_line_with_the_file(tmp_path, monkeypatch, capsys):
    import spbe_tui.services.status as status

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/srv/spbe/spbe-evidence/ab")

    monkeypatch.setattr(status, "load_status", denied)
    code, _out, err = main(monkeypatch, capsys, "status", "--db", make_review_db(tmp_path))
    assert (code, err) == (1, "error: /srv/spbe/spbe-evidence/ab: Permission denied\n")


# --- 2. --out is a regular file or a new name ---------------------------------------------------


def _special_targets(folder: Path, suffix: str) -> list[tuple[Path, str]]:
    real = folder / f"real{suffix}"
    real.write_text("old", encoding="utf-8")
    link = folder / f"link{suffix}"
    link.symlink_to(real)
    dangling = folder / f"dangling{suffix}"
    dangling.symlink_to(folder / f"nowhere{suffix}")
    fifo = folder / f"pipe{suffix}"
    os.mkfifo(fifo)
    subfolder = folder / f"folder{suffix}"
    subfolder.mkdir()
    targets = [(link, "a symbolic link"), (dangling, "a symbolic link"), (fifo, "a named pipe"),
               (subfolder, "a directory")]
    # A device node of our own (the full device's numbers), never /dev/full itself: a regression
    # must not destroy the real one. Only root may make one, and not in every container.
    device = folder / f"full{suffix}"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except OSError:
        pass
    else:
        targets.append((device, "a character device"))
    return targets


def _entries(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (os.lstat(p).st_mode, os.lstat(p).st_ino) for p in folder.iterdir()}


@pytest.mark.parametrize(("command", "suffix"), [("export", ".csv"), ("report", ".md")])
def test_out_refuses_links_devices_pipes_and_folders(tmp_path, monkeypatch, capsys, command, suffix):
    db_path = make_review_db(tmp_path)
    work = tmp_path / "targets"
    work.mkdir()
    targets = _special_targets(work, suffix)
    before = _entries(work)
    for target, kind in targets:
        if command == "export":
            args = ["export", "--db", db_path, "--out", target, "--allow-incomplete"]
        else:
            args = ["report", "--db", db_path, "--instansi", "kab-uji", "--out", target]
        code, _out, err = main(monkeypatch, capsys, *args)
        assert code == 1, (target, err)
        assert error_lines(err) == [f"error: {target} is {kind}; give the name of a regular file or a new one"]
    assert _entries(work) == before  # nothing replaced, no temporary file left
    assert (work / f"real{suffix}").read_text(encoding="utf-8") == "old"


def test_a_target_that_becomes_a_link_while_written_is_not_replaced(tmp_path, monkeypatch, capsys):
    import spbe_tui.writers.csv_writer as writer

    db_path = make_review_db(tmp_path)
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("someone else's", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "scores.csv"
    real = writer.format_cell

    def swap(value, decimal_comma=False):
        if not target.is_symlink():
            target.symlink_to(elsewhere)  # between the first check and the rename
        return real(value, decimal_comma)

    monkeypatch.setattr(writer, "format_cell", swap)
    code, _out, err = main(monkeypatch, capsys, "export", "--db", db_path, "--out", target, "--allow-incomplete")
    assert code == 1
    assert error_lines(err) == [f"error: {target} is a symbolic link; give the name of a regular file or a new one"]
    assert target.is_symlink() and os.listdir(out) == ["scores.csv"]
    assert elsewhere.read_text(encoding="utf-8") == "someone else's"


def test_write_table_checks_the_target_too(tmp_path):
    from spbe_tui.errors import SpbeError
    from spbe_tui.services.scores import ScoreTable
    from spbe_tui.writers.score_file import write_table

    fifo = tmp_path / "scores.csv"
    os.mkfifo(fifo)
    with pytest.raises(SpbeError, match="is a named pipe"):
        write_table(fifo, ScoreTable("wide", ("a",), [(1,)]), "csv")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.listdir(tmp_path) == ["scores.csv"]


# --- 3. a database the user may only read ------------------------------------------------------


def _other_user() -> list[str] | None:
    """A prefix that runs a command as someone file modes apply to.

    The suite runs as root in CI, and root ignores file modes: a 0444 database is writable to it.
    So, as root, the commands run as `nobody` (uid 65534) through setpriv or runuser; as anyone
    else, the modes already apply to the test's own user. None when neither works (a container
    without CAP_SETUID, or a checkout nobody may read).
    """
    if os.geteuid() != 0:
        return []
    candidates = (["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], ["runuser", "-u", "nobody", "--"])
    for prefix in candidates:
        if shutil.which(prefix[0]) is None:
            continue
        probe = subprocess.run([*prefix, sys.executable, "-c", "import spbe_tui.cli"], capture_output=True)
        if probe.returncode == 0:
            return prefix
    return None


@pytest.fixture
def shared_root() -> Iterator[Path]:
    """A folder others may enter (pytest's own tmp folders are closed to everyone but us)."""
    root = Path(tempfile.mkdtemp(prefix="spbe-ro-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        for folder, _dirs, _files in os.walk(root):
            os.chmod(folder, 0o755)
        shutil.rmtree(root)


def _read_only(db_path: Path) -> None:
    """The database file 0444 in a 0555 folder, with no -wal or -shm beside it: the hardest case,
    where SQLite can neither write the file nor create the files a WAL reader needs."""
    assert not db_path.with_name(db_path.name + "-wal").exists()
    assert not db_path.with_name(db_path.name + "-shm").exists()
    db_path.chmod(0o444)
    db_path.parent.chmod(0o555)


def test_read_commands_serve_a_database_the_user_may_only_read(shared_root):
    prefix = _other_user()
    if prefix is None:
        pytest.skip("running as root with no way to become another user (setpriv/runuser) for file modes to apply")
    db_path = make_panel_db(shared_root / "data")
    out = shared_root / "out"
    out.mkdir()
    out.chmod(0o777)
    _read_only(db_path)
    before = db_content(db_path)
    env = {"HOME": str(out), "USER": "ani", "LOGNAME": "ani"}

    for args in (["status"], ["audit", "verify"], ["export", "--out", out / "scores.csv", "--allow-incomplete"],
                 ["report", "--instansi", "kab-uji", "--out", out / "laporan.md"]):
        result = cli(*args, "--db", db_path, prefix=prefix, env=env)
        assert result.returncode in (0, 1) and "read-only" not in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (args, result.stderr)
        if args[0] != "report":  # the report of an unfinished institution may be refused, for its own reason
            assert result.returncode == 0, (args, result.stderr)
    assert (out / "scores.csv").exists()
    bundle = write_bundle(out / "bundle", "kab-uji", levels={n: 4 for n in range(1, 48)})
    checked = cli("import", bundle, "--dry-run", "--db", db_path, prefix=prefix, env=env)
    assert checked.returncode == 0 and "1 valid" in checked.stderr, checked.stderr

    write = cli("lock", "--instansi", "kab-uji", "--stage", "dokumen", "--as", "ani", "--db", db_path,
                prefix=prefix, env=env)
    assert write.returncode == 1
    assert write.stderr == f"error: {db_path}: the database is read-only for you\n"
    assert db_content(db_path) == before


def test_a_read_only_open_writes_nothing_and_leaves_the_journal_mode(tmp_path):
    from spbe_tui.errors import StorageError
    from spbe_tui.storage.db import write

    db_path = make_review_db(tmp_path)
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA journal_mode = DELETE")  # as an older tool might have left it
    connection.close()
    before = db_content(db_path)

    db = open_db(db_path, read_only=True)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("SELECT count(*) FROM instansi").fetchone()[0] == 2
        with pytest.raises(StorageError, match="the database is read-only for you"), write(db):
            db.execute("DELETE FROM reviewer_state")
    finally:
        db.close()
    assert db_content(db_path) == before
    with pytest.raises(StorageError, match="cannot be opened"):
        open_db(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()


def test_a_read_only_database_that_needs_an_upgrade(shared_root):
    from tests.test_upgrade import applied_names, migration_names, write_old_database

    prefix = _other_user()
    if prefix is None:
        pytest.skip("running as root with no way to become another user (setpriv/runuser) for file modes to apply")
    folder = shared_root / "data"
    folder.mkdir()
    db_path = folder / "spbe.db"
    write_old_database(db_path, len(migration_names()) - 1)
    _read_only(db_path)
    before = db_content(db_path)

    refused = cli("status", "--db", db_path, prefix=prefix, env={"HOME": str(shared_root)})
    assert refused.returncode == 1
    assert refused.stderr == ("error: this database needs an upgrade; open it once with write access "
                              "(spbe-tui status as its owner)\n")
    assert db_content(db_path) == before

    # Its owner, who may write, upgrades it with the same read command.
    folder.chmod(0o755)
    db_path.chmod(0o600)
    upgraded = cli("status", "--db", db_path)
    assert upgraded.returncode == 0, upgraded.stderr
    db = open_database(db_path)
    assert applied_names(db) == migration_names()


# --- 4. a database from a newer spbe-tui -------------------------------------------------------


def test_a_database_from_a_newer_version_is_refused_at_open(tmp_path, monkeypatch, capsys):
    db_path = make_panel_db(tmp_path)
    connection = sqlite3.connect(db_path)
    with connection:
        for name in ("m006_assessor_notes", "m007_visit_photos"):
            connection.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                               "VALUES ('spbe_tui', ?, '2027-01-01 00:00:00+00:00')", (name,))
        connection.execute("ALTER TABLE decisions ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    connection.close()
    before = db_content(db_path)
    newest = _newest_known()

    expected = (f"error: this database was upgraded by a newer spbe-tui (migrations m006_assessor_notes, "
                f"m007_visit_photos); this version knows migrations up to {newest}: a newer spbe-tui is needed "
                "to open it\n")
    for args in (["status"], ["audit", "verify"], ["lock", "--instansi", "kab-uji", "--as", "ani"],
                 ["team-level", "--instansi", "kab-uji", "--indicator", "1", "--level", "3", "--justification", "x",
                  "--as", "ani"]):
        code, _out, err = main(monkeypatch, capsys, *args, "--db", db_path)
        assert (code, err) == (1, expected), args
    assert db_content(db_path) == before


def _newest_known() -> str:
    from sqlite_utils import Database

    empty = Database(memory=True)
    try:
        return migrations.pending(empty)[-1].name
    finally:
        empty.close()
