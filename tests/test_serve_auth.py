"""`spbe-tui serve` lets in only the person who started it.

127.0.0.1 is open to every local account and to any page a browser has open. Every request must
carry the token serve printed (in the URL once, then in the cookie set from it), the websocket must
come from the server's own page, and nothing is served when `--as` is not proven. A refused request
gets a 403 in plain text and starts no app.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import aiohttp
import pytest
from typer.testing import CliRunner

from spbe_tui.cli import app
from spbe_tui.errors import SpbeError
from spbe_tui.services.identity import os_login
from tests.panel_helpers import make_panel_db
from tests.test_no_terminal import Served, _free_port, apps_of, wait_until


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return make_panel_db(tmp_path_factory.mktemp("serve-auth"))


@pytest.fixture(scope="module")
def server(db_path):
    """One server for the module: the requests it refuses leave nothing behind."""
    served = Served(db_path)
    yield served
    served.stop()


def jar() -> aiohttp.CookieJar:
    return aiohttp.CookieJar(unsafe=True)  # keeps cookies of an IP address such as 127.0.0.1


async def refused(session: aiohttp.ClientSession, url: str, **params: str) -> str:
    async with session.get(url, params=params) as response:
        assert response.status == 403
        assert response.content_type == "text/plain"
        return await response.text()


async def test_without_the_token_nothing_is_served(server, db_path):
    async with aiohttp.ClientSession() as session:
        for path in ("/", "/static/js/textual.js", "/download/x", "/ws"):
            assert "token" in await refused(session, server.origin + path)
    assert not apps_of(db_path)


@pytest.mark.parametrize("wrong", ["", "wrong", "prefix", "é"])
async def test_a_wrong_token_is_refused(server, wrong):
    guess = server.token[:10] if wrong == "prefix" else wrong
    async with aiohttp.ClientSession() as session:
        await refused(session, server.origin + "/", token=guess)
    async with aiohttp.ClientSession(cookies={f"spbe-serve-{server.port}": guess or "x"}) as session:
        await refused(session, server.origin + "/")


async def test_the_printed_url_serves_the_page_and_sets_a_cookie_for_the_rest(server):
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        async with session.get(server.url) as page:
            assert page.status == 200
            assert f"ws://127.0.0.1:{server.port}/ws" in await page.text()
            (cookie,) = page.headers.getall("Set-Cookie")
        assert cookie.startswith(f"spbe-serve-{server.port}={server.token};")
        assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= {part.strip() for part in cookie.split(";")}
        async with session.get(server.origin + "/static/js/textual.js") as script:  # the cookie alone
            assert script.status == 200


async def test_the_websocket_needs_the_cookie(server, db_path):
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as error:
            await session.ws_connect(f"{server.origin}/ws", origin=server.origin)
    assert error.value.status == 403
    assert not apps_of(db_path)


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:{other}", "null", None],
                         ids=["another-site", "another-port", "null", "no-origin"])
async def test_the_websocket_from_another_page_is_refused(server, db_path, origin):
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        async with session.get(server.url) as page:
            assert page.status == 200
        with pytest.raises(aiohttp.WSServerHandshakeError) as error:
            await session.ws_connect(f"{server.origin}/ws",
                                     origin=origin and origin.format(other=server.port + 1))
    assert error.value.status == 403
    assert not apps_of(db_path)


async def test_the_own_page_starts_the_app(server, db_path):
    running: list[int] = []
    drawn = await server.browser(stay=0, then=lambda: running.extend(apps_of(db_path)))
    assert drawn and running
    assert wait_until(lambda: not apps_of(db_path), 8), "the app outlived its browser"


def test_a_non_admin_may_not_serve_as_someone_else(db_path, tmp_path):
    not_admin = tmp_path / "spbe.db"
    with closing(sqlite3.connect(db_path)) as source, closing(sqlite3.connect(not_admin)) as copy:
        source.backup(copy)
        with copy:  # the login registered, no longer an admin
            copy.execute("DELETE FROM assessor_roles WHERE assessor_id = ? AND role = 'admin'", [os_login()])
    port = _free_port()
    result = subprocess.run(
        [sys.executable, "-m", "spbe_tui", "serve", "review", "--db", str(not_admin), "--as", "ani",
         "--port", str(port)], capture_output=True, text=True, timeout=30,
    )
    assert (result.returncode, result.stdout) == (1, "")  # no URL, no token: nothing was served
    assert result.stderr == (f"error: only an admin may act for someone else (--as ani); "
                             f"{os_login()} is not an admin\n")


def test_serve_refuses_inside_an_ssh_session(monkeypatch, db_path):
    monkeypatch.setattr("spbe_tui.cli.options._ssh_person", "ani")
    result = CliRunner().invoke(app, ["serve", "review", "--db", str(db_path), "--port", str(_free_port())])
    assert isinstance(result.exception, SpbeError) and "not available over SSH" in str(result.exception)
    assert "token" not in result.output
