"""The kept counts of decided indicators (storage.decision_counts) equal a count of the decisions
themselves after any sequence of writes: the app's upserts, edits with the sqlite3 shell that
move a decision to another key or delete it, and writes made while an adversary had dropped the
triggers (the next open puts them back and counts again)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from spbe_tui.storage.db import open_db, write
from spbe_tui.storage.decision_counts import COUNT_TRIGGERS, missing_count_triggers, progress
from spbe_tui.storage.decisions import DecisionKey, upsert_decision
from tests.reviewer_helpers import make_review_db

# Few keys, so that writes meet: a level set and then cleared, a decided row moved or deleted.
KEYS = st.tuples(st.sampled_from(["kab-uji", "kota-dua"]), st.just("ani"),
                 st.sampled_from(["dokumen", "interviu"]), st.integers(1, 2))
writes = st.lists(
    st.one_of(
        st.tuples(st.just("upsert"), KEYS, st.one_of(st.none(), st.integers(1, 5))),
        st.tuples(st.just("upsert"), KEYS, st.one_of(st.none(), st.integers(1, 5))),  # as often as the rest
        st.tuples(st.just("move"), KEYS, KEYS),  # the shell changes a decision's key
        st.tuples(st.just("delete"), KEYS),
        st.tuples(st.just("drop"), st.sampled_from(sorted(COUNT_TRIGGERS))),
        st.tuples(st.just("reopen")),
    ),
    max_size=25,
)

_WHERE = "evaluation_id = 1 AND instansi_id = ? AND assessor_id = ? AND stage = ? AND indicator = ?"


def counted(connection: sqlite3.Connection) -> set[tuple]:
    return set(connection.execute(
        """SELECT evaluation_id, assessor_id, stage, instansi_id, count(*) FROM decisions
           WHERE level IS NOT NULL GROUP BY 1, 2, 3, 4"""))


def kept(connection: sqlite3.Connection) -> set[tuple]:
    return set(connection.execute("SELECT * FROM decision_counts WHERE decided <> 0"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=writes)
@example(plan=[("upsert", ("kab-uji", "ani", "dokumen", 1), 3), ("upsert", ("kab-uji", "ani", "dokumen", 1), None)])
@example(plan=[("upsert", ("kab-uji", "ani", "dokumen", 1), 3),
               ("move", ("kab-uji", "ani", "dokumen", 1), ("kota-dua", "ani", "interviu", 1))])
def test_the_kept_counts_equal_the_decisions_after_any_writes(tmp_path_factory, plan):
    path = make_review_db(tmp_path_factory.mktemp("counts"))
    db = open_db(path)
    shell = sqlite3.connect(path, isolation_level=None)
    dropped = False
    try:
        for step in plan:
            if step[0] == "upsert":
                (instansi, assessor, stage, indicator), level = step[1], step[2]
                with write(db):
                    upsert_decision(db, DecisionKey(1, instansi, assessor, stage, indicator), level=level,
                                    justification="", revision_id=None, evidence_hash="")
            elif step[0] == "move":
                try:
                    shell.execute(f"UPDATE decisions SET instansi_id = ?, assessor_id = ?, stage = ?, indicator = ? "
                                  f"WHERE {_WHERE}", [*step[2], *step[1]])
                except sqlite3.IntegrityError:
                    pass  # the key it would move to is taken
            elif step[0] == "delete":
                shell.execute(f"DELETE FROM decisions WHERE {_WHERE}", list(step[1]))
            elif step[0] == "drop":
                shell.execute(f"DROP TRIGGER IF EXISTS {step[1]}")
                dropped = True
            else:
                db.close()
                db = open_db(path)
                assert not missing_count_triggers(db)
                dropped = False
            if not dropped:
                assert kept(shell) == counted(shell), f"after {step}"
        db.close()
        db = open_db(path)  # whatever was dropped is back, and counted again
        assert kept(shell) == counted(shell)
    finally:
        db.close()
        shell.close()


def test_the_picker_lists_an_assessors_own_count_and_only_their_institutions(tmp_path: Path):
    path = make_review_db(tmp_path)
    db = open_db(path)
    try:
        with write(db):
            for indicator, level in ((1, 3), (2, None), (3, 4)):
                upsert_decision(db, DecisionKey(1, "kab-uji", "ani", "dokumen", indicator), level=level,
                                justification="x", revision_id=None, evidence_hash="")
            upsert_decision(db, DecisionKey(1, "kab-uji", "budi", "dokumen", 1), level=2,
                            justification="", revision_id=None, evidence_hash="")
        everyone = {row[0]: row[3] for row in progress(db, 1, "ani", "dokumen", assigned_only=False)}
        assert everyone == {"kab-uji": 2, "kota-dua": 0}
        assert [row[0] for row in progress(db, 1, "ani", "dokumen", assigned_only=True)] == ["kab-uji"]
        assert {row[0]: row[3] for row in progress(db, 1, "ani", "interviu", assigned_only=False)}["kab-uji"] == 0
    finally:
        db.close()
