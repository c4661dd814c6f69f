"""The OpenSSH end-to-end harness itself, with a tiny shell script as the forced command.

Skips off-root or without OpenSSH; under CI=true those are failures (see sshd_harness).
"""

from __future__ import annotations

import os
import pwd
import select
import shlex
import socket
import subprocess
import time

import pytest

from tests.sshd_harness import (
    authorized_key_line,
    descendants,
    explain_access,
    generate_key,
    pid_alive,
    port_is_free,
    require_ssh_tools,
    sshd_harness,
)

REPORT = r"""#!/bin/sh
# Forced command for the harness tests: report NAME
echo "name=$1"
echo "user=$(id -un)"
echo "uid=$(id -u)"
echo "orig=${SSH_ORIGINAL_COMMAND-<unset>}"
echo "logname=${LOGNAME-<unset>}"
echo "userenv=${USER-<unset>}"
echo "spbe_user=${SPBE_USER-<unset>}"
if test -t 0; then echo "tty=yes size=$(stty size)"; else echo "tty=no"; fi
if [ "${SSH_ORIGINAL_COMMAND-}" = ask ]; then
    printf 'your answer? '
    read -r line
    if test -t 0; then echo "got:[$line] size=$(stty size)"; else echo "got:[$line]"; fi
fi
"""

CAROL = 'carol "c" o\'neil \\ $HOME'  # needs both quoting layers: shell and authorized_keys


def fields(stdout: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in stdout.splitlines() if "=" in line)


@pytest.fixture(scope="module")
def ssh_env():
    require_ssh_tools()
    with sshd_harness() as h:  # a unique spbe-e2e-xxxxxx account
        report = h.write_script("report", REPORT)
        keys = {name: h.new_key(name) for name in ("alice", "bob", "carol", "notty", "loose")}
        h.write_authorized_keys([
            authorized_key_line(keys["alice"], [str(report), "alice"]),
            authorized_key_line(keys["bob"], f"{report} bob"),
            authorized_key_line(keys["carol"], [str(report), CAROL]),
            authorized_key_line(keys["notty"], [str(report), "notty"], options=["restrict"]),
            # Control for the forwarding test: no `restrict`, so forwarding is allowed.
            authorized_key_line(keys["loose"], [str(report), "loose"], options=[]),
        ])
        yield h


def test_forced_command_runs_as_account_and_sees_original_command(ssh_env):
    asked = ["review", "--panel", "it's two words", "$HOME"]
    done = ssh_env.ssh_run(ssh_env.keys["alice"], asked)
    assert done.returncode == 0, done.stderr + ssh_env.log_text()[-3000:]
    got = fields(done.stdout)
    assert got["name"] == "alice"  # the forced command ran, not "review ..."
    assert got["user"] == ssh_env.account.name
    assert int(got["uid"]) == ssh_env.account.uid
    assert got["orig"] == shlex.join(asked)
    assert got["tty"] == "no"  # no -tt: no terminal

    bare = fields(ssh_env.ssh_run(ssh_env.keys["alice"]).stdout)
    assert bare["orig"] == "<unset>"

    piped = ssh_env.ssh_run(ssh_env.keys["alice"], "ask", stdin="from a pipe\n")
    assert "got:[from a pipe]" in piped.stdout


def test_identity_comes_from_the_key_not_the_client_environment(ssh_env):
    env = {**os.environ, "LOGNAME": "bob", "USER": "bob", "SPBE_USER": "bob"}
    sneaky = ["-o", "SendEnv=LOGNAME USER SPBE_USER", "-o", "SetEnv=SPBE_USER=bob LOGNAME=bob"]
    alice = fields(ssh_env.ssh_run(ssh_env.keys["alice"], ["whoami"], ssh_args=sneaky,
                                   env=env).stdout)
    bob = fields(ssh_env.ssh_run(ssh_env.keys["bob"], ["whoami"]).stdout)
    carol = fields(ssh_env.ssh_run(ssh_env.keys["carol"], ["whoami"]).stdout)
    assert (alice["name"], bob["name"], carol["name"]) == ("alice", "bob", CAROL)
    account = ssh_env.account.name
    assert (alice["logname"], alice["userenv"], alice["spbe_user"]) == (account, account, "<unset>")

    stranger = generate_key(ssh_env.key_dir, "stranger")  # not in authorized_keys
    refused = ssh_env.ssh_run(stranger, ["whoami"])
    assert refused.returncode == 255 and "name=" not in refused.stdout
    assert "Permission denied" in refused.stderr


def test_restrict_blocks_port_forwarding(ssh_env):
    port = ssh_env.port
    no_fail = ["-o", "ExitOnForwardFailure=yes"]

    # -W opens a direct-tcpip channel, exactly what -L does per connection.
    stdio = ssh_env.ssh_run(ssh_env.keys["alice"], None, stdin=b"", timeout=15,
                            ssh_args=[*no_fail, "-W", f"127.0.0.1:{port}"])
    assert stdio.returncode == 255 and "SSH-" not in stdio.stdout
    assert "forwarding failed" in stdio.stderr, stdio.stderr
    assert "refused local port forward" in ssh_env.log_text()
    control = ssh_env.ssh_run(ssh_env.keys["loose"], None, stdin=b"", timeout=15,
                              ssh_args=[*no_fail, "-W", f"127.0.0.1:{port}"])
    assert control.stdout.startswith("SSH-2.0-"), control.stderr  # the test can tell

    remote = ssh_env.ssh_run(ssh_env.keys["alice"], None, timeout=15,
                             ssh_args=[*no_fail, "-N", "-R", "0:127.0.0.1:9"])
    assert remote.returncode != 0 and "forwarding failed" in remote.stderr, remote.stderr

    local_port = _free_port()
    local = subprocess.Popen(
        ssh_env.ssh_argv(ssh_env.keys["alice"], None,
                         [*no_fail, "-N", "-L", f"127.0.0.1:{local_port}:127.0.0.1:{port}"]),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        sock = _connect_when_listening(local_port, local, timeout=10)
        with sock:
            sock.settimeout(5)
            assert sock.recv(64) == b""  # closed: the server refused the channel
    finally:
        local.terminate()
        try:
            local.wait(timeout=5)
        except subprocess.TimeoutExpired:
            local.kill()
            local.wait(timeout=5)


def test_pty_option_gives_a_terminal_and_the_pty_client_reads_typed_lines(ssh_env):
    with ssh_env.ssh_pty(ssh_env.keys["alice"], "ask", size=(100, 30)) as session:
        seen = session.wait_for("your answer? ")
        assert "tty=yes size=30 100" in seen
        session.resize(120, 40)  # SIGWINCH -> ssh -> window-change -> the remote pty
        session.send("hello world\r")
        session.wait_for("got:[hello world] size=40 120")
        assert session.wait(timeout=10) == 0
        if session.has_screen:  # pyte rendered the same lines onto a 120x40 screen
            screen = session.screen_text()
            assert "name=alice" in screen and "got:[hello world] size=40 120" in screen

    # `restrict` without `pty`: the server refuses the terminal, and `ssh -tt` (forced) gives
    # up with 255 (plain `ssh` would carry on without one; see ssh_run in the first test).
    with ssh_env.ssh_pty(ssh_env.keys["notty"], "hi") as session:
        assert session.wait(timeout=10) == 255
        assert "PTY allocation request failed" in session.text()


def test_daemon_and_its_sessions_are_gone_after_the_harness_ends():
    require_ssh_tools()
    with sshd_harness() as h:
        report = h.write_script("report", REPORT)
        key = h.new_key("alice")
        h.write_authorized_keys([authorized_key_line(key, [str(report), "alice"])])
        # A client the harness does not track, left waiting in `read` on the server.
        client = subprocess.Popen(h.ssh_argv(key, "ask"), stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        _read_until(client, b"your answer? ", timeout=10)
        server, port, base = h.server.process, h.port, h.base
        server_pid = server.pid
        tree = descendants(server_pid)
        assert any(_owner(pid) == h.account.uid for pid in tree)  # the session's processes
        # A second, unrelated check of the access diagnosis while the account exists.
        hidden = h.shared_dir / "private"
        hidden.mkdir(mode=0o700)
        assert f"cannot enter {hidden}" in explain_access(h.account.name, hidden / "python")

    assert server.poll() is not None
    assert not [pid for pid in [server_pid, *tree] if pid_alive(pid)]
    assert port_is_free(port)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    assert client.wait(timeout=10) == 255  # its connection was cut
    assert client.stdin is not None and client.stdout is not None
    client.stdin.close()
    client.stdout.close()
    assert not base.exists()
    with pytest.raises(KeyError):
        pwd.getpwnam(h.account.name)


# --------------------------------------------------------------------------- helpers

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _connect_when_listening(port: int, proc: subprocess.Popen, timeout: float) -> socket.socket:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "ssh -L exited early"
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"ssh -L never listened on {port}")


def _read_until(proc: subprocess.Popen, marker: bytes, timeout: float) -> bytes:
    assert proc.stdout is not None
    seen, deadline = b"", time.monotonic() + timeout
    while marker not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"{marker!r} not seen: {seen!r}")
        ready, _, _ = select.select([proc.stdout], [], [], remaining)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                raise EOFError(f"{marker!r} not seen before EOF: {seen!r}")
            seen += chunk
    return seen


def _owner(pid: int) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None
