"""Who may do what. Every service that changes or reveals something asks here first, so the
rules hold for the CLI, the assessor app, the panel and the browser alike."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from spbe_tui.errors import SpbeError
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
        raise AccessDenied(
            f"{actor_id!r} is not registered in this database; an admin adds them with "
            f"`spbe-tui assessor add {actor_id}` and assigns institutions with `spbe-tui assign`"
        )
    return Actor(actor_id, frozenset(people.roles_of(db, actor_id)))


def team_role(db: Database, evaluation_id: int, instansi_id: str, actor: Actor) -> str | None:
    """'chair', 'member', or None when the actor is not on the institution's team."""
    return people.assignment_role(db, evaluation_id, instansi_id, actor.id)


def require_admin(actor: Actor, action: str) -> None:
    if not actor.is_admin:
        raise AccessDenied(f"only an admin may {action}; {actor.id} is not an admin")


def require_team(db: Database, evaluation_id: int, instansi_id: str, actor: Actor, action: str) -> str:
    role = team_role(db, evaluation_id, instansi_id, actor)
    if role is None:
        raise AccessDenied(f"{actor.id} is not on the team of {instansi_id} and may not {action}")
    return role


def require_chair(db: Database, evaluation_id: int, instansi_id: str, actor: Actor, action: str) -> None:
    if team_role(db, evaluation_id, instansi_id, actor) != "chair":
        raise AccessDenied(f"only the chair (ketua tim) of {instansi_id} may {action}; {actor.id} is not")


def require_reviewer(actor: Actor, action: str) -> None:
    if not actor.is_reviewer:
        raise AccessDenied(f"only a reviewer (Tim Reviu) may {action}; {actor.id} is not")
