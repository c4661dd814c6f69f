"""Seals: an admin's SSH signature over a log head, kept as files beside the database.

`<db stem>-seals/<N>-<HASH[:12]>.txt` holds the signed message, `spbe-tui log head N:HASH`, and
`<N>-<HASH[:12]>.sig` its signature. ssh-keygen does all the cryptography (`-Y sign`,
`-Y find-principals`, `-Y verify`, namespace `spbe-tui`), so a seal can also be checked by hand:

    ssh-keygen -Y verify -f ALLOWED_SIGNERS -I IDENTITY -n spbe-tui -s 12-ab12….sig < 12-ab12….txt
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

NAMESPACE = "spbe-tui"
MESSAGE_PREFIX = "spbe-tui log head "
SEALS_DIR_MODE = 0o700  # like the database's folder: only its owner looks inside
_CHECK_TIMEOUT = 60  # seconds for ssh-keygen to check a signature, which asks nobody anything


class Unchecked(SpbeError):
    """The signature could not be checked (no ssh-keygen, no allowed-signers file)."""


class BadSeal(SpbeError):
    """The signature is not a good one by an allowed signer."""


@dataclass(frozen=True)
class NewSeal:
    """A signed head, for the caller to write: the message first, then the signature."""

    head: str
    message_path: Path
    message: bytes
    signature_path: Path
    signature: bytes


def seals_dir(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.stem}-seals")


def default_allowed_signers(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.stem}-allowed_signers")


def _ssh_keygen() -> str | None:
    return shutil.which("ssh-keygen")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else say("seal_no_reason")


def sign(db_path: Path, head: str, key: Path) -> NewSeal:
    """`head` signed with the private key `key` (or its public half, with the private one in an
    agent); the folder for the files is made here, mode 0700."""
    program = _ssh_keygen()
    if program is None:
        raise SpbeError(say("seal_no_keygen"))
    if not key.is_file():
        raise SpbeError(say("seal_no_key_file", path=key))
    message = f"{MESSAGE_PREFIX}{head}\n".encode()
    # No file argument: ssh-keygen signs standard input and writes the signature to standard output.
    # No timeout: it may be asking for the key's passphrase on the terminal (Ctrl-C stops it).
    done = subprocess.run([program, "-Y", "sign", "-f", str(key), "-n", NAMESPACE], input=message,
                          capture_output=True, check=False)
    if done.returncode != 0 or not done.stdout:
        raise SpbeError(say("seal_sign_failed", path=key, reason=_last_line(done.stderr.decode(errors="replace"))))
    count, digest = head.split(":")
    folder = seals_dir(db_path)
    folder.mkdir(mode=SEALS_DIR_MODE, exist_ok=True)
    stem = f"{count}-{digest[:12]}"
    return NewSeal(head, folder / f"{stem}.txt", message, folder / f"{stem}.sig", done.stdout)


def found_seals(db_path: Path) -> list[Path]:
    """The signature files beside the database, oldest head first (a temporary file is dotted)."""
    folder = seals_dir(db_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob("*.sig") if not p.name.startswith(".")]

    def order(path: Path) -> tuple[int, str]:
        count = path.stem.split("-", 1)[0]
        return (int(count) if count.isdigit() else -1, path.name)

    return sorted(found, key=order)


def _message_path(signature: Path) -> Path:
    return signature.with_suffix(".txt")


def sealed_message(signature: Path) -> tuple[str, bytes]:
    """The head a seal's message names, as text, and the message itself; a SpbeError when the
    message is missing or names no head."""
    path = _message_path(signature)
    try:
        message = path.read_bytes()
        text = message.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpbeError(say("seal_message_unreadable", path=path,
                            reason=getattr(exc, "strerror", None) or exc)) from None
    if not (text.startswith(MESSAGE_PREFIX) and text.endswith("\n") and text.count("\n") == 1):
        raise SpbeError(say("seal_message_not_head", path=path))
    return text[len(MESSAGE_PREFIX):-1], message


def signer(signature: Path, message: bytes, allowed_signers: Path) -> str:
    """Who made the seal's signature, by `allowed_signers`, after ssh-keygen found it good.

    Unchecked without ssh-keygen or without the allowed-signers file; BadSeal for a signature
    by a key not allowed, or one that does not match the message.
    """
    program = _ssh_keygen()
    if program is None:
        raise Unchecked(say("seal_no_keygen_check"))
    if not allowed_signers.is_file():
        raise Unchecked(say("seal_no_signers", path=allowed_signers))
    # The allowed-signers file names the signer of a good signature; find-principals asks it
    # which identity the signature's key belongs to, and verify then checks the signature as that one.
    found = _check([program, "-Y", "find-principals", "-s", str(signature), "-f", str(allowed_signers)], b"")
    principals = found.stdout.decode(errors="replace").split()
    if found.returncode != 0 or not principals:
        reason = (found.stderr or found.stdout).decode(errors="replace")
        raise BadSeal(say("seal_unknown_key", path=allowed_signers, reason=_last_line(reason)))
    verified = _check([program, "-Y", "verify", "-f", str(allowed_signers), "-I", principals[0], "-n", NAMESPACE,
                       "-s", str(signature)], message)
    if verified.returncode != 0:
        reason = (verified.stderr or verified.stdout).decode(errors="replace")
        raise BadSeal(say("seal_bad_signature", reason=_last_line(reason)))
    return principals[0]


def _check(command: list[str], message: bytes) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, input=message, capture_output=True, timeout=_CHECK_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise Unchecked(say("seal_timeout", seconds=_CHECK_TIMEOUT)) from None
