import json

import pytest

from spbe_tui.errors import SpbeError
from spbe_tui.services.review import Origin
from spbe_tui.services.rights import AccessDenied
from spbe_tui.services.workspace import Workspace
from spbe_tui.storage.db import open_db
from tests.reviewer_helpers import SELF_LEVELS, db_rows, make_review_db


@pytest.fixture
def db_path(tmp_path):
    return make_review_db(tmp_path)


@pytest.fixture
def workspace(db_path):
    db = open_db(db_path)
    yield Workspace(db, "ani", db_path=db_path)
    db.close()


def test_first_stage_starts_from_the_self_assessment(workspace):
    session = workspace.open("kab-uji", "dokumen")
    state = session.state(7)
    assert (state.level, state.origin, state.self_level) == (SELF_LEVELS[7], Origin.SELF, SELF_LEVELS[7])
    assert session.undecided_count == 47


def test_level_is_written_at_once_with_an_event(workspace, db_path):
    session = workspace.open("kab-uji", "dokumen")
    session.set_level(7, 4)
    assert db_rows(db_path, "SELECT level, assessor_id, stage FROM decisions WHERE indicator = 7") == [
        (4, "ani", "dokumen")
    ]
    [(kind, actor, old, new)] = db_rows(db_path, "SELECT kind, actor, old_value, new_value FROM events "
                                                 "WHERE kind = 'decision'")
    assert (kind, actor, old) == ("decision", "ani", None)
    # What it was decided against is logged with it: revision 1 and the indicator's evidence set.
    assert json.loads(new) == {"justification": "", "level": 4, "revision": 1,
                               "evidence_hash": session.state(7).evidence_hash}
    assert session.state(7).origin is Origin.DECIDED and session.undecided_count == 46


def test_later_stage_carries_the_previous_level_forward(workspace):
    session = workspace.open("kab-uji", "dokumen")
    session.set_level(3, 2)
    session.change_stage("interviu")
    state = session.state(3)
    assert (state.level, state.origin) == (2, Origin.CARRIED)
    assert session.state(4).origin is Origin.SELF
    session.set_level(3, 3)
    assert (session.state(3).level, session.state(3).origin) == (3, Origin.DECIDED)
    session.change_stage("visitasi")
    assert (session.state(3).level, session.state(3).origin) == (3, Origin.CARRIED)


def test_undo_walks_back_through_the_event_log_and_keeps_history(workspace, db_path):
    session = workspace.open("kab-uji", "dokumen")
    session.set_level(5, 2)
    session.set_level(5, 4)
    session.set_justification("dokumen", 5, "cukup bukti", session.version(5))
    assert session.undo() == 5
    assert (session.state(5).level, session.state(5).justification) == (4, "")
    assert session.undo() == 5
    assert session.state(5).level == 2
    assert session.undo() == 5
    assert session.state(5).origin is Origin.SELF
    # Taken back, not deleted: an empty decision whose version kept growing.
    assert db_rows(db_path, "SELECT level, justification, version FROM decisions") == [(None, "", 6)]
    assert session.undo() is None
    kinds = [k for (k,) in db_rows(db_path, "SELECT kind FROM events WHERE kind IN ('decision', 'undo') ORDER BY id")]
    assert kinds == ["decision", "decision", "decision", "undo", "undo", "undo"]


def test_undo_switches_back_to_the_stage_of_the_change(workspace):
    session = workspace.open("kab-uji", "dokumen")
    session.set_level(9, 5)
    session.change_stage("interviu")
    assert session.undo() == 9
    assert session.stage.id == "dokumen" and session.state(9).origin is Origin.SELF


def test_index_follows_the_levels(workspace):
    session = workspace.open("kab-uji", "dokumen")
    before = session.index().index
    number = next(s.indicator.number for s in session.states() if s.level < 5)
    session.set_level(number, 5)
    assert session.index().index > before


def test_level_outside_scale_is_refused(workspace):
    session = workspace.open("kab-uji", "dokumen")
    with pytest.raises(SpbeError, match="outside the scale"):
        session.set_level(3, 0)


def test_assessor_sees_only_assigned_institutions(db_path):
    db = open_db(db_path)
    ani = Workspace(db, "ani", db_path=db_path)
    assert [i.id for i in ani.instansi()] == ["kab-uji"]
    with pytest.raises(AccessDenied, match="not assigned"):
        ani.open("kota-dua")
    admin = Workspace(db, "admin1", db_path=db_path)
    assert sorted(i.id for i in admin.instansi()) == ["kab-uji", "kota-dua"]
    with pytest.raises(AccessDenied, match="not registered"):
        Workspace(db, "mallory", db_path=db_path)
    db.close()


def test_progress_and_resume_position(workspace, db_path):
    session = workspace.open("kab-uji", "interviu")
    session.set_level(12, 3)
    (summary,) = workspace.instansi("interviu")
    assert (summary.decided, summary.total, summary.status) == (1, 47, "doing")
    db = open_db(db_path)
    resumed, indicator = Workspace(db, "ani", db_path=db_path).start()
    assert (resumed.instansi.id, resumed.stage.id, indicator) == ("kab-uji", "interviu", 12)
    db.close()


def test_justification_template_names_indicator_and_level(workspace):
    session = workspace.open("kab-uji")
    session.set_level(11, 3)
    text = session.justification_template(11)
    assert text.startswith(
        "Verifikasi dan validasi telah dilakukan terhadap penjelasan dan data dukung pada Indikator 11"
    )
    assert "tingkat kematangan 3 (Terdefinisi)" in text


def test_stale_after_changed_evidence(tmp_path, db_path, workspace):
    from spbe_tui.importing.importer import ImportOptions, run_import

    session = workspace.open("kab-uji")
    session.set_level(2, 3)
    session.set_level(1, 2)
    bundle = tmp_path / "bundles" / "kab-uji"
    (bundle / "bukti" / "sk.txt").write_bytes(b"SK Bupati Nomor 12, revisi")
    db = open_db(db_path)
    report = run_import(bundle, db, db_path, ImportOptions(user="importer"))
    db.close()
    assert [o.status for o in report.outcomes] == ["revised"]
    reopened = workspace.open("kab-uji")
    assert reopened.state(2).stale and not reopened.state(1).stale
