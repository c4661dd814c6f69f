"""Queries for evaluations, institutions, submissions, their revisions and evidence."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from spbe_tui.storage.db import inserted_id
from spbe_tui.storage.events import now


def evidence_store_dir(db_path: Path) -> Path:
    """Evidence files are kept beside the database, so an assessor on the server can still open
    them after the submitter's folder is gone."""
    return db_path.parent / f"{db_path.stem}-evidence"


def next_evaluation_id(db: Database) -> int:
    return int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM evaluations").fetchone()[0])


def upsert_instansi(db: Database, instansi_id: str, name: str, kind: str) -> None:
    db.execute(
        """INSERT INTO instansi (id, name, type, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name,
               type = CASE WHEN excluded.type <> '' THEN excluded.type ELSE instansi.type END""",
        [instansi_id, name, kind, now()],
    )


def find_submission(db: Database, evaluation_id: int, instansi_id: str) -> int | None:
    row = db.execute(
        "SELECT id FROM submissions WHERE evaluation_id = ? AND instansi_id = ?", [evaluation_id, instansi_id]
    ).fetchone()
    return int(row[0]) if row else None


def ensure_submission(db: Database, evaluation_id: int, instansi_id: str) -> int:
    existing = find_submission(db, evaluation_id, instansi_id)
    if existing is not None:
        return existing
    cursor = db.execute(
        "INSERT INTO submissions (evaluation_id, instansi_id, created_at) VALUES (?, ?, ?)",
        [evaluation_id, instansi_id, now()],
    )
    return inserted_id(cursor)


def latest_revision(db: Database, submission_id: int) -> dict[str, Any] | None:
    rows = list(
        db.query("SELECT * FROM revisions WHERE submission_id = ? ORDER BY number DESC LIMIT 1", [submission_id])
    )
    return rows[0] if rows else None


def add_self_assessments(db: Database, revision_id: int, rows: Iterable[dict[str, Any]]) -> None:
    db.conn.executemany(
        """INSERT INTO self_assessments (revision_id, indicator, level, penjelasan, fakta, analisis, evidence_hash)
           VALUES (:revision_id, :indicator, :level, :penjelasan, :fakta, :analisis, :evidence_hash)""",
        [{"revision_id": revision_id, **row} for row in rows],
    )


def known_evidence(db: Database, hashes: Iterable[str]) -> set[str]:
    wanted = list(set(hashes))
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        placeholders = ",".join("?" for _ in chunk)
        query = f"SELECT sha256 FROM evidence_files WHERE sha256 IN ({placeholders})"
        known.update(r[0] for r in db.execute(query, chunk))
    return known


def add_evidence_file(
    db: Database, sha256: str, size: int, media_type: str, stored_path: str, status: str, error: str,
    pages: list[tuple[int, str, str]],
) -> None:
    """`pages` holds (number, title, text); a file already stored is left as it is."""
    cursor = db.execute(
        """INSERT INTO evidence_files (sha256, size, media_type, stored_path, extract_status, extract_error, page_count)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING""",
        [sha256, size, media_type, stored_path, status, error, len(pages)],
    )
    if cursor.rowcount:
        db.conn.executemany(
            "INSERT INTO evidence_pages (sha256, page, title, text) VALUES (?, ?, ?, ?)",
            [(sha256, number, title, text) for number, title, text in pages],
        )


def link_evidence(db: Database, revision_id: int, links: Iterable[tuple[int, str, str]]) -> None:
    """`links` holds (indicator, name, sha256)."""
    db.conn.executemany(
        "INSERT INTO revision_evidence (revision_id, indicator, name, sha256) VALUES (?, ?, ?, ?)",
        [(revision_id, indicator, name, sha) for indicator, name, sha in links],
    )


def current_evidence_hashes(db: Database, evaluation_id: int, instansi_id: str) -> dict[int, str]:
    """Indicator -> the evidence hash of the institution's latest revision."""
    return dict(
        db.execute(
            """SELECT sa.indicator, sa.evidence_hash FROM submissions s
               JOIN revisions r ON r.submission_id = s.id
                AND r.number = (SELECT max(number) FROM revisions WHERE submission_id = s.id)
               JOIN self_assessments sa ON sa.revision_id = r.id
               WHERE s.evaluation_id = ? AND s.instansi_id = ?""",
            [evaluation_id, instansi_id],
        ).fetchall()
    )


def self_assessments(db: Database, revision_id: int) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM self_assessments WHERE revision_id = ? ORDER BY indicator", [revision_id]))


def revision_evidence(db: Database, revision_id: int) -> list[dict[str, Any]]:
    """Evidence of a revision with what is known of each file, per indicator."""
    return list(
        db.query(
            """SELECT re.indicator, re.name, f.* FROM revision_evidence re
               JOIN evidence_files f ON f.sha256 = re.sha256
               WHERE re.revision_id = ? ORDER BY re.indicator, re.name""",
            [revision_id],
        )
    )


def evaluation_of_year(db: Database, year: int) -> dict[str, Any] | None:
    """The year's evaluation: one per year, whatever its framework."""
    rows = list(db.query("SELECT * FROM evaluations WHERE year = ? ORDER BY id LIMIT 1", [year]))
    return rows[0] if rows else None


def update_evaluation(db: Database, evaluation_id: int, name: str, stages: list[str], predikat_basis: str) -> None:
    db.execute("UPDATE evaluations SET name = ?, stages = ?, predikat_basis = ? WHERE id = ?",
               [name, json.dumps(stages), predikat_basis, evaluation_id])


def stages_in_use(db: Database, evaluation_id: int) -> set[str]:
    """Stages at which an assessor or the team has recorded something in the evaluation."""
    return {r[0] for r in db.execute(
        """SELECT stage FROM decisions WHERE evaluation_id = ?
           UNION SELECT stage FROM team_levels WHERE evaluation_id = ?""",
        [evaluation_id, evaluation_id])}


def submission_counts(db: Database) -> dict[int, int]:
    """Evaluation id -> how many institutions have a submission in it."""
    return {r[0]: r[1] for r in db.execute("SELECT evaluation_id, count(*) FROM submissions GROUP BY evaluation_id")}


def list_evaluations(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM evaluations ORDER BY year DESC, id DESC"))


def instansi_with_submissions(db: Database, evaluation_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            """SELECT i.id, i.name, i.type FROM instansi i JOIN submissions s ON s.instansi_id = i.id
               WHERE s.evaluation_id = ? ORDER BY i.name""",
            [evaluation_id],
        )
    )


def evidence_page(db: Database, sha256: str, page: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT page, title, text FROM evidence_pages WHERE sha256 = ? AND page = ?", [sha256, page]))
    return rows[0] if rows else None


def evidence_page_titles(db: Database, sha256: str) -> list[tuple[int, str]]:
    rows = db.execute("SELECT page, title FROM evidence_pages WHERE sha256 = ? ORDER BY page", [sha256])
    return [(r[0], r[1]) for r in rows]


def pages_containing(db: Database, sha256: str, needle: str) -> list[dict[str, Any]]:
    """Pages whose text contains `needle`, case-insensitively (ASCII case folding, as SQLite's lower())."""
    return list(
        db.query(
            "SELECT page, text FROM evidence_pages WHERE sha256 = ? AND instr(lower(text), lower(?)) > 0 ORDER BY page",
            [sha256, needle],
        )
    )


def submitted_instansi(db: Database, evaluation_id: int, instansi_id: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            """SELECT i.id, i.name, i.type FROM instansi i JOIN submissions s ON s.instansi_id = i.id
               WHERE s.evaluation_id = ? AND i.id = ?""",
            [evaluation_id, instansi_id],
        )
    )
    return rows[0] if rows else None
