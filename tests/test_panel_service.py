"""Blind scoring, reveal, team levels with conflicts, reviu, history: the service layer."""

import hashlib

import pytest

from spbe_tui.errors import Conflict, SpbeError
from spbe_tui.services.passphrases import set_passphrase
from spbe_tui.services.rights import AccessDenied
from tests.databases import open_database
from tests.panel_helpers import TEAM, make_panel_db, panel, passphrase_of, score
from tests.reviewer_helpers import db_rows

ALL = range(1, 48)


@pytest.fixture
def db_path(tmp_path):
    path = make_panel_db(tmp_path)
    score(path, "ani", {n: 3 for n in ALL})
    score(path, "budi", {n: 3 for n in ALL} | {5: 5, 12: 1})
    score(path, "citra", {n: 3 for n in ALL} | {5: 4, 12: 2, 40: 4})
    return path


def test_others_levels_stay_hidden_until_own_set_is_submitted(db_path):
    service = panel(db_path)
    board = service.board("budi", "dokumen")
    assert not board.visible
    row = next(r for r in board.rows if r.indicator == 5)
    assert row.levels == {"ani": None, "budi": 5, "citra": None}  # only budi's own
    assert row.spread is None and row.suggested is None and board.agreement is None
    service.lock("budi", "dokumen")
    board = service.board("budi", "dokumen")
    assert board.visible
    row = next(r for r in board.rows if r.indicator == 5)
    assert row.levels == {"ani": 3, "budi": 5, "citra": 4}
    assert (row.spread, row.suggested) == (2, 4)


def test_history_hides_other_assessors_blind_levels(db_path):
    service = panel(db_path)
    actors = {e.actor for e in service.history("budi", 5) if e.kind == "decision"}
    assert actors == {"budi"}
    service.reveal("ani", "dokumen")
    actors = {e.actor for e in service.history("budi", 5) if e.kind == "decision"}
    assert actors == set(TEAM)


def test_chair_reveal_shows_everyone_and_only_chair_may(db_path):
    service = panel(db_path)
    with pytest.raises(AccessDenied, match="only the chair"):
        service.reveal("budi", "dokumen")
    service.reveal("ani", "dokumen")
    assert service.board("citra", "dokumen").visible
    assert db_rows(db_path, "SELECT actor FROM events WHERE kind = 'levels_revealed'") == [("ani",)]


def test_rows_ordered_by_disagreement_then_impact(db_path):
    service = panel(db_path)
    service.reveal("ani", "dokumen")
    rows = service.board("ani", "dokumen").rows
    # Spread 2 at indicators 5 (weight 1.30) and 12 (weight 2.50): 12 first by weight × spread.
    assert [r.indicator for r in rows[:2]] == [12, 5]
    assert rows[2].indicator == 40 and rows[2].spread == 1
    assert all(r.spread == 0 for r in rows[3:])


def test_agreement_figures(db_path):
    service = panel(db_path)
    service.reveal("ani", "dokumen")
    board = service.board("ani", "dokumen")
    assert board.agreement.units == 47
    assert board.agreement.exact == pytest.approx(44 / 47)
    assert board.agreement.alpha is not None and board.agreement.alpha < 1
    assert board.aspect_agreement[1].exact == pytest.approx(9 / 10)


def test_locking_needs_every_indicator_and_freezes_own_levels(tmp_path):
    path = make_panel_db(tmp_path)
    score(path, "budi", {1: 2})  # the rest are only the self-assessment's starting point
    service = panel(path)
    with pytest.raises(SpbeError, match="46 indicator"):
        service.lock("budi", "dokumen")
    score(path, "budi", {n: 2 for n in ALL})
    service.lock("budi", "dokumen")
    with pytest.raises(AccessDenied, match="submitted"):
        score(path, "budi", {1: 3})
    with pytest.raises(SpbeError, match="already submitted"):
        service.lock("budi", "dokumen")


def test_only_the_chair_records_a_team_level_with_justification(db_path):
    service = panel(db_path)
    for who in ("budi", "rina", "admin1", "dodi"):
        with pytest.raises(AccessDenied, match="only the chair"):
            service.set_team_level(who, "dokumen", 5, 4, "sepakat", 0)
    with pytest.raises(SpbeError, match="needs a justification"):
        service.set_team_level("ani", "dokumen", 5, 4, "  ", 0)
    assert service.set_team_level("ani", "dokumen", 5, 4, "Disepakati tingkat 4", 0) == 1
    assert db_rows(db_path, "SELECT level, version, set_by FROM team_levels") == [(4, 1, "ani")]
    board = service.board("ani", "dokumen")
    assert next(r for r in board.rows if r.indicator == 5).team_level == 4


def test_concurrent_team_level_edit_is_a_conflict_not_an_overwrite(db_path):
    first, second = panel(db_path), panel(db_path)
    first.set_team_level("ani", "dokumen", 7, 3, "versi pertama", 0)
    with pytest.raises(Conflict) as info:
        second.set_team_level("ani", "dokumen", 7, 5, "versi kedua", 0)  # it saw no team level
    assert info.value.current.level == 3 and "changed meanwhile" in str(info.value)
    assert db_rows(db_path, "SELECT level, justification FROM team_levels") == [(3, "versi pertama")]
    assert second.set_team_level("ani", "dokumen", 7, 5, "versi kedua", 1) == 2


def test_team_level_carries_into_the_next_stage(db_path):
    service = panel(db_path)
    service.set_team_level("ani", "dokumen", 9, 5, "sepakat 5", 0)
    from spbe_tui.services.workspace import Workspace
    from spbe_tui.storage.db import open_db

    db = open_db(db_path)
    state = Workspace(db, "budi", db_path=db_path).open("kab-uji", "interviu").state(9)
    assert (state.level, state.origin.value) == (5, "carried")
    db.close()


def test_reviu_by_reviewers_only_and_tidak_valid_needs_level_and_reason(db_path):
    service = panel(db_path)
    for who in ("ani", "budi", "admin1"):
        with pytest.raises(AccessDenied, match="only a reviewer"):
            service.set_reviu(who, 3, True)
    with pytest.raises(SpbeError, match="needs a corrected level and a justification"):
        service.set_reviu("rina", 3, False, 2, "")
    service.set_reviu("rina", 3, False, 2, "Data dukung belum ditetapkan")
    service.set_reviu("rina", 4, True)
    assert db_rows(db_path, "SELECT indicator, outcome, corrected_level FROM reviu ORDER BY indicator") == [
        (3, "tidak_valid", 2), (4, "valid", None)
    ]


def test_outsiders_cannot_see_or_act(db_path):
    service = panel(db_path)
    with pytest.raises(AccessDenied, match="not on the team"):
        service.board("dodi", "dokumen")
    with pytest.raises(AccessDenied, match="not on the team"):
        service.lock("dodi", "dokumen")
    with pytest.raises(AccessDenied, match="not registered"):
        service.board("mallory", "dokumen")
    assert service.board("admin1", "dokumen").visible  # admins do not score: they may look


def test_the_keyboard_goes_to_whoever_proves_it_is_them(db_path):
    service = panel(db_path)
    with pytest.raises(AccessDenied, match="wrong passphrase for budi"):
        service.hand_over("budi", passphrase_of("ani"), "ani")  # the giver's own passphrase is not the receiver's
    with pytest.raises(AccessDenied, match="wrong passphrase"):
        service.hand_over("budi", "", "ani")
    service.hand_over("budi", passphrase_of("budi"), "ani")
    assert db_rows(db_path, "SELECT actor, old_value, new_value FROM events WHERE kind = 'panel_active'") == [
        ("budi", '{"active": "ani"}', '{"active": "budi"}')
    ]
    with pytest.raises(AccessDenied, match="not on the team"):
        service.hand_over("dodi", "anything-at-all", "budi")  # an outsider, whatever the passphrase
    set_passphrase(open_database(db_path), "dodi", "dodi-frasa-sandi")
    with pytest.raises(AccessDenied, match="not on the team"):
        service.hand_over("dodi", "dodi-frasa-sandi", "budi")
    assert service.keyboard_candidates() == ["ani", "budi", "citra", "rina"]


def test_a_person_without_a_passphrase_is_told_how_to_set_one(tmp_path):
    path = make_panel_db(tmp_path)
    db = open_database(path)
    db.execute("DELETE FROM passphrases WHERE assessor_id = 'citra'")
    with pytest.raises(AccessDenied, match="citra has not set a passphrase.*passphrase"):
        panel(path).hand_over("citra", "citra-frasa-sandi", "ani")


def test_passphrases_are_stored_as_scrypt_hashes_and_short_ones_refused(db_path):
    db = open_database(db_path)
    with pytest.raises(SpbeError, match="at least 8 characters"):
        set_passphrase(db, "budi", "pendek")
    stored = db_rows(db_path, "SELECT salt, hash, n, r, p FROM passphrases WHERE assessor_id = 'budi'")
    [(salt, digest, n, r, p)] = stored
    assert passphrase_of("budi") not in str(stored) and (n, r, p) == (2**14, 8, 1)
    assert digest == hashlib.scrypt(passphrase_of("budi").encode(), salt=bytes.fromhex(salt), n=n, r=r, p=p,
                                    dklen=32).hex()
    set_passphrase(db, "budi", "frasa-baru-budi")
    with pytest.raises(AccessDenied):
        panel(db_path).hand_over("budi", passphrase_of("budi"), "ani")
    panel(db_path).hand_over("budi", "frasa-baru-budi", "ani")
    assert ("budi", "passphrase_set") in db_rows(db_path, "SELECT actor, kind FROM events")


def test_the_shared_screen_hides_every_level_until_the_reveal(db_path):
    """What an individual screen shows its owner (their own levels; the team's once they have
    submitted) a shared screen shows nobody before the reveal: others are watching."""
    panel(db_path).lock("ani", "dokumen")
    own, shared = panel(db_path), panel(db_path, shared_screen=True)
    assert own.board("ani", "dokumen").visible and own.board("budi", "dokumen").rows[0].levels["budi"] is not None
    for viewer in ("ani", "budi", "admin1", "rina"):
        board = shared.board(viewer, "dokumen")
        assert not board.visible and board.agreement is None
        assert all(set(r.levels.values()) == {None} and r.hidden == set(TEAM) for r in board.rows)
        assert all(r.spread is None and r.suggested is None for r in board.rows)
        assert not [e for e in shared.history(viewer, 5) if e.kind == "decision"]
    shared.reveal("ani", "dokumen")
    assert all(shared.board(viewer, "dokumen").visible for viewer in ("ani", "budi", "admin1", "rina"))
    assert {e.actor for e in shared.history("budi", 5) if e.kind == "decision"} == set(TEAM)


def test_every_change_is_in_the_history_with_old_and_new(db_path):
    service = panel(db_path)
    service.reveal("ani", "dokumen")
    service.set_team_level("ani", "dokumen", 12, 2, "median", 0)
    service.set_team_level("ani", "dokumen", 12, 3, "setelah diskusi", 1)
    service.set_reviu("rina", 12, False, 2, "koreksi reviu")
    story = service.history("budi", 12)
    team = [e for e in story if e.kind == "team_level"]
    assert [(e.old, e.new["level"]) for e in team] == [(None, 2), ({"level": 2, "justification": "median"}, 3)]
    assert story[-1].kind == "reviu" and story[-1].new["corrected_level"] == 2
    assert {e.kind for e in story} >= {"submission_imported", "decision", "team_level", "reviu", "levels_revealed"}


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers ×
# 12 units with missing values. Published: nominal 0.743, ordinal 0.815, interval 0.849.
PAPER = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


@pytest.mark.parametrize(("metric", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_krippendorff_alpha_matches_published_values(metric, published):
    from spbe_tui.domain.agreement import alpha

    units = [[PAPER[o][u] for o in PAPER if PAPER[o][u] is not None] for u in range(12)]
    assert round(alpha(units, metric), 3) == published


def test_agreement_over_assessor_ratings():
    from spbe_tui.domain.agreement import agreement

    ratings = {who: {u + 1: v for u, v in enumerate(values) if v is not None} for who, values in PAPER.items()}
    result = agreement(ratings, list(range(1, 13)))
    assert result.units == 11  # unit 12 has a single rating: not pairable
    assert round(result.alpha, 3) == 0.815
    assert result.exact == pytest.approx(8 / 11)  # units 1, 3, 4, 5, 7, 9, 10 and 11 are unanimous
    assert agreement({"a": {1: 3, 2: 3}, "b": {1: 3, 2: 3}}, [1, 2]).alpha is None  # no variation


def test_rights_can_be_asked_before_acting(db_path):
    service = panel(db_path)
    assert service.can_set_team_level("ani") and service.can_reveal("ani")
    for who in ("budi", "rina", "admin1", "dodi", "mallory"):  # mallory is not registered at all
        assert not service.can_set_team_level(who) and not service.can_reveal(who)
    assert service.can_reviu("rina")
    assert not any(service.can_reviu(who) for who in ("ani", "budi", "admin1", "mallory"))


def test_a_reviu_is_stale_once_the_team_level_it_judged_is_set_again(db_path):
    from spbe_tui.services.evaluation import load_evaluation
    from spbe_tui.services.panel import reviu_records

    service = panel(db_path)
    service.set_reviu("rina", 3, True)  # before any team level: the one set later is unreviewed
    service.set_team_level("ani", "dokumen", 12, 2, "median", 0)
    service.set_team_level("ani", "dokumen", 5, 4, "sepakat", 0)
    service.set_reviu("rina", 12, True)
    service.set_reviu("rina", 5, False, 3, "data dukung kurang")
    assert not any(r.stale for r in service.reviu().values())
    service.set_team_level("ani", "dokumen", 3, 3, "sepakat", 0)
    service.set_team_level("ani", "dokumen", 12, 3, "setelah diskusi", 1)
    service.set_team_level("ani", "interviu", 5, 5, "setelah interviu", 0)  # the last stage's level counts
    stale = {n: r.stale for n, r in service.reviu().items()}
    assert stale == {3: True, 12: True, 5: True}
    rows = {r.indicator: r for r in service.board("ani", "dokumen").rows}
    assert rows[12].reviu.stale and rows[12].reviu.valid and rows[5].reviu.corrected_level == 3
    service.set_reviu("rina", 12, True)  # reviewed again
    service.set_reviu("rina", 5, False, 4, "dikoreksi lagi")
    service.set_team_level("ani", "dokumen", 5, 3, "tahap awal", 1)  # an earlier stage: interviu still counts
    stale = {n: r.stale for n, r in service.reviu().items()}
    assert stale == {3: True, 12: False, 5: False}
    # Export code reads the same records without a panel session.
    db = service.db
    assert reviu_records(db, load_evaluation(db), "kab-uji") == service.reviu()


# --- accepting the unanimous rows ---------------------------------------------------------------

AGREED = [n for n in ALL if n not in (5, 12, 40)]  # budi and citra differ from ani there


def team_level_events(db_path):
    return db_rows(db_path, "SELECT actor, stage, indicator, old_value, new_value FROM events "
                            "WHERE kind = 'team_level' ORDER BY id")


def test_accepting_the_unanimous_rows_sets_each_once_with_one_event_per_row(db_path, fw2020):
    from spbe_tui.services.audit import verify_log

    service = panel(db_path)
    service.reveal("ani", "dokumen")
    service.set_team_level("ani", "dokumen", 7, 4, "dibahas: tingkat 4", 0)  # set against the members: kept
    service.set_team_level("ani", "dokumen", 9, 3, "sudah disepakati", 0)  # set already: nothing to do
    service.set_team_level("ani", "interviu", 8, 2, "tahap lain", 0)  # another stage does not count here
    rows = service.unanimous_rows("ani", "dokumen")
    wanted = [n for n in AGREED if n not in (7, 9)]
    assert [r.indicator for r in rows] == wanted and {r.level for r in rows} == {3}
    assert (rows[0].label, rows[0].name, rows[0].level_name) == ("1", "Kebijakan Arsitektur SPBE", "Terdefinisi")
    before = len(team_level_events(db_path))
    assert service.accept_unanimous("ani", "dokumen", {r.indicator: 3 for r in rows}) == rows
    stored = {r[0]: r[1:] for r in db_rows(db_path, "SELECT indicator, level, version, set_by, justification "
                                                      "FROM team_levels WHERE stage = 'dokumen'")}
    for n in wanted:
        sentence = f"All 3 team members agreed on level 3 ({fw2020.indicator(n).scale.levels[3]})."
        assert stored[n] == (3, 1, "ani", f"{fw2020.justification(n, 3)} {sentence}")
    assert stored[7][:2] == (4, 1) and stored[9][:2] == (3, 1)
    assert [n for n in (5, 12, 40) if n in stored] == []
    events = team_level_events(db_path)[before:]
    assert [e[2] for e in events] == wanted  # one per row, in indicator order
    assert all(e[:2] == ("ani", "dokumen") and e[3] is None for e in events)
    assert service.unanimous_rows("ani", "dokumen") == []  # accepted rows have a team level now
    report = verify_log(service.db)
    assert not report.failed and report.broken is None


def test_only_the_chair_accepts_the_unanimous_rows(db_path):
    service = panel(db_path)
    service.reveal("ani", "dokumen")
    for who in ("budi", "rina", "admin1", "dodi"):
        with pytest.raises(AccessDenied, match="only the chair.*may accept the unanimous rows"):
            service.unanimous_rows(who, "dokumen")
        with pytest.raises(AccessDenied, match="only the chair"):
            service.accept_unanimous(who, "dokumen", {1: 3})
    assert db_rows(db_path, "SELECT count(*) FROM team_levels") == [(0,)]


def test_unanimous_rows_wait_for_the_reveal_or_every_member_to_submit(db_path):
    """Before that, which rows agree would tell the room what the blind round still hides."""
    service = panel(db_path, shared_screen=True)
    service.lock("ani", "dokumen")
    with pytest.raises(AccessDenied, match=r"once the chair has revealed .* \(not submitted yet: budi, citra\)"):
        service.unanimous_rows("ani", "dokumen")
    with pytest.raises(AccessDenied, match="not submitted yet: budi, citra"):
        service.accept_unanimous("ani", "dokumen", {})
    service.lock("budi", "dokumen")
    service.lock("citra", "dokumen")
    assert [r.indicator for r in service.unanimous_rows("ani", "dokumen")] == AGREED  # everyone submitted
    with pytest.raises(AccessDenied, match="not submitted yet: ani, budi, citra"):
        service.unanimous_rows("ani", "interviu")  # another stage, another blind round
    assert db_rows(db_path, "SELECT count(*) FROM events WHERE kind = 'team_level'") == [(0,)]


def test_unanimous_rows_that_changed_since_the_chair_looked_write_nothing(db_path):
    service = panel(db_path)
    service.reveal("ani", "dokumen")
    seen = {r.indicator: r.level for r in service.unanimous_rows("ani", "dokumen")}
    panel(db_path).set_team_level("ani", "dokumen", 1, 2, "dari sesi lain", 0)  # meanwhile, elsewhere
    with pytest.raises(Conflict, match="changed meanwhile") as info:
        service.accept_unanimous("ani", "dokumen", seen)
    assert [r.indicator for r in info.value.current] == [n for n in AGREED if n != 1]
    assert db_rows(db_path, "SELECT indicator FROM team_levels") == [(1,)]


def test_a_member_without_a_level_agrees_to_nothing(tmp_path):
    from spbe_tui.services.panel import unanimous_level

    assert unanimous_level([3, 3, 3]) == 3
    assert unanimous_level([3, None, 3]) is None and unanimous_level([3, 4]) is None
    assert unanimous_level([3]) is None and unanimous_level([]) is None  # a team of one agrees with nobody
    path = make_panel_db(tmp_path)
    score(path, "ani", {n: 2 for n in ALL})
    score(path, "budi", {1: 2, 2: 2})  # the rest undecided
    service = panel(path)
    service.reveal("ani", "dokumen")
    assert [r.indicator for r in service.unanimous_rows("ani", "dokumen")] == []  # citra decided nothing
    score(path, "citra", {1: 2, 3: 2})
    assert [(r.indicator, r.level) for r in service.unanimous_rows("ani", "dokumen")] == [(1, 2)]


def test_the_unanimous_sentence_and_refusals_in_indonesian(db_path, monkeypatch, fw2020):
    monkeypatch.setenv("SPBE_TUI_LANG", "id")
    service = panel(db_path)
    with pytest.raises(AccessDenied, match=r"setelah ketua membuka .* \(belum mengunci: ani, budi, citra\)"):
        service.unanimous_rows("ani", "dokumen")
    service.reveal("ani", "dokumen")
    row = service.unanimous_rows("ani", "dokumen")[0]
    assert service.unanimous_justification(row, 3) == (
        f"{fw2020.justification(1, 3)} Seluruh anggota tim (3 orang) sepakat pada tingkat 3 (Terdefinisi).")
    with pytest.raises(SpbeError, match="tingkat tim memerlukan justifikasi"):
        service.set_team_level("ani", "dokumen", 5, 4, " ", 0)
