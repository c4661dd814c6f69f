"""An assessor's existing database keeps working after an upgrade.

A database is built with only the first migration(s), as an earlier release left it, and filled
with rows the way that release wrote them (plain SQL against the first schema, events through
`append_event`). Opening it with today's `open_db` must apply every later migration, keep every
row readable through the services, keep the event chain intact, and give the same schema as a new
database. Nothing here names the later migrations: the list is read from the migrations module,
so a new migration is covered as soon as it is added.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from spbe_tui.storage.db import open_db, write
from spbe_tui.storage.events import append_event, verify_chain
from spbe_tui.storage.migrations import migrations
from spbe_tui.storage.replay import first_difference

BUNDLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "kabupaten-lembah-hijau"
INSTANSI = "kabupaten-lembah-hijau"
# What the first release stored as the stages of an spbe-2020 evaluation; written literally, so a
# framework that renamed its stages would show here as a broken upgrade.
STAGES = ["dokumen", "interviu", "visitasi"]
CHANGED = 1  # the indicator where the assessors depart from the self-assessment
REVIU_INDICATOR = 19
AT = "2025-05-12T09:30:00.000000+00:00"


def migration_names() -> list[str]:
    """Every migration the module declares, in order: on an empty database all are pending."""
    return [m.name for m in migrations.pending(Database(memory=True))]


def applied_names(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


@dataclass(frozen=True)
class Written:
    """What the old release wrote, to compare with what today's code reads back."""

    evaluation_id: int
    self_levels: dict[int, int]
    decided: dict[int, int]  # ani's dokumen levels
    team: dict[int, int]  # the team's dokumen levels
    reviu_level: int
    justification: str
    evidence_names: list[str]  # the changed indicator's evidence, as named in the submission
    row_counts: dict[str, int]
    events: int


def _evidence_rows(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One evidence_files row per file the bundle cites, with text for the plain-text kinds."""
    media = {".pdf": "application/pdf", ".png": "image/png", ".txt": "text/plain", ".md": "text/markdown",
             ".csv": "text/csv",
             ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    rows: dict[str, dict[str, Any]] = {}
    for name in sorted({n for item in manifest["indicators"] for n in item["evidence"]}):
        data = (BUNDLE / name).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        suffix = Path(name).suffix.lower()
        text = data.decode("utf-8") if suffix in (".txt", ".md", ".csv") else None
        rows[name] = {
            "sha256": sha, "size": len(data), "media_type": media[suffix], "stored_path": f"{sha[:2]}/{sha}{suffix}",
            "extract_status": "ok" if text is not None else "none", "page_count": 1 if text is not None else 0,
            "text": text,
        }
    return rows


def _insert(db: Database, table: str, row: dict[str, Any]) -> int:
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _row_counts(db: Database) -> dict[str, int]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    tables = [r[0] for r in db.execute(query)]
    return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in sorted(tables)}


def write_old_database(path: Path, first: int) -> Written:
    """A database with only the first `first` migrations applied, used the way that release did."""
    names = migration_names()
    db = open_db(path, migrate=False)
    try:
        with write(db):
            migrations.apply(db, stop_before=names[first:])
        assert applied_names(db) == names[:first]
        written = _fill(db)
    finally:
        db.close()
    return written


def _fill(db: Database) -> Written:
    manifest = json.loads((BUNDLE / "manifest.json").read_text(encoding="utf-8"))
    items = {item["indicator"]: item for item in manifest["indicators"]}
    self_levels = {n: item["level"] for n, item in items.items()}
    # The sample's indicator 1 is deliberately optimistic; the assessors mark it down.
    decided = {**self_levels, CHANGED: self_levels[CHANGED] - 1}
    team = dict(decided)
    reviu_level = team[REVIU_INDICATOR] - 1
    justification = "Perbup 17/2023 belum memuat domain keamanan dan layanan; kriteria tingkat 3 belum terpenuhi."
    files = _evidence_rows(manifest)

    def evidence_hash(n: int) -> str:
        pairs = sorted((name, files[name]["sha256"]) for name in items[n]["evidence"])
        return hashlib.sha256(json.dumps(pairs, separators=(",", ":")).encode()).hexdigest()

    with write(db):
        evaluation_id = _insert(db, "evaluations", {
            "year": manifest["year"], "framework_id": manifest["framework"],
            "name": f"Evaluasi SPBE {manifest['year']}", "stages": json.dumps(STAGES), "created_at": AT,
        })
        _insert(db, "instansi", {**manifest["instansi"], "created_at": AT})
        submission_id = _insert(db, "submissions", {"evaluation_id": evaluation_id, "instansi_id": INSTANSI,
                                                    "created_at": AT})
        content_hash = hashlib.sha256((BUNDLE / "manifest.json").read_bytes()).hexdigest()
        revision_id = _insert(db, "revisions", {
            "submission_id": submission_id, "number": 1, "content_hash": content_hash,
            "source": str(BUNDLE / "manifest.json"), "imported_at": AT, "imported_by": "koordinator",
        })
        for row in files.values():
            _insert(db, "evidence_files", {k: v for k, v in row.items() if k != "text"})
            if row["text"] is not None:
                _insert(db, "evidence_pages", {"sha256": row["sha256"], "page": 1, "text": row["text"]})
        for n, item in items.items():
            _insert(db, "self_assessments", {
                "revision_id": revision_id, "indicator": n, "level": item["level"], "fakta": item["fakta"],
                "analisis": item["analisis"], "evidence_hash": evidence_hash(n),
            })
            for name in item["evidence"]:
                _insert(db, "revision_evidence", {"revision_id": revision_id, "indicator": n, "name": name,
                                                  "sha256": files[name]["sha256"]})
        ids: dict[str, Any] = {"evaluation_id": evaluation_id, "instansi_id": INSTANSI}
        append_event(db, actor="koordinator", kind="submission_imported", **ids, at=AT,
                     new={"content_hash": content_hash, "revision": 1, "source": str(BUNDLE / "manifest.json")})

        for person, role in (("koordinator", "admin"), ("ani", "assessor"), ("budi", "assessor"), ("rina", "reviewer")):
            _insert(db, "assessors", {"id": person, "name": person.capitalize(), "created_at": AT})
            _insert(db, "assessor_roles", {"assessor_id": person, "role": role})
            append_event(db, actor="koordinator", kind="assessor_added", at=AT,
                         new={"assessor": person, "roles": [role]})
        for person, role in (("ani", "chair"), ("budi", "member")):
            _insert(db, "assignments", {**ids, "assessor_id": person, "role": role})
        append_event(db, actor="koordinator", kind="team_assigned", **ids, at=AT,
                     new={"members": ["ani", "budi"], "chair": "ani"})

        for n, level in decided.items():
            text = justification if n == CHANGED else ""
            _insert(db, "decisions", {
                **ids, "assessor_id": "ani", "stage": STAGES[0], "indicator": n, "level": level, "justification": text,
                "revision_id": revision_id, "evidence_hash": evidence_hash(n), "decided_at": AT,
            })
            append_event(db, actor="ani", kind="decision", **ids, stage=STAGES[0], indicator=n, at=AT,
                         new={"level": level, "justification": text}, justification=text)
        for n, level in team.items():
            _insert(db, "team_levels", {**ids, "stage": STAGES[0], "indicator": n, "level": level,
                                        "justification": justification, "set_by": "ani", "set_at": AT})
            append_event(db, actor="ani", kind="team_level", **ids, stage=STAGES[0], indicator=n, at=AT,
                         new={"level": level, "version": 1}, justification=justification)
        _insert(db, "reviu", {**ids, "indicator": REVIU_INDICATOR, "outcome": "tidak_valid",
                              "corrected_level": reviu_level, "justification": "Notulensi tidak menunjukkan evaluasi.",
                              "reviewer_id": "rina", "reviewed_at": AT})
        append_event(db, actor="rina", kind="reviu", **ids, indicator=REVIU_INDICATOR, at=AT,
                     new={"outcome": "tidak_valid", "corrected_level": reviu_level},
                     justification="Notulensi tidak menunjukkan evaluasi.")

    checked, broken = verify_chain(db)
    assert broken is None
    return Written(
        evaluation_id=evaluation_id, self_levels=self_levels, decided=decided, team=team, reviu_level=reviu_level,
        justification=justification, evidence_names=list(items[CHANGED]["evidence"]), row_counts=_row_counts(db),
        events=checked,
    )


def _schema(db: Database) -> dict[str, Any]:
    """Tables with their columns, and the names of indexes and triggers: what the code relies on."""
    objects = list(db.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ))
    columns = {
        name: [tuple(c) for c in db.execute(f"PRAGMA table_info([{name}])")]
        for kind, name in objects if kind == "table"
    }
    return {"objects": objects, "columns": columns}


def _snapshot(db: Database) -> tuple[Any, ...]:
    sql = list(db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"))
    applied = [(m.name, m.applied_at) for m in migrations.applied(db)]
    return sql, applied, _row_counts(db)


@pytest.mark.parametrize("first", range(1, len(migration_names())), ids=lambda k: f"after-{migration_names()[k - 1]}")
def test_old_database_upgrades_on_open(tmp_path: Path, first: int) -> None:
    from spbe_tui.services import levels
    from spbe_tui.services.evaluation import load_evaluation, submitted_instansi
    from spbe_tui.services.panel import PanelService
    from spbe_tui.services.recommendations import recommend
    from spbe_tui.services.review import ReviewSession

    path = tmp_path / "spbe.db"
    written = write_old_database(path, first)

    db = open_db(path)
    try:
        assert applied_names(db) == migration_names()
        assert not migrations.pending(db)
        fresh = open_db(tmp_path / "fresh.db")
        try:
            assert _schema(db) == _schema(fresh), "an upgraded database differs from a new one"
        finally:
            fresh.close()
        upgraded_counts = _row_counts(db)
        for table, count in written.row_counts.items():
            if table not in (migrations.migrations_table, "events"):
                assert upgraded_counts[table] == count, f"{table} lost or gained rows in the upgrade"
        # One event more when the upgrade ran m008: its mark of where the log became the tables' source.
        marked = int("m008_log_is_the_source" in migration_names()[first:])
        assert upgraded_counts["events"] == written.events + marked
        assert verify_chain(db) == (written.events + marked, None)
        # The events written beside their rows by the older code account for every row still.
        assert first_difference(db) is None

        evaluation = load_evaluation(db)
        assert evaluation.id == written.evaluation_id and evaluation.year == 2025
        assert [stage.id for stage in evaluation.stages] == STAGES
        instansi = submitted_instansi(db, evaluation, INSTANSI)
        assert instansi.name == "Pemerintah Kabupaten Lembah Hijau"
        assert levels.self_levels(db, evaluation, INSTANSI) == written.self_levels
        assert levels.team_levels_at(db, evaluation, INSTANSI, STAGES[0]) == written.team
        assert levels.final_levels(db, evaluation, INSTANSI) == {**written.team,
                                                                 REVIU_INDICATOR: written.reviu_level}

        session = ReviewSession(db, evaluation, "ani", instansi, STAGES[0])
        changed = session.state(CHANGED)
        assert (changed.level, changed.self_level, changed.justification) == (
            written.decided[CHANGED], written.self_levels[CHANGED], written.justification)
        assert not changed.undecided and not changed.stale
        assert [e.name for e in changed.evidence] == written.evidence_names
        assert session.undecided_count == 0
        assert session.index().complete

        board = PanelService(db, evaluation, INSTANSI).board("ani", STAGES[0])
        assert {row.indicator: row.team_level for row in board.rows} == written.team
        assert {row.indicator: row.levels["ani"] for row in board.rows} == written.decided

        # Today's writes land in the tables the later migrations added, beside the old rows.
        session.set_level(2, 1 if written.decided[2] != 1 else 2)
        assert recommend(db, evaluation, INSTANSI, 1, "Tetapkan kebijakan domain keamanan.", "ani") == "set"
        assert verify_chain(db) == (written.events + marked + 2, None)
        assert first_difference(db) is None
        before = _snapshot(db)
    finally:
        db.close()

    again = open_db(path)
    try:
        assert _snapshot(again) == before, "a second open changed the database"
    finally:
        again.close()
