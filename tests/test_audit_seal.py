"""Seals: an admin's SSH signature over the log head, written beside the database by
`audit seal` and checked by `audit verify` with ssh-keygen against an allowed-signers file."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from spbe_tui.services.identity import os_login
from tests.sshd_harness import skip_or_fail
from tests.test_audit_head import cli, delete_tail, log_db, log_template, stored_head, tamper

__all__ = ["log_db", "log_template"]  # fixtures shared with test_audit_head

SIGNER = "admin@spbe"


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, Path]:
    """Two fresh ed25519 keys: the admin's, named in the allowed signers, and a stranger's."""
    if shutil.which("ssh-keygen") is None:
        skip_or_fail("ssh-keygen (OpenSSH) is not installed")
    folder = tmp_path_factory.mktemp("keys")
    for name in ("admin", "stranger"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)],
                       check=True)
    return {"admin": folder / "admin", "stranger": folder / "stranger"}


def allow(keys: dict[str, Path], target: Path) -> Path:
    public = (keys["admin"].with_suffix(".pub")).read_text().split()[:2]
    target.write_text(f"{SIGNER} {' '.join(public)}\n")
    return target


def seal(monkeypatch, capsys, db_path: Path, key: Path) -> tuple[int, str, str]:
    return cli(monkeypatch, capsys, "audit", "seal", "--db", db_path, "--key", key)


def verify(monkeypatch, capsys, db_path: Path, *options) -> tuple[int, str, str]:
    return cli(monkeypatch, capsys, "audit", "verify", "--db", db_path, *options)


def seal_files(db_path: Path) -> list[Path]:
    return sorted((db_path.parent / "spbe-seals").iterdir())


def test_seal_signs_the_head_into_files_beside_the_database(monkeypatch, capsys, log_db, keys):
    head = stored_head(log_db)
    count, digest = head.split(":")
    code, out, err = seal(monkeypatch, capsys, log_db, keys["admin"])
    signature = log_db.parent / "spbe-seals" / f"{count}-{digest[:12]}.sig"
    message = signature.with_suffix(".txt")
    assert (code, err) == (0, "") and out == f"sealed head {head}: {signature}\n"
    assert seal_files(log_db) == [signature, message]
    assert message.read_text() == f"spbe-tui log head {head}\n"
    assert stat.S_IMODE(signature.parent.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in (signature, message)} == {0o600}
    # A plain ssh-keygen check, as the seals module's docstring tells an auditor to make one.
    signers = allow(keys, log_db.parent / "signers")
    with message.open("rb") as stdin:
        checked = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", signers, "-I", SIGNER, "-n", "spbe-tui",
                                  "-s", signature], stdin=stdin, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_a_seal_checks_out_with_the_allowed_signers(monkeypatch, capsys, log_db, keys, tmp_path):
    seal(monkeypatch, capsys, log_db, keys["admin"])
    (signature,) = (p for p in seal_files(log_db) if p.suffix == ".sig")
    allow(keys, log_db.parent / "spbe-allowed_signers")  # the default, beside the database
    code, out, _ = verify(monkeypatch, capsys, log_db)
    head = stored_head(log_db)
    assert code == 0 and out.splitlines() == [
        f"ok: {head.split(':')[0]} events, head {head}, chain intact, tables match the log",
        f"seal {signature}: ok: good signature by {SIGNER}; head {head} is in the log",
    ]
    elsewhere = allow(keys, tmp_path / "kept-elsewhere")
    (log_db.parent / "spbe-allowed_signers").unlink()
    assert verify(monkeypatch, capsys, log_db, "--allowed-signers", elsewhere)[0] == 0


def test_a_seal_fails_once_the_tail_is_deleted(monkeypatch, capsys, log_db, keys):
    seal(monkeypatch, capsys, log_db, keys["admin"])
    count = int(stored_head(log_db).split(":")[0])
    allow(keys, log_db.parent / "spbe-allowed_signers")
    delete_tail(log_db, 2)
    code, out, err = verify(monkeypatch, capsys, log_db)
    assert (code, out) == (1, "")
    assert err.startswith("FAILED: seal ") and err.splitlines()[0].endswith(
        f"the log no longer reaches event {count} (it has {count - 2}): events were deleted")


def test_a_tampered_signature_fails(monkeypatch, capsys, log_db, keys):
    seal(monkeypatch, capsys, log_db, keys["admin"])
    (signature,) = (p for p in seal_files(log_db) if p.suffix == ".sig")
    lines = signature.read_text().splitlines()
    # The last base64 line before the footer ends the signature blob itself; flip one of its letters.
    last = lines[-2]
    lines[-2] = last[:5] + ("A" if last[5] != "A" else "B") + last[6:]
    signature.write_text("\n".join(lines) + "\n")
    allow(keys, log_db.parent / "spbe-allowed_signers")
    code, _, err = verify(monkeypatch, capsys, log_db)
    assert code == 1 and err.startswith(f"FAILED: seal {signature}: its signature"), err


def test_a_signature_by_a_key_not_allowed_fails(monkeypatch, capsys, log_db, keys):
    seal(monkeypatch, capsys, log_db, keys["stranger"])
    allow(keys, log_db.parent / "spbe-allowed_signers")
    code, _, err = verify(monkeypatch, capsys, log_db)
    assert code == 1 and "its signature is not by a key in" in err.splitlines()[0], err


def test_a_seal_without_allowed_signers_is_unchecked(monkeypatch, capsys, log_db, keys):
    seal(monkeypatch, capsys, log_db, keys["admin"])
    code, out, _ = verify(monkeypatch, capsys, log_db)
    first, line = out.splitlines()
    assert code == 0 and first.startswith("ok: ") and first.endswith("tables match the log; 1 seal unchecked")
    assert ": unchecked: " in line and "no allowed-signers file" in line and ": ok:" not in line


def test_only_an_admin_may_seal(monkeypatch, capsys, log_db, keys):
    tamper(log_db, ("DELETE FROM assessor_roles WHERE assessor_id = ? AND role = 'admin'", (os_login(),)))
    code, _, err = seal(monkeypatch, capsys, log_db, keys["admin"])
    assert code == 1 and err == f"error: only an admin may seal the event log; {os_login()} is not an admin\n"
    assert not (log_db.parent / "spbe-seals").exists()


def test_a_broken_log_is_not_sealed(monkeypatch, capsys, log_db, keys):
    tamper(log_db, ("UPDATE events SET justification = 'diam-diam' WHERE id = 3", ()))
    code, _, err = seal(monkeypatch, capsys, log_db, keys["admin"])
    assert code == 1 and err.startswith("error: the event log is broken at event 3")
    assert not (log_db.parent / "spbe-seals").exists()


def test_without_ssh_keygen_sealing_and_checking_say_so(monkeypatch, capsys, log_db, keys):
    seal(monkeypatch, capsys, log_db, keys["admin"])
    allow(keys, log_db.parent / "spbe-allowed_signers")
    monkeypatch.setenv("PATH", str(log_db.parent / "no-such-bin"))
    code, _, err = seal(monkeypatch, capsys, log_db, keys["admin"])
    assert (code, err) == (1, "error: ssh-keygen was not found; install OpenSSH's client tools to seal the log\n")
    code, out, _ = verify(monkeypatch, capsys, log_db)
    assert code == 0 and out.splitlines()[0].endswith("; 1 seal unchecked")
    assert "unchecked: " in out and "ssh-keygen was not found" in out


def test_allowed_signers_cannot_be_named_over_ssh(monkeypatch, capsys, log_db, tmp_path):
    from spbe_tui.cli import options

    monkeypatch.setattr(options, "_ssh_person", "ani")
    code, _, err = verify(monkeypatch, capsys, log_db, "--allowed-signers", tmp_path / "any")
    assert code == 1 and "--allowed-signers is not available over SSH" in err


def test_a_missing_allowed_signers_file_is_refused(monkeypatch, capsys, log_db, tmp_path):
    code, _, err = verify(monkeypatch, capsys, log_db, "--allowed-signers", tmp_path / "nothing")
    assert (code, err) == (1, f"error: {tmp_path / 'nothing'}: no such allowed-signers file\n")

