"""Who may do what. Every service that changes or reveals something asks here first, so the
rules hold for the CLI, the assessor app, the panel and the browser alike."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.storage import people


class AccessDenied(SpbeError):
    pass


@dataclass(frozen=True)
class Actor:
    id: str
    roles: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @property
    def is_reviewer(self) -> bool:
        return "reviewer" in self.roles


def load_actor(db: Database, actor_id: str) -> Actor:
    if people.get_assessor(db, actor_id) is None:
        raise AccessDenied(say("rights_not_registered", id=actor_id))
    return Actor(actor_id, frozenset(people.roles_of(db, actor_id)))


def team_role(db: Database, evaluation_id: int, instansi_id: str, actor: Actor) -> str | None:
    """'chair', 'member', or None when the actor is not on the institution's team."""
    return people.assignment_role(db, evaluation_id, instansi_id, actor.id)


# `action` in the require_* functions is a phrase already in the user's language (a "rights_act_…"
# message), completing "only an admin may …".


def require_admin(actor: Actor, action: str) -> None:
    if not actor.is_admin:
        raise AccessDenied(say("rights_only_admin", action=action, who=actor.id))


def require_team(db: Database, evaluation_id: int, instansi_id: str, actor: Actor, action: str) -> str:
    role = team_role(db, evaluation_id, instansi_id, actor)
    if role is None:
        raise AccessDenied(say("rights_not_on_team", who=actor.id, instansi=instansi_id, action=action))
    return role


def require_chair(db: Database, evaluation_id: int, instansi_id: str, actor: Actor, action: str) -> None:
    if team_role(db, evaluation_id, instansi_id, actor) != "chair":
        raise AccessDenied(say("rights_only_chair", instansi=instansi_id, action=action, who=actor.id))


def require_reviewer(actor: Actor, action: str) -> None:
    if not actor.is_reviewer:
        raise AccessDenied(say("rights_only_reviewer", action=action, who=actor.id))
