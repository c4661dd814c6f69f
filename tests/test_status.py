"""`spbe-tui status`: progress per institution and per assessor, the stage reached, and final
counted as complete only once the last stage has been held."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from spbe_tui.cli.columns import cells, fit
from spbe_tui.domain.levels import FINAL
from spbe_tui.services.evaluation import load_evaluation
from spbe_tui.services.levels import levels_at
from spbe_tui.services.status import load_status
from spbe_tui.storage.db import open_db, write
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
    assert (kab.reviu, kab.final, kab.reached.id, kab.complete) == (2, 47, "visitasi", True)
    kota = rows["kota-dua"]
    assert (kota.decided, kota.team, kota.reviu, kota.final, kota.complete) == ({}, {"dokumen": 46}, 0, 46, False)
    assert kota.reached.id == "dokumen"
    # A level for every indicator, carried forward from Penilaian Dokumen: provisional, not complete.
    rumus = rows["kab-rumus"]
    assert (rumus.final, rumus.total, rumus.reached.id, rumus.complete) == (47, 47, "dokumen", False)


def test_the_final_count_is_the_number_of_final_levels(own_db):
    # status counts final levels in SQL; the levels themselves come from domain.levels.final_levels.
    # A Tidak Valid reviu on kota-dua's one indicator without a team level gives it a final level too.
    db = open_db(own_db)
    evaluation = load_evaluation(db)
    missing = next(i.number for i in evaluation.framework.indicators
                   if i.number not in levels_at(db, evaluation, FINAL)["kota-dua"])
    with write(db):
        db.execute("INSERT INTO reviu VALUES (1, 'kota-dua', ?, 'tidak_valid', 3, 'koreksi', 'rina', '2025-01-01')",
                   [missing])
    finals = levels_at(db, evaluation, FINAL)
    counted = {row.id: row.final for row in load_status(db, evaluation).institutions}
    db.close()
    assert counted == {owner: len(levels) for owner, levels in finals.items()}
    assert counted["kota-dua"] == 47


def held_status(db_path, *statements: str):
    db = open_db(db_path)
    with write(db):
        for statement in statements:
            db.execute(statement)
    status = {row.id: row for row in load_status(db, load_evaluation(db)).institutions}
    db.close()
    return status


@pytest.fixture
def own_db(tmp_path):
    return make_scores_db(tmp_path)


def test_complete_once_the_chair_reveals_the_last_stage(own_db):
    rumus = held_status(own_db, "INSERT INTO reveals (evaluation_id, instansi_id, stage, revealed_by, revealed_at) "
                                "VALUES (1, 'kab-rumus', 'visitasi', 'ketua', '2025-06-02')")["kab-rumus"]
    assert (rumus.reached.id, rumus.complete) == ("visitasi", True)


def test_complete_once_every_member_submits_the_last_stage(own_db):
    lock = ("INSERT INTO stage_locks (evaluation_id, instansi_id, assessor_id, stage, locked_at) "
            "VALUES (1, 'kab-uji', '{}', 'visitasi', '2025-06-02')")
    no_team_level = "DELETE FROM team_levels WHERE instansi_id = 'kab-uji' AND stage = 'visitasi'"
    kab = held_status(own_db, no_team_level, lock.format("ani"), lock.format("budi"))["kab-uji"]
    assert (kab.reached.id, kab.final, kab.complete) == ("interviu", 47, False)  # ketua has not submitted
    kab = held_status(own_db, lock.format("ketua"))["kab-uji"]
    assert (kab.reached.id, kab.complete) == ("visitasi", True)


def test_an_institution_nobody_has_scored_has_reached_no_stage(own_db):
    rumus = held_status(own_db, "DELETE FROM reviu WHERE instansi_id = 'kab-rumus'",
                        "DELETE FROM team_levels WHERE instansi_id = 'kab-rumus'")["kab-rumus"]
    assert (rumus.reached, rumus.final, rumus.complete) == (None, 0, False)


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


def status_output(db_path, language: str, columns: int = 120) -> str:
    result = CliRunner().invoke(cli_app(), ["status", "--db", str(db_path)],
                                env={"COLUMNS": str(columns), "SPBE_TUI_LANG": language})
    assert result.exit_code == 0, result.output
    return result.output


def institution_line(output: str, instansi: str) -> list[str]:
    return next(line for line in output.splitlines() if line.lstrip().startswith(instansi)).split()


def test_status_command_prints_both_tables(db_path):
    output = status_output(db_path, "en")
    kab = institution_line(output, "kab-uji")
    assert kab[-7:] == ["2/47", "1/11", "0/2", "visitasi", "2", "47/47", "✓"]
    assert institution_line(output, "kab-rumus")[-3:] == ["dokumen", "1", "47/47"]  # no ✓: provisional
    assert institution_line(output, "kota-dua")[-3:] == ["dokumen", "0", "46/47"]
    assert "ketua" in output
    assert ("1 of 3 institutions have held the last stage (Penilaian Visitasi) and have a final level for every "
            "indicator") in " ".join(output.split())


def test_status_fits_80_columns(db_path):
    assert all(len(line) <= 80 for line in status_output(db_path, "id", columns=80).splitlines())
    assert institution_line(status_output(db_path, "id", columns=80), "kab-uji")[-2:] == ["47/47", "✓"]


# Words of the other language that must not appear (framework terms such as "reviu", stage ids
# and names like "Penilaian Visitasi", and the evaluation's own name, are the same in both).
ENGLISH = r"\b(institutions?|indicators?|of|have|held|stage|level|Name|Assessors?|per stage)\b"
INDONESIAN = r"\b(instansi|indikator|dari|telah|tahap|nilai|Nama|Asesor|tingkat|memiliki)\b"


def test_status_speaks_indonesian_throughout_in_id(db_path):
    output = status_output(db_path, "id")
    assert ("1 dari 3 instansi telah menyelesaikan tahap terakhir (Penilaian Visitasi) dan memiliki nilai final "
            "untuk setiap indikator") in " ".join(output.split())
    assert "Evaluasi SPBE 2025 — 3 instansi, 47 indikator" in output
    assert not re.search(ENGLISH, output), re.search(ENGLISH, output)


def test_status_speaks_english_throughout_in_en(db_path):
    output = status_output(db_path, "en")
    assert "Evaluasi SPBE 2025 — 3 institutions, 47 indicators" in output
    assert not re.search(INDONESIAN, output, re.I), re.search(INDONESIAN, output, re.I)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=12), width=st.integers(0, 14),
       right=st.booleans())
def test_a_cell_of_the_long_tables_is_counted_as_rich_counts_it_and_fitted_exactly(text, width, right):
    """The fast count of printable ASCII agrees with Rich's for any text, controls and wide
    characters included, and a fitted cell takes exactly its width."""
    assert cells(text) == cell_len(text)
    fitted = fit(text, width, right=right)
    assert cell_len(fitted) == width
