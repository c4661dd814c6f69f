"""The log head `N:HASH`: printed by exports, reports and `audit head`, read in the same snapshot
as the data, and checked by `audit verify --head` against a deleted tail or a rehashed rewrite."""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from spbe_tui.services.audit import current_head, read_snapshot
from spbe_tui.storage.db import open_db
from spbe_tui.storage.events import GENESIS, _entry_hash
from tests.databases import open_database
from tests.panel_helpers import make_panel_db, score
from tests.scores_helpers import make_scores_db

HEAD = re.compile(r"\b(\d+):([0-9a-f]{64})\b")
REWRITTEN_FROM = 10


def cli(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """`spbe-tui ARGS` through the real entry point, in this process: exit status, stdout, stderr."""
    from spbe_tui.cli import main

    monkeypatch.setattr(sys, "argv", ["spbe-tui", *map(str, args)])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), captured.out, captured.err


def stored_head(db_path: Path) -> str:
    """The head read with plain sqlite3, not through the code under test."""
    with sqlite3.connect(db_path) as connection:
        count, last = connection.execute("SELECT count(*), max(id) FROM events").fetchone()
        (digest,) = connection.execute("SELECT hash FROM events WHERE id = ?", (last,)).fetchone()
    connection.close()
    return f"{count}:{digest}"


def tamper(db_path: Path, *statements: tuple[str, tuple]) -> None:
    """Change the log behind the program's back, as someone holding the file could: drop the
    append-only triggers, make the change, put the triggers back as they were."""
    connection = sqlite3.connect(db_path)
    triggers = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").fetchall()
    for name, _ in triggers:
        connection.execute(f"DROP TRIGGER {name}")
    for sql, parameters in statements:
        connection.execute(sql, parameters)
    for _, sql in triggers:
        connection.execute(sql)
    connection.commit()
    connection.close()


def delete_tail(db_path: Path, events: int) -> None:
    tamper(db_path, ("DELETE FROM events WHERE id > (SELECT max(id) FROM events) - ?", (events,)))


def rewrite_from(db_path: Path, first: int) -> None:
    """Edit event `first` and rehash it and every later one with the log's own hashing, so that
    the chain is valid again: only a head printed earlier can tell."""
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    rows = [dict(r) for r in connection.execute("SELECT * FROM events WHERE id >= ? - 1 ORDER BY id", (first,))]
    connection.close()
    previous = rows[0]["hash"]
    updates = []
    for row in rows[1:]:
        if row["id"] == first:
            row["justification"] = "ditulis ulang"
        row["prev_hash"], row["hash"] = previous, _entry_hash(previous, row)
        updates.append(("UPDATE events SET justification = ?, prev_hash = ?, hash = ? WHERE id = ?",
                        (row["justification"], row["prev_hash"], row["hash"], row["id"])))
        previous = row["hash"]
    tamper(db_path, *updates)


def event_hash_of(db_path: Path, event_id: int) -> str:
    with sqlite3.connect(db_path) as connection:
        (digest,) = connection.execute("SELECT hash FROM events WHERE id = ?", (event_id,)).fetchone()
    connection.close()
    return digest


@pytest.fixture(scope="module")
def scores_db(tmp_path_factory) -> Path:
    return make_scores_db(tmp_path_factory.mktemp("scores"))


@pytest.fixture(scope="module")
def log_template(tmp_path_factory) -> Path:
    """The panel database with ani's levels on 12 indicators: some twenty events."""
    db_path = make_panel_db(tmp_path_factory.mktemp("log"))
    score(db_path, "ani", {n: 1 + n % 5 for n in range(1, 13)})
    return db_path


@pytest.fixture
def log_db(log_template, tmp_path) -> Path:
    """A copy of the template for a test to tamper with (closed databases leave no -wal behind)."""
    return Path(shutil.copy(log_template, tmp_path / "spbe.db"))


# --- printed ---------------------------------------------------------------------------------------


def test_audit_head_prints_just_the_head(monkeypatch, capsys, log_db):
    assert cli(monkeypatch, capsys, "audit", "head", "--db", log_db) == (0, stored_head(log_db) + "\n", "")


def test_an_empty_log_has_the_genesis_head(monkeypatch, capsys, tmp_path):
    open_db(tmp_path / "new.db").close()
    assert cli(monkeypatch, capsys, "audit", "head", "--db", tmp_path / "new.db")[1] == f"0:{GENESIS}\n"


def test_verify_names_the_head_on_its_ok_line(monkeypatch, capsys, log_db):
    code, out, _ = cli(monkeypatch, capsys, "audit", "verify", "--db", log_db)
    count = stored_head(log_db).split(":")[0]
    assert (code, out) == (0, f"ok: {count} events, head {stored_head(log_db)}, chain intact, tables match the log\n")


@pytest.mark.parametrize("out_name", ["skor.csv", "-"])
def test_the_export_summary_carries_the_head(monkeypatch, capsys, scores_db, tmp_path, out_name):
    out = out_name if out_name == "-" else tmp_path / out_name
    code, stdout, stderr = cli(monkeypatch, capsys, "export", "--db", scores_db, "--out", out, "--allow-incomplete")
    summary = stderr if out_name == "-" else stdout
    assert code == 0 and summary.rstrip().endswith(f"; log head {stored_head(scores_db)}"), (stdout, stderr)


def test_the_xlsx_export_holds_the_head_in_its_document_properties(monkeypatch, capsys, scores_db, tmp_path):
    out = tmp_path / "skor.xlsx"
    assert cli(monkeypatch, capsys, "export", "--db", scores_db, "--out", out, "--allow-incomplete")[0] == 0
    properties = load_workbook(out).properties
    head = stored_head(scores_db)
    assert properties.keywords == head
    assert f"spbe-tui audit verify --head {head}" in properties.description


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_the_report_footer_carries_the_head(monkeypatch, capsys, scores_db, tmp_path, suffix):
    out = tmp_path / f"laporan.{suffix}"
    code, stdout, _ = cli(monkeypatch, capsys, "report", "--db", scores_db, "--instansi", "kab-uji", "--out", out)
    head = stored_head(scores_db)
    assert code == 0 and stdout.rstrip().endswith(f"; log head {head}")
    footer = out.read_text(encoding="utf-8").splitlines()[-1 if suffix == "md" else -3]
    count = head.split(":")[0]
    opening = '<p class="log">' if suffix == "html" else ""
    assert footer.startswith(f"{opening}Audit log: {count} events, head ")
    assert HEAD.findall(footer) == [tuple(head.split(":"))]


def test_the_head_and_the_data_come_from_one_snapshot(log_db):
    """A level committed by someone else while an export reads is in neither its head nor its data."""
    reader = open_database(log_db)
    with read_snapshot(reader) as head:
        score(log_db, "budi", {1: 4})  # another connection: a decision and its event, committed
        assert current_head(reader) == head
        assert reader.execute("SELECT count(*) FROM decisions WHERE assessor_id = 'budi'").fetchone()[0] == 0
    assert current_head(reader).count == head.count + 1
    assert reader.execute("SELECT count(*) FROM decisions WHERE assessor_id = 'budi'").fetchone()[0] == 1


# --- checked ---------------------------------------------------------------------------------------


def test_the_heads_given_are_each_checked(monkeypatch, capsys, log_db):
    earlier = f"{REWRITTEN_FROM}:{event_hash_of(log_db, REWRITTEN_FROM)}"
    now = stored_head(log_db)
    code, out, _ = cli(monkeypatch, capsys, "audit", "verify", "--db", log_db, "--head", earlier,
                       "--head", now.upper())  # hex digits as a person may type them
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("ok: ") and len(lines) == 3
    assert lines[1] == f"head {earlier}: ok: the log still extends it (event {REWRITTEN_FROM} has this hash)"
    assert lines[2].startswith(f"head {now}: ok: ")


def test_a_deleted_tail_is_caught_against_a_printed_head(monkeypatch, capsys, log_db):
    printed = stored_head(log_db)
    count = int(printed.split(":")[0])
    delete_tail(log_db, 3)
    # The shorter chain is intact; the rows the deleted events made are what tell, without a head.
    code, _, err = cli(monkeypatch, capsys, "audit", "verify", "--db", log_db)
    assert code == 1 and err.startswith("FAILED: the tables: ") and "no event of the log accounts for it" in err
    code, out, err = cli(monkeypatch, capsys, "audit", "verify", "--db", log_db, "--head", printed)
    failure = f"the log no longer reaches event {count} (it has {count - 3}): events were deleted"
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[:3] == [f"FAILED: head {printed}: {failure}",
                         f"chain intact: {count - 3} events, head {stored_head(log_db)}",
                         f"head {printed}: FAILED: {failure}"]
    assert lines[3].startswith("the tables: FAILED: ")


def test_a_rehashed_rewrite_is_caught_against_a_printed_head(monkeypatch, capsys, log_db):
    printed = stored_head(log_db)
    count, digest = printed.split(":")
    before_it = f"{REWRITTEN_FROM - 1}:{event_hash_of(log_db, REWRITTEN_FROM - 1)}"
    rewrite_from(log_db, REWRITTEN_FROM)
    now = stored_head(log_db)
    assert now != printed and now.startswith(f"{count}:")
    assert cli(monkeypatch, capsys, "audit", "verify", "--db", log_db)[0] == 0  # a valid chain again
    code, _, err = cli(monkeypatch, capsys, "audit", "verify", "--db", log_db, "--head", before_it, "--head", printed)
    assert code == 1
    assert err.splitlines()[0] == (f"FAILED: head {printed}: event {count}'s hash is now {now.split(':')[1]}, "
                                   f"the printed head says {digest}: the log was rewritten")
    assert f"head {before_it}: ok: " in err  # a head from before the rewrite still holds


@pytest.mark.parametrize("given", ["12", "12:abc", "x:" + "a" * 64, "-1:" + "a" * 64, "0:" + "a" * 64])
def test_a_malformed_head_is_one_line(monkeypatch, capsys, log_db, given):
    code, out, err = cli(monkeypatch, capsys, "audit", "verify", "--db", log_db, "--head", given)
    assert (code, out) == (1, "") and err.startswith(f"error: {given!r} is not a log head") and err.count("\n") == 1
