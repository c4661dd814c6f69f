"""Which level counts: self, team per stage with carry-forward, final with reviu."""

from __future__ import annotations

import pytest

from spbe_tui.domain.levels import FINAL, MANDIRI
from spbe_tui.errors import SpbeError
from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.services.evaluation import load_evaluation
from spbe_tui.services.levels import final_levels, levels_at, self_levels, team_levels_at
from spbe_tui.storage.db import open_db, write
from tests.importing_helpers import write_bundle
from tests.reviewer_helpers import SELF_LEVELS
from tests.scores_helpers import (
    KAB_DOKUMEN,
    KAB_INTERVIU,
    KAB_VISITASI,
    KOTA_DOKUMEN,
    STAMP,
    kab_final,
    make_scores_db,
)


@pytest.fixture
def db_path(tmp_path):
    return make_scores_db(tmp_path)


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def test_self_levels_are_the_submission(db):
    assert self_levels(db, load_evaluation(db), "kab-uji") == SELF_LEVELS


def test_self_levels_follow_the_latest_revision(db, db_path, tmp_path):
    changed = {**SELF_LEVELS, 1: 5, 2: 5}
    write_bundle(tmp_path / "again" / "kab-uji", "kab-uji", levels=changed)
    assert run_import(tmp_path / "again" / "kab-uji", db, db_path, ImportOptions(user="importer")).ok
    assert self_levels(db, load_evaluation(db), "kab-uji") == changed


def test_team_levels_are_carried_forward_stage_by_stage(db):
    evaluation = load_evaluation(db)
    assert team_levels_at(db, evaluation, "kab-uji", "dokumen") == KAB_DOKUMEN
    assert team_levels_at(db, evaluation, "kab-uji", "interviu") == {**KAB_DOKUMEN, **KAB_INTERVIU}
    assert team_levels_at(db, evaluation, "kab-uji", "visitasi") == {**KAB_DOKUMEN, **KAB_INTERVIU, **KAB_VISITASI}


def test_a_missing_team_level_stays_missing_rather_than_falling_back_to_self(db):
    evaluation = load_evaluation(db)
    assert 47 not in team_levels_at(db, evaluation, "kota-dua", "visitasi")
    assert 47 not in final_levels(db, evaluation, "kota-dua")
    assert final_levels(db, evaluation, "kota-dua") == KOTA_DOKUMEN


def test_final_takes_tidak_valid_corrections_and_keeps_valid_results(db):
    evaluation = load_evaluation(db)
    final = final_levels(db, evaluation, "kab-uji")
    assert final == kab_final()
    assert final[5] == 2  # corrected in reviu
    assert final[6] == KAB_DOKUMEN[6]  # reviu said valid


def test_a_correction_counts_even_without_a_team_level(db):
    with write(db):
        db.execute(
            """INSERT INTO reviu (evaluation_id, instansi_id, indicator, outcome, corrected_level, justification,
               reviewer_id, reviewed_at) VALUES (1, 'kota-dua', 47, 'tidak_valid', 2, 'dinilai ulang', 'rina', ?)""",
            [STAMP],
        )
    assert final_levels(db, load_evaluation(db), "kota-dua")[47] == 2


def test_only_the_evaluations_stages_count(db):
    # A monitoring year runs dokumen and interviu only: a visitasi level is not part of it.
    with write(db):
        db.execute("""UPDATE evaluations SET stages = '["dokumen", "interviu"]'""")
    evaluation = load_evaluation(db)
    assert final_levels(db, evaluation, "kab-uji")[10] == KAB_DOKUMEN[10]
    with pytest.raises(SpbeError):
        team_levels_at(db, evaluation, "kab-uji", "visitasi")


def test_batch_form_matches_the_per_institution_rules(db):
    evaluation = load_evaluation(db)
    institutions = ("kab-uji", "kota-dua", "kab-rumus")
    assert levels_at(db, evaluation, MANDIRI) == {i: self_levels(db, evaluation, i) for i in institutions}
    assert levels_at(db, evaluation, FINAL) == {i: final_levels(db, evaluation, i) for i in institutions}
    assert levels_at(db, evaluation, "interviu") == {
        i: team_levels_at(db, evaluation, i, "interviu") for i in institutions
    }


def test_unknown_point_is_refused(db):
    with pytest.raises(SpbeError, match="dokumen, interviu, visitasi"):
        levels_at(db, load_evaluation(db), "reviu")


@pytest.mark.parametrize("point, queries", [(MANDIRI, 1), ("dokumen", 1), (FINAL, 2)])
def test_the_whole_evaluation_costs_a_constant_number_of_queries(db, point, queries):
    evaluation = load_evaluation(db)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        levels_at(db, evaluation, point)
    finally:
        db.conn.set_trace_callback(None)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == queries
