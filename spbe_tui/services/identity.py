"""Who is acting, as proven rather than claimed.

Run locally, the proof is the operating system's account of the process (never LOGNAME or USER,
which anyone can set). Over SSH, OpenSSH has checked the person's key and the forced command
names them. An admin may act for someone else on a shared terminal (`--as NAME`); the action is
then NAME's, and the record says which admin did it.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass

from sqlite_utils import Database

from spbe_tui.i18n import say
from spbe_tui.services.rights import AccessDenied, load_actor, require_admin
from spbe_tui.storage.events import acting_admin


@dataclass(frozen=True)
class Identity:
    person: str  # whose rights apply and whom the records name
    proof: str  # "login" (the OS account) or "ssh-key"
    admin: str | None = None  # the admin acting for `person` (--as), recorded with every change

    def __str__(self) -> str:
        return say("identity_acting_for", admin=self.admin, person=self.person) if self.admin else self.person


def os_login() -> str:
    """The name of the account running this process, from the system's user database."""
    return pwd.getpwuid(os.geteuid()).pw_name


def local_identity(db: Database | None, claimed: str | None) -> Identity:
    """The OS login, or with `--as NAME` that person when the login is an admin's.

    Without a database (a command that opens none) a claim cannot be checked and is refused.
    """
    login = os_login()
    if claimed is None or claimed == login:
        return Identity(login, "login")
    if db is None:
        raise AccessDenied(say("identity_as_needs_db"))
    require_admin(load_actor(db, login), say("rights_act_act_for", who=claimed))
    return Identity(claimed, "login", admin=login)


def act_as(identity: Identity) -> None:
    """From now on this process's changes are recorded as `identity`'s (with the admin, if any)."""
    acting_admin.set(identity.admin)


def ssh_identity(person: str, claimed: str | None) -> Identity:
    """The person whose key OpenSSH accepted; over SSH nobody acts for anyone else."""
    if claimed is not None and claimed != person:
        raise AccessDenied(say("identity_as_over_ssh"))
    return Identity(person, "ssh-key")
