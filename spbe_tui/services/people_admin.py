"""Registering assessors and assigning them to institutions: an admin's work.

A new database has no admin; its first `assessor add … --role admin` creates one, and from then
on only admins manage people.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.services.evaluation import Evaluation, submitted_instansi
from spbe_tui.services.rights import AccessDenied, load_actor, require_admin
from spbe_tui.storage import people
from spbe_tui.storage.db import write
from spbe_tui.storage.ledger import record

ROLES = ("assessor", "reviewer", "admin")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    roles: tuple[str, ...]


def list_people(db: Database) -> list[Person]:
    """Everyone registered, by id, with their roles."""
    return [
        Person(row["id"], row["name"], tuple(sorted(r for r in row["roles"].split(",") if r)))
        for row in people.list_assessors(db)
    ]


def check_may_import(db: Database, person: str) -> None:
    """Only an admin imports submissions, once the database has one (the first import of a new
    database is its creator's)."""
    if people.admins(db):
        require_admin(load_actor(db, person), say("rights_act_import"))


def is_registered(db: Database, assessor_id: str) -> bool:
    return people.get_assessor(db, assessor_id) is not None


def role_on_team(db: Database, evaluation: Evaluation, instansi_id: str, assessor_id: str) -> str | None:
    """'chair', 'member', or None when the person is not on the institution's team."""
    return people.assignment_role(db, evaluation.id, instansi_id, assessor_id)


def add_assessor(db: Database, actor_id: str, assessor_id: str, name: str | None, roles: list[str]) -> None:
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise SpbeError(say("people_unknown_roles", unknown=", ".join(unknown), roles=", ".join(ROLES)))
    if not assessor_id.strip() or any(c.isspace() for c in assessor_id):
        raise SpbeError(say("people_id_one_word"))
    bootstrapping = not people.admins(db)
    if bootstrapping:
        # The first admin is whoever creates the database, proven by their login, never a name
        # they type: otherwise anyone could make themselves the admin of a new database.
        if "admin" not in roles or assessor_id != actor_id:
            raise AccessDenied(say("people_no_admin_yet", who=actor_id))
    else:
        require_admin(load_actor(db, actor_id), say("rights_act_add_people"))
    with write(db):
        record(db, actor=actor_id, kind="assessor_added",
               new={"assessor": assessor_id, "name": name or assessor_id, "roles": roles or ["assessor"]})


def assign_team(db: Database, evaluation: Evaluation, actor_id: str, instansi_id: str, members: list[str],
                chair: str | None) -> None:
    require_admin(load_actor(db, actor_id), say("rights_act_assign"))
    submitted_instansi(db, evaluation, instansi_id)
    everyone = list(dict.fromkeys([*members, *([chair] if chair else [])]))
    missing = [m for m in everyone if people.get_assessor(db, m) is None]
    if missing:
        raise SpbeError(say("people_not_registered", missing=", ".join(missing)))
    with write(db):
        record(db, actor=actor_id, kind="team_assigned", evaluation_id=evaluation.id, instansi_id=instansi_id,
               new={"members": everyone, "chair": chair})
