"""Reaching spbe-tui over SSH: people's keys, and the service account's authorized_keys.

OpenSSH does the authentication, as gitolite and soft-serve let it: one line per key in the
service account's `~/.ssh/authorized_keys` forces `spbe-tui ssh-session NAME`, so whoever holds
the key is NAME and can run nothing else. The lines spbe-tui manages sit between two marker
lines; everything else in the file is kept as it is.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import shlex
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.services.rights import load_actor, require_admin
from spbe_tui.storage import keys as store
from spbe_tui.storage import people
from spbe_tui.storage.db import write
from spbe_tui.storage.ledger import record

KEY_TYPES = (
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
)
BEGIN = "# spbe-tui: managed keys begin (spbe-tui ssh authorized-keys --write replaces these lines)"
END = "# spbe-tui: managed keys end"


@dataclass(frozen=True)
class PublicKey:
    key_type: str
    blob: str  # base64, as in the .pub file
    comment: str

    @property
    def fingerprint(self) -> str:
        """SHA256 fingerprint, written as ssh-keygen -l writes it."""
        digest = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def parse_public_key(text: str, source: str) -> PublicKey:
    """One OpenSSH public key line (a .pub file); never a private key, never options."""
    if "PRIVATE KEY" in text:
        raise SpbeError(say("ssh_private_key", source=source))
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if len(lines) != 1:
        raise SpbeError(say("ssh_key_lines", source=source, found=len(lines)))
    parts = lines[0].split(maxsplit=2)
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise SpbeError(say("ssh_not_a_key", source=source, types=", ".join(KEY_TYPES)))
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise SpbeError(say("ssh_key_damaged", source=source)) from None
    # The blob starts with its own type name: a key pasted under another type is refused.
    if raw[4:4 + len(parts[0])] != parts[0].encode():
        raise SpbeError(say("ssh_key_type_mismatch", source=source, type=parts[0]))
    comment = parts[2].strip() if len(parts) > 2 else ""
    return PublicKey(parts[0], parts[1], "".join(c for c in comment if c.isprintable()))


def add_key(db: Database, actor_id: str, assessor_id: str, key: PublicKey) -> None:
    """Bind a key to a person (an admin's work; a person's own first key too, by the admin)."""
    require_admin(load_actor(db, actor_id), say("rights_act_ssh_keys"))
    if people.get_assessor(db, assessor_id) is None:
        raise SpbeError(say("ssh_not_registered", id=assessor_id))
    owner = store.key_owner(db, key.fingerprint)
    if owner is not None:
        raise SpbeError(say("ssh_key_taken", fingerprint=key.fingerprint, owner=owner))
    with write(db):
        record(db, actor=actor_id, kind="ssh_key_added",
               new={"assessor": assessor_id, "fingerprint": key.fingerprint, "key_type": key.key_type,
                    "blob": key.blob, "comment": key.comment})


def forced_command(program: list[str], db_path: Path, person: str) -> str:
    return shlex.join([*program, "ssh-session", "--db", str(db_path), person])


def authorized_lines(db: Database, program: list[str], db_path: Path) -> list[str]:
    """One line per registered key: the forced command, no forwarding, a terminal."""
    lines = []
    for row in store.all_keys(db):
        command = forced_command(program, db_path, row["assessor_id"]).replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'command="{command}",restrict,pty {row["key_type"]} {row["blob"]} {row["assessor_id"]}')
    return lines


def merged_authorized_keys(existing: str, managed: list[str]) -> str:
    """The file with the managed block replaced (or appended) and every other line kept."""
    kept: list[str] = []
    inside = False
    for line in existing.splitlines():
        if line == BEGIN:
            inside = True
        elif line == END:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join([*kept, BEGIN, *managed, END]) + "\n"


def install_authorized_keys(target: Path, managed: list[str]) -> None:
    """Write the service account's authorized_keys: 0700 folder, 0600 file, replaced whole."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    fd, temp = tempfile.mkstemp(prefix=".authorized_keys.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(merged_authorized_keys(existing, managed))
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
