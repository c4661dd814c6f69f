"""Assessors, their roles, and their assignments to institutions."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from spbe_tui.storage.events import now


def ensure_assessor(db: Database, assessor_id: str, name: str | None = None) -> None:
    db.execute(
        "INSERT INTO assessors (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
        [assessor_id, name or assessor_id, now()],
    )


def get_assessor(db: Database, assessor_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM assessors WHERE id = ?", [assessor_id]))
    return rows[0] if rows else None


def list_assessors(db: Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            """SELECT a.id, a.name, coalesce(group_concat(r.role, ','), '') AS roles FROM assessors a
               LEFT JOIN assessor_roles r ON r.assessor_id = a.id GROUP BY a.id ORDER BY a.id"""
        )
    )


def roles_of(db: Database, assessor_id: str) -> set[str]:
    return {r[0] for r in db.execute("SELECT role FROM assessor_roles WHERE assessor_id = ?", [assessor_id])}


def grant_role(db: Database, assessor_id: str, role: str) -> None:
    db.execute(
        "INSERT INTO assessor_roles (assessor_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING", [assessor_id, role]
    )


def assign(db: Database, evaluation_id: int, instansi_id: str, assessor_id: str, role: str = "member") -> None:
    db.execute(
        """INSERT INTO assignments (evaluation_id, instansi_id, assessor_id, role) VALUES (?, ?, ?, ?)
           ON CONFLICT (evaluation_id, instansi_id, assessor_id) DO UPDATE SET role = excluded.role""",
        [evaluation_id, instansi_id, assessor_id, role],
    )


def assigned_instansi(db: Database, evaluation_id: int, assessor_id: str) -> set[str]:
    return {
        r[0]
        for r in db.execute(
            "SELECT instansi_id FROM assignments WHERE evaluation_id = ? AND assessor_id = ?",
            [evaluation_id, assessor_id],
        )
    }


def assignment_role(db: Database, evaluation_id: int, instansi_id: str, assessor_id: str) -> str | None:
    row = db.execute(
        "SELECT role FROM assignments WHERE evaluation_id = ? AND instansi_id = ? AND assessor_id = ?",
        [evaluation_id, instansi_id, assessor_id],
    ).fetchone()
    return row[0] if row else None


def with_role(db: Database, role: str) -> set[str]:
    return {r[0] for r in db.execute("SELECT assessor_id FROM assessor_roles WHERE role = ?", [role])}


def admins(db: Database) -> set[str]:
    return with_role(db, "admin")


def demote_chairs(db: Database, evaluation_id: int, instansi_id: str) -> None:
    db.execute(
        "UPDATE assignments SET role = 'member' WHERE evaluation_id = ? AND instansi_id = ? AND role = 'chair'",
        [evaluation_id, instansi_id],
    )
