"""Identity over SSH, end to end: a real sshd, a real service account, real keys.

The service account owns the database (in a 0700 folder of its home) and is its first admin;
ani and budi only have keys in the account's ``authorized_keys``, each bound by a forced
``ssh-session`` command to their own name.  ani scores an indicator in the assessor app over
``ssh -tt``; budi tries every way around the forced command and gets nowhere.

Runs as root only (useradd, sshd); skips otherwise, fails under CI=true (see sshd_harness).
``pytest -s`` prints the transcript of budi's refusals.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from spbe_tui.domain.framework_loader import load_framework
from tests.importing_helpers import db_content
from tests.sshd_harness import (
    PersonKey,
    SshdHarness,
    account_can_access,
    require_account_can_run,
    require_ssh_tools,
    sshd_harness,
    tool,
)

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable  # the venv's python, NOT resolved: the venv's site-packages come with it
INSTANSI = "kabupaten-lembah-hijau"
PLAIN_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
CTRL_T, CTRL_Q = "\x14", "\x11"


@dataclass
class SshWorld:
    h: SshdHarness
    db: Path
    data_dir: Path
    ani: PersonKey
    budi: PersonKey


# --------------------------------------------------------------------------- helpers


# The pytest workers inside root_traversable_for (their pids), and /root's mode before the first:
# xdist runs this module's tests in more than one worker, each with its own `world`, and the
# first to finish must not take the search bit away from another still running (its ssh commands
# then failed with "No module named 'typing'"). A worker killed inside is dropped by the next.
_ROOT_USERS = Path("/tmp/spbe-tests-root-traversable.json")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@contextlib.contextmanager
def _root_users() -> Iterator[dict[str, Any]]:
    with open(_ROOT_USERS, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        state = json.loads(handle.read() or '{"pids": [], "old_mode": null}')
        state["pids"] = [pid for pid in state["pids"] if _alive(pid)]
        if not state["pids"] and state["old_mode"] is not None:  # left by a killed worker
            os.chmod("/root", state["old_mode"])
            state["old_mode"] = None
        yield state
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(state))


@contextlib.contextmanager
def root_traversable_for(account: str) -> Iterator[None]:
    """Let the service account through /root for the duration of the module, if that is all
    that stops it from running the venv's python.

    The venv's ``bin/python`` is a symlink into /root/.pyenv, and /root is usually 0700, so the
    account could not start the interpreter at all.  Only the search bit for others is added
    (0700 -> 0711: /root can be entered, not listed) and the exact old mode is restored when the
    last worker using it leaves, whatever happens.  A production server would build its venv
    from an interpreter outside /root instead (PYTHON=/usr/bin/python3).
    """
    real = os.path.realpath(PYTHON)
    with _root_users() as state:
        mode = stat.S_IMODE(os.stat("/root").st_mode)
        if not state["pids"] and (real.startswith("/root/") and not mode & stat.S_IXOTH
                                  and not account_can_access(account, real, "x")):
            os.chmod("/root", mode | 0o011)
            state["old_mode"] = mode
        state["pids"].append(os.getpid())
    try:
        yield
    finally:
        with _root_users() as state:
            state["pids"] = [pid for pid in state["pids"] if pid != os.getpid()]
            if not state["pids"] and state["old_mode"] is not None:
                os.chmod("/root", state["old_mode"])
                state["old_mode"] = None


def as_account(world_or_h: SshWorld | SshdHarness, *args: str) -> subprocess.CompletedProcess:
    """``python -m spbe_tui ARGS`` run locally as the service account (its login, its home)."""
    h = world_or_h.h if isinstance(world_or_h, SshWorld) else world_or_h
    home = str(h.account.home)
    return subprocess.run(
        [tool("runuser"), "-u", h.account.name, "--", PYTHON, "-m", "spbe_tui", *args],
        cwd=home, env={**PLAIN_ENV, "HOME": home, "COLUMNS": "200"},
        capture_output=True, text=True, timeout=60, check=False)


def must(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, f"{done.args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def snapshot(db: Path, into: Path) -> Path:
    """A root-owned copy of the database (with its WAL, if any) to read from.

    Root must not open the live file: SQLite would create ``-wal``/``-shm`` files owned by root
    in the account's folder, and the account could then no longer open its own database.
    """
    into.mkdir(parents=True, exist_ok=True)
    copy = into / db.name
    for suffix in ("", "-wal"):
        source = db.with_name(db.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            shutil.copyfile(source, copy.with_name(copy.name + suffix))
    return copy


def rows(db: Path, sql: str, *params: Any) -> list[tuple]:
    """Query the live database read-only, without creating any file beside it."""
    wal_present = db.with_name(db.name + "-wal").exists()  # a session has it open: read through the WAL
    uri = f"file:{db}?mode=ro" if wal_present else f"file:{db}?immutable=1"
    connection = sqlite3.connect(uri, uri=True)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def first_line(done: subprocess.CompletedProcess) -> str:
    for text in (done.stderr, done.stdout):
        for line in text.splitlines():
            if line.strip():
                return line.strip()
    return "(no output)"


def assert_owned_and_private(world: SshWorld) -> None:
    """The database and evidence store belong to the account: folder 0700, files 0600."""
    uid = world.h.account.uid
    found = [world.data_dir, *world.data_dir.rglob("*")]
    assert world.db in found and any(p.name.endswith("-evidence") for p in found)
    for path in found:
        st = os.lstat(path)
        want = 0o700 if stat.S_ISDIR(st.st_mode) else 0o600
        assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (uid, want), (path, st.st_uid, oct(st.st_mode))


# --------------------------------------------------------------------------- the world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshWorld]:
    require_ssh_tools()
    with sshd_harness() as h, root_traversable_for(h.account.name):
        account = h.account.name
        require_account_can_run(account, [PYTHON, "-c", "import spbe_tui"])

        # The data folder is the account's own, 0700, made by the account itself.
        data_dir = h.account.home / "data"
        subprocess.run([tool("runuser"), "-u", account, "--", "mkdir", "-m", "700", str(data_dir)],
                       check=True, env=PLAIN_ENV, timeout=30)
        db = data_dir / "spbe.db"

        keys = {name: h.new_key(name) for name in ("ani", "budi")}
        pubs = {}
        for name, key in keys.items():  # the key folder is root's 0700: hand the account a copy
            pubs[name] = h.shared_dir / f"{name}.pub"
            pubs[name].write_text(key.public + "\n")
            os.chmod(pubs[name], 0o644)

        # The account's login is the first admin; everything is set up as the account.
        must(as_account(h, "import", str(REPO / "data" / "sample"), "--db", str(db)))
        must(as_account(h, "assessor", "add", account, "--role", "admin", "--db", str(db)))
        must(as_account(h, "assessor", "add", "ani", "--key", str(pubs["ani"]), "--db", str(db)))
        must(as_account(h, "assessor", "add", "budi", "--key", str(pubs["budi"]), "--db", str(db)))
        must(as_account(h, "assign", INSTANSI, "ani", "budi", "--chair", "ani", "--db", str(db)))
        lines = must(as_account(h, "ssh", "authorized-keys", "--db", str(db))).stdout.splitlines()
        assert len(lines) == 2 and lines[0].endswith(" ani") and lines[1].endswith(" budi"), lines
        h.write_authorized_keys(lines)
        # ani sets her own passphrase for the panel's keyboard, through her own key.
        must(h.ssh_run(keys["ani"], ["passphrase"], stdin="ani-frasa-sandi\n"))
        world = SshWorld(h, db, data_dir, keys["ani"], keys["budi"])
        assert_owned_and_private(world)
        yield world


# --------------------------------------------------------------------------- ani


def test_ani_scores_in_the_assessor_app_over_ssh(world: SshWorld) -> None:
    h = world.h
    expected = load_framework("spbe-2020").justification(1, 3)
    tui = h.ssh_pty(world.ani, size=(120, 40))  # ssh -tt, no command: the assessor app
    try:
        tui.wait_for("Lembah Hijau", timeout=20, on_screen=True)
        tui.send("3")
        tui.send(CTRL_T)  # the standard sentence for the level, saved at once
        query = ("SELECT assessor_id, level, justification FROM decisions "
                 "WHERE instansi_id = ? AND indicator = 1")
        deadline = time.monotonic() + 10
        while (found := rows(world.db, query, INSTANSI)) != [("ani", 3, expected)]:
            assert time.monotonic() < deadline, f"saw {found}\n{tui.screen_text()}"
            time.sleep(0.1)
        tui.send(CTRL_Q)
        assert tui.wait(timeout=10) == 0, tui.text()[-2000:]
    finally:
        tui.close()

    assert rows(world.db, "SELECT assessor_id, level, justification FROM decisions "
                          "WHERE instansi_id = ? AND indicator = 1", INSTANSI) == [("ani", 3, expected)]
    assert rows(world.db, "SELECT actor, via FROM events WHERE kind = 'decision' ORDER BY rowid DESC "
                          "LIMIT 1") == [("ani", None)]
    verified = h.ssh_run(world.ani, ["audit", "verify"])
    assert verified.returncode == 0 and verified.stdout.startswith("ok:"), verified.stderr
    assert_owned_and_private(world)


# --------------------------------------------------------------------------- budi


def test_budi_cannot_get_around_the_forced_command(world: SshWorld, tmp_path: Path) -> None:
    h, budi = world.h, world.budi
    stray = f"/tmp/spbe-e2e-{uuid.uuid4().hex[:8]}"
    before = db_content(snapshot(world.db, tmp_path / "before"))
    ani_sentence = load_framework("spbe-2020").justification(1, 3)
    team_level = ["team-level", "--instansi", INSTANSI, "--indicator", "1", "--level", "5",
                  "--justification", "x"]
    no_fail = ["-o", "ExitOnForwardFailure=yes"]

    # (label, ssh_run kwargs, text the refusal must contain)
    attempts: list[tuple[str, dict[str, Any], str]] = [
        ("review --as ani", {"command": ["review", "--as", "ani"]}, "--as is not available over SSH"),
        ("status --db /tmp/x.db", {"command": ["status", "--db", f"{stray}.db"]},
         "--db is not available over SSH"),
        ("team-level … (budi is not the chair)", {"command": team_level}, "budi is not"),
        ("assessor add mallory --role admin", {"command": ["assessor", "add", "mallory", "--role", "admin"]},
         "'assessor' is not available over SSH"),
        ("sh", {"command": ["sh"]}, "'sh' is not available over SSH"),
        ("bash -i", {"command": ["bash", "-i"]}, "'bash' is not available over SSH"),
        ("frobnicate (unknown)", {"command": ["frobnicate"]}, "'frobnicate' is not available over SSH"),
        ("export --out /tmp/x.csv", {"command": ["export", "--out", f"{stray}.csv"]}, "use --out -"),
        ("sh -c via quoting", {"command": "status; sh -c id"}, "not available"),
        ("ssh -W (stdio forwarding)",
         {"command": None, "stdin": b"", "ssh_args": [*no_fail, "-W", f"127.0.0.1:{h.port}"]},
         "forwarding failed"),
        ("ssh -N -R (remote forwarding)",
         {"command": None, "ssh_args": [*no_fail, "-N", "-R", "0:127.0.0.1:9"]}, "forwarding failed"),
        ("SetEnv LOGNAME=ani USER=ani; team-level …",
         {"command": team_level, "ssh_args": ["-o", "SetEnv=LOGNAME=ani USER=ani SPBE_USER=ani"],
          "env": {**os.environ, "LOGNAME": "ani", "USER": "ani"}}, "budi is not"),
    ]
    transcript = []
    for label, kwargs, message in attempts:
        done = h.ssh_run(budi, timeout=20, **kwargs)
        transcript.append(f"{label:45} -> exit {done.returncode}: {first_line(done)}")
        assert done.returncode != 0, (label, done.stdout, done.stderr)
        assert message in done.stderr, (label, done.stderr)
        assert ani_sentence not in done.stdout + done.stderr, label  # nobody else's data
    print("\nbudi over SSH (command -> exit: first line of stderr/stdout)")
    print("\n".join(transcript))

    # Not refused, but blind: budi's long export over the connection holds his own rows only.
    long_export = h.ssh_run(budi, ["export", "--layout", "long", "--stage", "dokumen", "--allow-incomplete",
                                   "--out", "-"], timeout=30)
    assert long_export.returncode == 0, long_export.stderr
    assert ani_sentence not in long_export.stdout and ",ani," not in long_export.stdout
    transcript.append(f"{'export --layout long --out - (blind)':45} -> exit 0: "
                      f"{len(long_export.stdout.splitlines())} lines, none of ani's")

    # The panel on a terminal budi holds: ani's level is `?`, and the keyboard does not pass to
    # ani with anyone's passphrase but hers.
    events_before = rows(world.db, "SELECT count(*) FROM events")
    panel = h.ssh_pty(budi, ["panel", "--instansi", INSTANSI, "--lang", "en"], size=(100, 30))
    try:
        panel.wait_for("At the keyboard: budi", timeout=20, on_screen=True)

        def table() -> list[str]:
            return [line for line in panel.screen_lines() if line.lstrip(" !").split(" ")[0].isdigit()]

        def blind() -> bool:
            return bool(table()) and all(line.count("?") >= 2 for line in table())

        # The header can reach the terminal a frame before the table's rows, and a frame can
        # arrive in pieces (a row read half drawn): wait for whole rows.
        deadline = time.monotonic() + 10
        while not blind() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert blind(), panel.screen_text()
        panel.send("a")
        panel.wait_for("Hand over the keyboard", timeout=10, on_screen=True)
        panel.send("budi-tebakan\r")  # ani is the one other choice; this is not her passphrase
        panel.wait_for("wrong passphrase for ani", timeout=10, on_screen=True)
        transcript.append(f"{'panel: a -> ani, a wrong passphrase':45} -> refused: wrong passphrase for ani")
        panel.send("\x1b")  # alone: Esc with q right behind it would read as alt+q
        deadline = time.monotonic() + 10
        while "Hand over the keyboard" in panel.screen_text():
            assert time.monotonic() < deadline, panel.screen_text()
            time.sleep(0.1)
        panel.send("q")
        assert panel.wait(timeout=10) == 0, panel.text()[-2000:]
    finally:
        panel.close()
    assert rows(world.db, "SELECT count(*) FROM events WHERE kind = 'panel_active'") == [(0,)]
    assert rows(world.db, "SELECT count(*) FROM events") == events_before
    print("\n".join(transcript[-2:]))
    assert not Path(f"{stray}.csv").exists() and not Path(f"{stray}.db").exists()
    assert "refused local port forward" in h.log_text()
    assert db_content(snapshot(world.db, tmp_path / "after")) == before
    assert rows(world.db, "SELECT count(*) FROM assessors WHERE id = 'mallory'") == [(0,)]
    assert_owned_and_private(world)
