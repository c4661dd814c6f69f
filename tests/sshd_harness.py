"""A private OpenSSH server for end-to-end tests of forced-command access.

The production shape this mimics: one service account owns the database, and each person's
public key sits in that account's ``~/.ssh/authorized_keys`` as
``command="<spbe-tui> ssh-session NAME",restrict,pty <key>``.  Identity comes from which key
authenticated, never from anything the client sends.

Everything here runs the real ``sshd`` (as root, on 127.0.0.1, on a free port, with its own
config, host key, pid file and log) and the real ``ssh`` client.  Usage as a fixture::

    from tests.sshd_harness import sshd_harness, authorized_key_line

    @pytest.fixture(scope="module")
    def ssh_env():
        with sshd_harness() as h:              # unique account spbe-e2e-xxxxxx, deleted after
            alice = h.new_key("alice")
            h.write_authorized_keys([authorized_key_line(alice, [PY, "-m", "spbe_tui",
                                                                  "ssh-session", "alice"])])
            yield h

    def test_x(ssh_env):
        done = ssh_env.ssh_run(ssh_env.keys["alice"], ["status"])   # -> SSH_ORIGINAL_COMMAND
        with ssh_env.ssh_pty(ssh_env.keys["alice"], size=(100, 30)) as tui:
            tui.wait_for("Reviewer", on_screen=True); tui.send("q")

``require_ssh_tools()`` skips when the machine cannot run this (not root, tools missing) but
*fails* when ``CI=true``, so CI cannot silently skip the end-to-end tests.  The service account
can only run files it can reach: pytest's ``tmp_path`` lives under ``/tmp/pytest-of-root`` (mode
0700) and is NOT reachable; use ``h.shared_dir`` (0755) or the account's home instead.  Before
running the project's Python as the account, call ``require_account_can_run``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import grp
import os
import pwd
import re
import secrets
import select
import shlex
import shutil
import signal
import socket
import stat
import struct
import subprocess
import tempfile
import termios
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

import pytest

# sbin directories are often missing from PATH under pytest/CI; the tools live there.
_SEARCH_PATH = os.pathsep.join(
    [os.environ.get("PATH", ""), "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"])
_REQUIRED_TOOLS = ("sshd", "ssh", "ssh-keygen", "useradd", "usermod", "userdel", "runuser",
                   "setsid")
_PLAIN_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


# --------------------------------------------------------------------------- preconditions

def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip the test, except under CI=true, where a missing precondition is a failure."""
    if in_ci():
        pytest.fail(f"CI=true, so this is a failure, not a skip: {reason}", pytrace=False)
    pytest.skip(reason)


def tool(name: str) -> str:
    found = shutil.which(name, path=_SEARCH_PATH)
    if found is None:
        raise FileNotFoundError(name)
    return os.path.abspath(found)  # sshd refuses to re-exec unless started by absolute path


def missing_preconditions() -> list[str]:
    problems = []
    if os.geteuid() != 0:
        problems.append("not running as root (needed for useradd and for sshd)")
    missing = [name for name in _REQUIRED_TOOLS if shutil.which(name, path=_SEARCH_PATH) is None]
    if missing:
        problems.append("missing " + ", ".join(missing)
                        + " (apt-get install openssh-server openssh-client; .ci/run does this)")
    if shutil.which("sshd", path=_SEARCH_PATH) is not None:
        try:  # OpenSSH < 9.8 needs its privilege-separation user
            pwd.getpwnam("sshd")
        except KeyError:
            if sshd_version() < (9, 8):
                problems.append("the 'sshd' privilege-separation user is missing "
                                "(reinstall openssh-server)")
    return problems


def require_ssh_tools() -> None:
    problems = missing_preconditions()
    if problems:
        skip_or_fail("OpenSSH end-to-end harness unavailable: " + "; ".join(problems))


@functools.cache
def sshd_version() -> tuple[int, int]:
    out = subprocess.run([tool("sshd"), "-V"], check=False, capture_output=True, text=True, timeout=10)
    match = re.search(r"OpenSSH_(\d+)\.(\d+)", out.stdout + out.stderr)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


# --------------------------------------------------------------------------- accounts & keys

@dataclass
class ServiceAccount:
    name: str
    home: Path
    uid: int
    gid: int
    created: bool                      # False when the account already existed
    previous_home: str | None = None   # restored on removal when we re-pointed an existing one


ACCOUNT_MARKER = "spbe-tui e2e service account"  # GECOS of every account this harness makes
_LOCK_DIR = Path("/run/lock") if Path("/run/lock").is_dir() else Path(tempfile.gettempdir())


def _run(argv: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a tool, retrying while another useradd/userdel holds the passwd lock."""
    kwargs.setdefault("timeout", 30)
    for attempt in range(20):
        done = subprocess.run(list(argv), check=False, capture_output=True, text=True, **kwargs)
        if done.returncode == 0 or "lock" not in done.stderr or attempt == 19:
            break
        time.sleep(0.1 + 0.05 * attempt)
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(argv)} failed ({done.returncode}): "
                           f"{done.stderr.strip() or done.stdout.strip()}")
    return done


def unique_account_name(prefix: str = "spbe-e2e") -> str:
    """A fresh name, so concurrent test runs on one machine never share an account."""
    return f"{prefix}-{secrets.token_hex(3)}"


@contextlib.contextmanager
def account_lock(name: str, timeout: float = 120.0, blocking: bool = True) -> Iterator[bool]:
    """Hold an flock for ``name`` while its account is in use (yields False if not acquired
    and ``blocking`` is False)."""
    path = _LOCK_DIR / f"spbe-sshd-{name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not blocking:
                    yield False
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError(f"account {name!r} stayed in use by another run: {path}") from None
                time.sleep(0.1)
        yield True
    finally:
        os.close(fd)


def processes_of(uid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if os.stat(f"/proc/{entry}").st_uid == uid and pid_alive(int(entry)):
                    pids.append(int(entry))
    return pids


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def end_processes_of(uid: int, grace: float = 2.0) -> list[str]:
    """SIGTERM, then SIGKILL, every process running as ``uid`` (only ever called for accounts
    this harness made).  Returns descriptions of what was found, for diagnostics."""
    pids = processes_of(uid)
    found = [f"{pid}: {_cmdline(pid)}" for pid in pids]
    _signal(pids, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while processes_of(uid) and time.monotonic() < deadline:
        time.sleep(0.02)
    _signal(processes_of(uid), signal.SIGKILL)
    deadline = time.monotonic() + grace
    while processes_of(uid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return found


def reap_stale_accounts() -> list[str]:
    """Delete accounts this harness made in earlier runs that died before cleaning up (their
    lock is free).  Returns the names removed."""
    removed = []
    for entry in pwd.getpwall():
        if entry.pw_gecos != ACCOUNT_MARKER:
            continue
        with account_lock(entry.pw_name, blocking=False) as acquired:
            if not acquired:
                continue  # a live run is using it
            end_processes_of(entry.pw_uid)
            with contextlib.suppress(RuntimeError):
                _run([tool("userdel"), entry.pw_name])
                removed.append(entry.pw_name)
    return removed


def ensure_service_account(name: str, home: Path, shell: str = "/bin/sh") -> ServiceAccount:
    """Create the account (or re-point an existing one) with ``home`` as its home directory.

    Idempotent.  An existing account made by this harness (GECOS ``ACCOUNT_MARKER``) counts as
    ours and is deleted at the end; any other existing account is only re-pointed and restored.
    The password field is set to ``*`` (no password, but not "locked": with ``UsePAM no`` sshd
    refuses public-key logins to accounts whose password starts with ``!``, which is what a
    plain ``useradd`` leaves).  Call it while holding ``account_lock(name)``.
    """
    home = Path(os.path.realpath(home))
    previous_home = None
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        created = True
        try:
            grp.getgrnam(name)
            group_args = ["-g", name]          # left over from an interrupted earlier run
        except KeyError:
            group_args = ["-U"]
        _run([tool("useradd"), "-r", "-M", "-d", str(home), "-s", shell, "-p", "*",
              "-c", ACCOUNT_MARKER, *group_args, name])
    else:
        created = entry.pw_gecos == ACCOUNT_MARKER
        if created:
            end_processes_of(entry.pw_uid)  # leftovers of an earlier run of this harness
        if entry.pw_dir != str(home) or entry.pw_shell != shell:
            previous_home = None if created else entry.pw_dir
            _run([tool("usermod"), "-d", str(home), "-s", shell, name])
        _run([tool("usermod"), "-p", "*", name])
    entry = pwd.getpwnam(name)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o750)  # StrictModes: home and .ssh must not be group/world writable
    return ServiceAccount(name, home, entry.pw_uid, entry.pw_gid, created, previous_home)


def remove_service_account(account: ServiceAccount) -> None:
    """Undo ``ensure_service_account``: delete what we created, restore what we changed.

    Processes still running as an account we created are ended first, with a warning naming
    them (after sshd has stopped there should be none)."""
    if account.created:
        leftovers = end_processes_of(account.uid)
        if leftovers:
            warnings.warn(f"processes of {account.name} outlived sshd: {leftovers}", stacklevel=2)
        try:
            _run([tool("userdel"), account.name])
        except RuntimeError as exc:  # the next run's reap_stale_accounts() retries
            warnings.warn(str(exc), stacklevel=2)
    elif account.previous_home is not None:
        with contextlib.suppress(RuntimeError):
            _run([tool("usermod"), "-d", account.previous_home, account.name])


def write_authorized_keys(account: ServiceAccount, lines: Sequence[str]) -> Path:
    """Replace the account's ``~/.ssh/authorized_keys`` (0700 dir, 0600 file, owned by it)."""
    ssh_dir = account.home / ".ssh"
    ssh_dir.mkdir(exist_ok=True)
    os.chown(ssh_dir, account.uid, account.gid)
    os.chmod(ssh_dir, 0o700)
    target = ssh_dir / "authorized_keys"
    staging = ssh_dir / "authorized_keys.new"
    staging.write_text("".join(line.rstrip("\n") + "\n" for line in lines))
    os.chown(staging, account.uid, account.gid)
    os.chmod(staging, 0o600)
    os.replace(staging, target)  # atomic: a login racing the rewrite sees old or new, not half
    return target


@dataclass
class PersonKey:
    name: str
    private: Path
    public: str  # "ssh-ed25519 AAAA... comment"


def generate_key(directory: Path, name: str) -> PersonKey:
    """An ed25519 key pair without passphrase, for the (root) ssh client."""
    directory.mkdir(parents=True, exist_ok=True)
    private = directory / f"id_{name}"
    if not private.exists():
        _run([tool("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@spbe-e2e",
              "-f", str(private)])
    os.chmod(private, 0o600)  # ssh refuses a private key readable by others
    return PersonKey(name, private, private.with_suffix(".pub").read_text().strip())


def authorized_key_line(key: PersonKey | str, command: str | Sequence[str],
                        options: Sequence[str] = ("restrict", "pty")) -> str:
    """``command="...",restrict,pty ssh-ed25519 AAAA...``; a sequence command is shell-quoted.

    sshd runs the command with the account's shell (``$SHELL -c command``).
    """
    if not isinstance(command, str):
        command = shlex.join(command)
    if "\n" in command or "\r" in command or command.endswith("\\"):
        raise ValueError("a forced command cannot contain a newline or end with a backslash")
    public = key.public if isinstance(key, PersonKey) else key.strip()
    quoted = command.replace('"', '\\"')  # sshd un-escapes only \" (a lone \ stays as is)
    return ",".join([f'command="{quoted}"', *options]) + " " + public


# --------------------------------------------------------------------------- access checks

def account_can_access(account: str, path: str | os.PathLike, mode: str = "x") -> bool:
    """``runuser -u account -- test -<mode> path`` (mode: r, w, x, d, ...)."""
    done = subprocess.run([tool("runuser"), "-u", account, "--", "test", f"-{mode}", str(path)],
                          check=False, capture_output=True, env=_PLAIN_ENV, timeout=30)
    return done.returncode == 0


def explain_access(account: str, path: str | os.PathLike) -> str:
    """Name the first directory on the way to ``path`` (symlinks resolved) that ``account``
    cannot enter, or say that the file itself is not executable."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    shown = f"{path}" if real == path else f"{path} (-> {real})"
    for candidate in [*reversed(real.parents), real]:
        needed = "x" if candidate != real else ("x" if real.is_file() else "r")
        if not account_can_access(account, candidate, needed):
            try:
                st = os.stat(candidate)
                owner = f"{pwd.getpwuid(st.st_uid).pw_name}:{grp.getgrgid(st.st_gid).gr_name}"
                what = f"{stat.filemode(st.st_mode)} {owner}"
            except (OSError, KeyError):
                what = "unknown mode"
            verb = "enter" if candidate != real else ("execute" if needed == "x" else "read")
            return f"{account!r} cannot {verb} {candidate} ({what}) on the way to {shown}"
    return f"{account!r} can reach {shown}"


def require_account_can_run(account: str, argv: Sequence[str], timeout: float = 60) -> None:
    """Run ``argv`` as ``account`` (outside ssh); skip/fail with a diagnosis if it cannot.

    E.g. ``require_account_can_run("spbe", [".venv/bin/python", "-c", "import spbe_tui"])``.
    The venv's ``bin/python`` is a symlink to the interpreter it was built from; that
    interpreter, its stdlib, site-packages and the repo must all be reachable by the account.
    """
    argv = [str(part) for part in argv]
    done = subprocess.run([tool("runuser"), "-u", account, "--", *argv], check=False, capture_output=True,
                          text=True, env=_PLAIN_ENV, cwd="/", timeout=timeout)
    if done.returncode == 0:
        return
    detail = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
    skip_or_fail(
        f"service account cannot run {shlex.join(argv)}: {detail[0]}; {explain_access(account, argv[0])}. "
        "Build the venv from an interpreter the account can reach (e.g. PYTHON=/usr/bin/python3 "
        "when /root is 0700) and keep the repo and .venv world-readable (dirs o+rx, files o+r).")


# --------------------------------------------------------------------------- processes

def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        ppid = int(data[data.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def descendants(pid: int) -> list[int]:
    """All live descendants of ``pid`` (sshd's per-connection children call setsid(), so a
    process-group kill does not reach them; they are found by parent pid instead)."""
    children, found, todo = _children_map(), [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
    except OSError:
        return False
    return data[data.rindex(b")") + 2:data.rindex(b")") + 3] != b"Z"


def _signal(pids: Sequence[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def stop_tree(proc: subprocess.Popen, grace: float = 3.0) -> None:
    """SIGTERM the process, its group and every descendant; SIGKILL what is left after grace."""
    if proc.poll() is None:
        tree = descendants(proc.pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
        _signal([proc.pid, *tree], signal.SIGTERM)
    else:
        tree = []
    deadline = time.monotonic() + grace
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace)
    while any(pid_alive(pid) for pid in tree) and time.monotonic() < deadline:
        time.sleep(0.02)
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.kill()
        proc.wait(timeout=5)
    _signal([pid for pid in tree if pid_alive(pid)], signal.SIGKILL)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# --------------------------------------------------------------------------- the server

class SshServer:
    """``sshd -D -f <own config> -E <log>`` as root on 127.0.0.1:<free port>."""

    def __init__(self, state_dir: Path, account: ServiceAccount, extra_config: str = ""):
        self.state_dir = state_dir
        self.account = account
        self.extra_config = extra_config
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.config_path = state_dir / "sshd_config"
        self.log_path = state_dir / "sshd.log"
        self.pid_path = state_dir / "sshd.pid"
        self.host_key = state_dir / "ssh_host_ed25519_key"
        self.known_pids: set[int] = set()

    def _config(self) -> str:
        lines = [
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            "AddressFamily inet",
            f"HostKey {self.host_key}",
            f"PidFile {self.pid_path}",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "AuthenticationMethods publickey",
            "PermitRootLogin no",
            f"AllowUsers {self.account.name}",
            "AuthorizedKeysFile .ssh/authorized_keys",
            "StrictModes yes",
            "PermitUserEnvironment no",
            "AcceptEnv SPBE_TUI_LANG",
            # Left at the permissive defaults on purpose: the per-key `restrict` must do the work.
            "AllowTcpForwarding yes",
            "PermitTTY yes",
            "X11Forwarding no",
            "PrintMotd no",
            "PrintLastLog no",
            "UseDNS no",
            "LoginGraceTime 20",
            "MaxStartups 100:30:200",
            "LogLevel VERBOSE",
        ]
        if sshd_version() >= (9, 8):
            lines.append("PerSourcePenalties no")  # tests reconnect fast from one address
        return "\n".join(lines) + "\n" + self.extra_config + "\n"

    def start(self, timeout: float = 10.0) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.state_dir, 0o700)
        # Privilege-separation directory; normally created by systemd's RuntimeDirectory.
        Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)
        if not self.host_key.exists():
            _run([tool("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-f", str(self.host_key)])
        last_error = ""
        for _attempt in range(5):  # free_port() can race with another process: retry
            self.port = free_port()
            self.config_path.write_text(self._config())
            check = subprocess.run([tool("sshd"), "-t", "-f", str(self.config_path)],
                                   check=False, capture_output=True, text=True, timeout=30)
            if check.returncode != 0:
                raise RuntimeError(f"sshd -t rejected {self.config_path}: {check.stderr.strip()}")
            self.log_path.write_text("")
            log = open(self.log_path, "ab")  # noqa: SIM115 - sshd writes here too (-E)
            try:
                self.proc = subprocess.Popen(
                    [tool("sshd"), "-D", "-f", str(self.config_path), "-E", str(self.log_path)],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                    env=_PLAIN_ENV)
            finally:
                log.close()
            if self._wait_ready(self.proc, timeout):
                return
            stop_tree(self.proc)
            last_error = self.log_text()[-2000:]
            if "Address already in use" not in last_error:
                break
        raise RuntimeError(f"sshd did not come up on 127.0.0.1:{self.port}:\n{last_error}")

    def _wait_ready(self, proc: subprocess.Popen, timeout: float) -> bool:
        """Ready when the port answers with an SSH banner (not merely accepts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(64).startswith(b"SSH-"):
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    @property
    def process(self) -> subprocess.Popen:
        if self.proc is None:
            raise RuntimeError("sshd was not started")
        return self.proc

    def stop(self) -> None:
        if self.proc is not None:
            stop_tree(self.proc)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


# --------------------------------------------------------------------------- pty client

class PtySession:
    """An ``ssh -tt`` client on a pseudo-terminal; output is collected by a reader thread and,
    when pyte is installed, rendered into a virtual screen."""

    def __init__(self, argv: Sequence[str], size: tuple[int, int] = (80, 24),
                 env: dict[str, str] | None = None):
        self.cols, self.rows = size
        self._buffer = bytearray()
        self._cond = threading.Condition()
        self._eof = False
        try:
            import pyte
        except ImportError:  # screen features then raise; raw output still works
            self._screen = self._stream = None
        else:
            self._screen = pyte.Screen(self.cols, self.rows)
            self._stream = pyte.ByteStream(self._screen)
        self.master, slave = os.openpty()
        self._set_size(slave)
        env = dict(env if env is not None else os.environ)
        env.setdefault("TERM", "xterm-256color")
        env.pop("SSH_AUTH_SOCK", None)
        try:  # `setsid -c`: own session with the pty as controlling terminal (SIGWINCH works)
            self.proc = subprocess.Popen(
                [tool("setsid"), "-w", "-c", *argv], stdin=slave, stdout=slave, stderr=slave,
                env=env, close_fds=True)
        finally:
            os.close(slave)
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    def _set_size(self, fd: int) -> None:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))

    def _read_loop(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.2)
                if not ready:
                    if self.proc.poll() is not None and not self._pending():
                        break
                    continue
                chunk = os.read(self.master, 65536)
            except OSError as exc:  # EIO: the client side of the pty is gone
                if exc.errno not in (errno.EIO, errno.EBADF):
                    raise
                break
            if not chunk:
                break
            with self._cond:
                self._buffer += chunk
                if self._stream is not None:
                    self._stream.feed(chunk)
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def _pending(self) -> bool:
        ready, _, _ = select.select([self.master], [], [], 0)
        return bool(ready)

    # --- input
    def send(self, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode()
        view = memoryview(data)
        while view:
            view = view[os.write(self.master, view):]

    def resize(self, cols: int, rows: int) -> None:
        """Resize the terminal; the kernel sends SIGWINCH to ssh, which tells the server."""
        self.cols, self.rows = cols, rows
        with self._cond:
            if self._screen is not None:
                self._screen.resize(rows, cols)
        self._set_size(self.master)

    # --- output
    @property
    def has_screen(self) -> bool:
        """True when pyte is installed and ``screen_text``/``wait_for(on_screen=True)`` work."""
        return self._screen is not None

    @property
    def output(self) -> bytes:
        with self._cond:
            return bytes(self._buffer)

    def text(self) -> str:
        return self.output.decode("utf-8", errors="replace")

    def screen_lines(self) -> list[str]:
        if self._screen is None:
            raise RuntimeError("pyte is not installed: .venv/bin/pip install pyte")
        with self._cond:
            return list(self._screen.display)

    def screen_text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen_lines())

    def wait_for(self, text: str, timeout: float = 10.0, on_screen: bool = False) -> str:
        """Wait until ``text`` is in the raw output (or on the rendered screen); return it all.

        Raises TimeoutError with what was seen, or EOFError if the session ended first.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                seen = (self.screen_text_unlocked() if on_screen
                        else self._buffer.decode("utf-8", errors="replace"))
                if text in seen:
                    return seen
                remaining = deadline - time.monotonic()
                if self._eof:
                    raise EOFError(f"session ended before {text!r} appeared; saw:\n{seen[-2000:]}")
                if remaining <= 0:
                    raise TimeoutError(f"{text!r} did not appear in {timeout}s; saw:\n{seen[-2000:]}")
                self._cond.wait(min(remaining, 0.2))

    def screen_text_unlocked(self) -> str:
        if self._screen is None:
            raise RuntimeError("pyte is not installed: .venv/bin/pip install pyte")
        return "\n".join(line.rstrip() for line in self._screen.display)

    def wait(self, timeout: float = 10.0) -> int:
        """Wait for ssh to exit (e.g. after the remote program quit); returns its exit code."""
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=timeout)
        return code

    def close(self) -> int | None:
        if self.proc.poll() is None:
            stop_tree(self.proc, grace=2.0)
        self._reader.join(timeout=5)
        with contextlib.suppress(OSError):
            os.close(self.master)
        return self.proc.returncode

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --------------------------------------------------------------------------- the harness

@dataclass
class SshdHarness:
    base: Path
    account: ServiceAccount
    server: SshServer
    keys: dict[str, PersonKey] = field(default_factory=dict)
    _sessions: list[PtySession] = field(default_factory=list)

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def shared_dir(self) -> Path:
        """Root-owned, mode 0755: put scripts/data the service account must read here."""
        return self.base / "shared"

    @property
    def key_dir(self) -> Path:
        return self.base / "keys"

    def new_key(self, name: str) -> PersonKey:
        self.keys[name] = generate_key(self.key_dir, name)
        return self.keys[name]

    def write_authorized_keys(self, lines: Sequence[str]) -> Path:
        return write_authorized_keys(self.account, lines)

    def write_script(self, name: str, body: str) -> Path:
        """An executable file in ``shared_dir`` that the service account can run."""
        path = self.shared_dir / name
        path.write_text(body)
        os.chmod(path, 0o755)
        return path

    def ssh_argv(self, key: PersonKey, command: str | Sequence[str] | None = None,
                 ssh_args: Sequence[str] = (), tty: bool = False) -> list[str]:
        """The ``ssh`` command line.  A sequence command is shlex-joined into the one string
        the server sees as SSH_ORIGINAL_COMMAND; a str is sent verbatim."""
        argv = [
            tool("ssh"), "-F", "/dev/null", "-i", str(key.private), "-p", str(self.port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
            "-o", "IdentityAgent=none", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no",
            "-o", "ConnectTimeout=10", "-o", "ControlPath=none",
            "-o", "ForwardAgent=no", "-o", "ForwardX11=no", "-o", "SendEnv=SPBE_TUI_LANG",
            "-tt" if tty else "-T", *ssh_args, f"{self.account.name}@127.0.0.1",
        ]
        if command is not None:
            argv += ["--", command if isinstance(command, str) else shlex.join(command)]
        return argv

    def ssh_run(self, key: PersonKey, command: str | Sequence[str] | None = None,
                stdin: bytes | str | None = None, timeout: float = 30.0,
                ssh_args: Sequence[str] = (), env: dict[str, str] | None = None,
                ) -> subprocess.CompletedProcess:
        """Run non-interactively (no pty); stdout/stderr as text; never raises on exit code."""
        if isinstance(stdin, str):
            stdin = stdin.encode()
        client_env = dict(env if env is not None else os.environ)
        client_env.pop("SSH_AUTH_SOCK", None)
        done = subprocess.run(
            self.ssh_argv(key, command, ssh_args), input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None, check=False, capture_output=True,
            env=client_env, timeout=timeout)
        return subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout.decode("utf-8", errors="replace"),
            done.stderr.decode("utf-8", errors="replace"))

    def ssh_pty(self, key: PersonKey, command: str | Sequence[str] | None = None,
                size: tuple[int, int] = (80, 24), ssh_args: Sequence[str] = (),
                env: dict[str, str] | None = None) -> PtySession:
        """``ssh -tt`` on a local pseudo-terminal of ``size`` (cols, rows); closed at teardown."""
        session = PtySession(self.ssh_argv(key, command, ssh_args, tty=True), size, env)
        self._sessions.append(session)
        return session

    def log_text(self) -> str:
        return self.server.log_text()

    def close(self) -> None:
        for session in self._sessions:
            with contextlib.suppress(Exception):
                session.close()
        self.server.stop()


@contextlib.contextmanager
def sshd_harness(account_name: str | None = None, shell: str = "/bin/sh",
                 extra_sshd_config: str = "", keep_base: bool = False) -> Iterator[SshdHarness]:
    """Service account + private sshd; everything is undone on exit (account deleted if we
    created it, daemon and its session processes stopped, temp dir removed).

    ``account_name=None`` picks a unique ``spbe-e2e-xxxxxx`` (recommended: several test runs,
    e.g. several developers' ``make test``, may share one machine).  A fixed name is locked for
    the harness's lifetime, so concurrent runs wait for each other instead of clashing.
    """
    require_ssh_tools()
    name = account_name or unique_account_name()
    with account_lock(name):
        with contextlib.suppress(Exception):
            reap_stale_accounts()
        # Not under pytest's basetemp: /tmp/pytest-of-root is 0700, the account can't enter it.
        base = Path(tempfile.mkdtemp(prefix="spbe-sshd-", dir="/tmp"))
        os.chmod(base, 0o755)
        for sub, mode in (("home", 0o755), ("shared", 0o755), ("keys", 0o700), ("sshd", 0o700)):
            (base / sub).mkdir(mode=mode)
            os.chmod(base / sub, mode)
        account = None
        harness = None
        try:
            account = ensure_service_account(name, base / "home" / name, shell)
            server = SshServer(base / "sshd", account, extra_sshd_config)
            harness = SshdHarness(base, account, server)
            server.start()
            yield harness
        finally:
            if harness is not None:
                harness.close()
            if account is not None:
                remove_service_account(account)
            if not keep_base:
                shutil.rmtree(base, ignore_errors=True)
    if account_name is None:
        with contextlib.suppress(OSError):
            (_LOCK_DIR / f"spbe-sshd-{name}.lock").unlink()
