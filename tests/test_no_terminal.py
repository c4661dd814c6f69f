"""The apps without a terminal, and under `spbe-tui serve`.

`review` and `panel` with stdin or stdout not a terminal (a pipe, /dev/null, ssh without -t) stop
at once with one line instead of starting Textual, whose input loop would spin. Under
textual-serve there is no terminal either: it runs the app with pipes and names its web driver in
TEXTUAL_DRIVER, and the app must start there.

`serve` must not leave apps behind: each browser's app ends when the browser disconnects, even
before the app has started, when `serve` is stopped (SIGTERM, Ctrl-C, the SSH session's SIGHUP)
with a browser still connected, and when `serve` is killed outright.

The apps are found through /proc by their command line, which names each test's own database.
"""

from __future__ import annotations

import asyncio
import json
import os
import pty
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.panel_helpers import make_panel_db

NEEDS = "needs a terminal; over SSH use ssh -t"
START_TIMEOUT_S = 30  # a cold start on a loaded two-core runner


def spbe(*args: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "spbe_tui", *map(str, args)], **options)


def finished(process: subprocess.Popen, timeout: float = 20) -> tuple[int, str]:
    """Exit status and stderr, or a failure (and no process left) if it does not end in time."""
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"still running after {timeout} s")
    return process.returncode, err.decode() if isinstance(err, bytes) else err


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return make_panel_db(tmp_path_factory.mktemp("serve"))


@pytest.mark.parametrize("command", [["review"], ["panel", "--instansi", "kab-uji"]])
def test_no_terminal_at_all_stops_at_once(db_path, command):
    process = spbe(*command, "--db", db_path, "--as", "ani", stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
    code, err = finished(process)
    assert (code, err) == (1, f"error: {command[0]} {NEEDS}\n")


def test_a_terminal_on_one_side_only_is_not_enough(db_path):
    """stdin a terminal, stdout a pipe: as `spbe-tui review | less` would give."""
    primary, secondary = pty.openpty()
    try:
        process = spbe("review", "--db", db_path, "--as", "ani", stdin=secondary, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
        code, err = finished(process)
    finally:
        os.close(primary)
        os.close(secondary)
    assert (code, err) == (1, f"error: review {NEEDS}\n")


def _packet(kind: bytes, payload: dict) -> bytes:
    data = json.dumps(payload).encode()
    return kind + len(data).to_bytes(4, "big") + data


def test_the_web_driver_runs_without_a_terminal(db_path):
    """As textual-serve starts it: pipes on both ends, TEXTUAL_DRIVER naming the web driver."""
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "COLUMNS": "80", "ROWS": "24"}
    process = spbe("review", "--db", db_path, "--as", "ani", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, env=env)
    try:
        assert process.stdout is not None and process.stdin is not None
        first = process.stdout.readline()  # the web driver's greeting, once the app runs
        assert first == b"__GANGLION__\n", process.stderr.read() if process.stderr else first
        process.stdin.write(_packet(b"M", {"type": "quit"}))
        process.stdin.flush()
        process.stdin.close()
        process.wait(timeout=20)
        assert process.returncode == 0
    finally:
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()


# --- serve -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def apps_of(db_path: Path) -> list[int]:
    """Processes running `spbe_tui review` on this database (the apps serve started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and b"review" in argv and str(db_path).encode() in argv and b"serve" not in argv:
            found.append(int(entry.name))
    return found


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


class Served:
    """`spbe-tui serve review` on a free port, the URL with the token it printed, and a browser as
    a websocket client."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.port = _free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.process = spbe("serve", "review", "--db", db_path, "--as", "ani", "--port", str(self.port),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        lines: queue.Queue[bytes] = queue.Queue()

        def read(stdout) -> None:  # all serve prints, its request log too: it must not wait on a full pipe
            with stdout:
                for line in stdout:
                    lines.put(line)
            lines.put(b"")  # serve has ended: no URL will come

        threading.Thread(target=read, args=(self.process.stdout,), daemon=True).start()
        try:
            printed = lines.get(timeout=START_TIMEOUT_S).decode()
        except queue.Empty:
            printed = ""
        found = re.search(rf"{re.escape(self.origin)}/\?token=(\S+)", printed)
        if found is None or not wait_until(self._listening, START_TIMEOUT_S):
            self.stop()
            pytest.fail(f"serve did not start listening: {printed!r}")
        self.token = found.group(1)
        self.url = found.group(0)

    def _listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
        except OSError:
            return False
        return True

    async def browser(self, stay: float | None = None, then=None) -> bool:
        """Connect; with `stay` None leave at once, else wait for the app's first screen, call
        `then` and stay until the server closes the socket or `stay` seconds pass. Whether the
        app's screen arrived."""
        import aiohttp

        # As a browser: the page with the token sets the cookie the websocket then carries. The
        # jar must be `unsafe` to keep cookies of an IP address such as 127.0.0.1.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            async with session.get(self.url) as page:
                assert page.status == 200, await page.text()
            ws = await session.ws_connect(f"{self.origin}/ws?width=80&height=24", origin=self.origin)
            if stay is None:
                await ws.close()
                return False
            drawn = False
            deadline = time.monotonic() + START_TIMEOUT_S
            while not drawn and time.monotonic() < deadline:
                message = await ws.receive(timeout=START_TIMEOUT_S)
                drawn = message.type == aiohttp.WSMsgType.BINARY
            if then is not None:
                then()
            try:
                await asyncio.wait_for(ws.receive(), stay)  # the close, when the server stops
            except TimeoutError:
                pass
            await ws.close()
            return drawn

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pid in apps_of(self.db_path):  # a failed test leaves nothing running
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def served(db_path):
    server = Served(db_path)
    yield server
    server.stop()


def test_serve_ends_the_app_when_the_browser_leaves_early(served, db_path):
    asyncio.run(served.browser())  # gone before the app has even started
    assert wait_until(lambda: not apps_of(db_path), 6), "the app outlived its browser"
    assert served.process.poll() is None  # the server itself carries on


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_stopping_serve_ends_its_apps(served, db_path, sig):
    signalled: list[float] = []

    def stop() -> None:
        signalled.append(time.monotonic())
        served.process.send_signal(sig)

    # The browser stays (a tab left open) until the server closes the connection.
    drawn = asyncio.run(served.browser(stay=20, then=stop))
    assert drawn, "the app never drew its screen in the browser"
    served.process.wait(timeout=max(0.1, signalled[0] + 8 - time.monotonic()))
    assert wait_until(lambda: not apps_of(db_path), 3), "an app outlived serve"


def test_a_killed_serve_leaves_no_app(served, db_path):
    running: list[int] = []

    def kill() -> None:
        running.extend(apps_of(db_path))
        served.process.kill()  # no chance to clean up: the app must notice by itself

    drawn = asyncio.run(served.browser(stay=10, then=kill))
    assert drawn and running
    assert wait_until(lambda: not apps_of(db_path), 6), "an app outlived a killed serve"
