"""`spbe-tui status`: progress per institution and per assessor."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from spbe_tui.services.evaluation import load_evaluation
from spbe_tui.services.status import load_status
from spbe_tui.storage.db import open_db
from tests.scores_helpers import KAB_INTERVIU, KAB_VISITASI, cli_app, make_scores_db


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return make_scores_db(tmp_path_factory.mktemp("status"))


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def test_progress_per_institution(db):
    status = load_status(db, load_evaluation(db))
    rows = {row.id: row for row in status.institutions}
    assert list(rows) == ["kab-rumus", "kab-uji", "kota-dua"]
    kab = rows["kab-uji"]
    # Indicators 1 and 2 decided at dokumen; at interviu only 4 (the note on 8 has no level).
    assert kab.decided == {"dokumen": 2, "interviu": 1}
    assert kab.team == {"dokumen": 47, "interviu": len(KAB_INTERVIU), "visitasi": len(KAB_VISITASI)}
    assert (kab.reviu, kab.final, kab.complete) == (2, 47, True)
    kota = rows["kota-dua"]
    assert (kota.decided, kota.team, kota.reviu, kota.final, kota.complete) == ({}, {"dokumen": 46}, 0, 46, False)


def test_progress_per_assessor(db):
    status = load_status(db, load_evaluation(db))
    people = {p.id: (p.assigned, p.decided) for p in status.assessors}
    # rina only reviews: no assignment and no decisions, so she has no progress to show here.
    assert people == {
        "ani": (1, {"dokumen": 2, "interviu": 1}),
        "budi": (1, {"dokumen": 1}),
        "ketua": (3, {}),
    }


def test_status_runs_a_fixed_number_of_queries(db):
    evaluation = load_evaluation(db)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        load_status(db, evaluation)
    finally:
        db.conn.set_trace_callback(None)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 9


def test_status_command_prints_both_tables(db_path):
    result = CliRunner().invoke(cli_app(), ["status", "--db", str(db_path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "kab-uji" in line)
    assert "2/47" in line and "1/11" in line and "0/2" in line and "47/47 ✓" in line
    assert "46/47" in result.output and "ketua" in result.output
    assert "2 of 3 institutions have a final level for every indicator" in result.output
