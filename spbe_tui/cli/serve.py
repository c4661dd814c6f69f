"""`spbe-tui serve`: the assessor app or the panel in a browser, on 127.0.0.1 only.

127.0.0.1 is reachable by every local account and by any page the browser has open, so the server
lets in only the person who started it: it prints a URL with a random token to them alone (as
Jupyter does), every request must carry that token (in the URL once, then in a cookie), and the
websocket that drives the app must come from the server's own page. The app acts as that person.
"""

from __future__ import annotations

import secrets
import shlex
import sys
from pathlib import Path

import typer

from spbe_tui.cli.options import (
    AsOption,
    DbOption,
    YearOption,
    acting_as,
    in_ssh_session,
    open_database,
    resolve_db,
)
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

# After the browser has gone, how long the app gets to quit by itself, then to obey SIGTERM,
# before it is killed.
QUIT_GRACE_S = 3.0
TERM_GRACE_S = 2.0


def serve(
    command: str = typer.Argument("review", help="What to serve: review or panel."),
    instansi: str = typer.Option(None, "--instansi"),
    port: int = typer.Option(8000, "--port"),
    db: Path = DbOption, as_: str = AsOption, year: int = YearOption,
) -> None:
    """Serve the assessor app or the panel to a browser on 127.0.0.1 only (reach it through an SSH tunnel)."""
    if in_ssh_session():  # not on the ssh-session allow-list either; say so plainly if it ever gets here
        raise SpbeError(say("cli_serve_over_ssh"))
    if command not in ("review", "panel"):
        raise typer.BadParameter(say("cli_serve_what"))
    if command == "panel" and not instansi:
        raise typer.BadParameter(say("cli_serve_panel_instansi"))
    from spbe_tui.services.identity import os_login

    # Whoever connects acts as the person who started serve: proven here, once, so that an
    # unproven --as is refused before anything is served.
    with open_database(db, read_only=True) as database:
        person = acting_as(database, as_)
    parts = [sys.executable, "-m", "spbe_tui", command, "--db", str(resolve_db(db))]
    if person != os_login():  # the app checks again that the login may act for that person
        parts += ["--as", person]
    if instansi:
        parts += ["--instansi", instansi]
    if year is not None:
        parts += ["--year", str(year)]
    token = secrets.token_urlsafe(32)
    typer.echo(say("cli_serving", port=port, token=token))
    _run_server(parts, port, token)


def _run_server(parts: list[str], port: int, token: str) -> None:
    """textual-serve's server, with each browser's app ended when the browser or the server goes.

    As shipped, textual-serve starts every app through `/bin/sh -c` in the server's own process
    group, asks it to quit when the browser disconnects and then waits for it however long that
    takes, and never ends it when the server itself stops. An app that does not quit (still
    starting, stuck, or a server killed by a hangup) stayed behind with nobody to talk to. Here the
    app is started without a shell in its own process group, and ended (quit, then SIGTERM, then
    SIGKILL, to the whole group) when its browser disconnects and when the server stops, SIGHUP
    included. An app whose server is killed outright ends itself (cli.options.require_terminal).
    Every request needs `token`, and the websocket the server's own origin, before any app starts.
    The classes live in this function so that `spbe-tui --help` does not load aiohttp.
    """
    import asyncio
    import hmac
    import json
    import os
    import signal
    from asyncio.subprocess import PIPE, Process
    from contextlib import suppress

    from aiohttp import web
    from aiohttp.typedefs import Handler
    from aiohttp.web_runner import GracefulExit
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, log, to_int

    def hang_up() -> None:
        raise GracefulExit()

    running: set[Process] = set()
    sockets: set[web.WebSocketResponse] = set()
    # Browsers keep cookies per host, not per port: each server its own, so two do not clash.
    cookie = f"spbe-serve-{port}"
    origins = {f"http://127.0.0.1:{port}", f"http://localhost:{port}"}

    @web.middleware
    async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every route (the page, its static files, downloads, the websocket) needs the token:
        in the URL serve printed on the first load, then in the cookie set from it, which the
        page's own requests carry and its scripts cannot read."""
        from_url = request.query.get("token")
        supplied = from_url if from_url is not None else request.cookies.get(cookie, "")
        # Bytes: compare_digest refuses str with non-ASCII characters, and anyone can send those.
        if not hmac.compare_digest(supplied.encode(), token.encode()):
            raise web.HTTPForbidden(text=say("cli_serve_need_token") + "\n")
        response = await handler(request)
        if from_url is not None and not response.prepared:  # a websocket has sent its headers already
            response.set_cookie(cookie, token, httponly=True, samesite="Strict")
        return response

    async def end_app(process: Process) -> None:
        """Ask the app to quit and wait, then signal its process group, then kill it."""
        if process.stdin is not None and not process.stdin.is_closing():
            with suppress(OSError, RuntimeError):  # an app that has gone closed the pipe
                process.stdin.write(AppService.encode_packet(b"M", json.dumps({"type": "quit"}).encode()))
            process.stdin.close()
        for sig, grace in ((None, QUIT_GRACE_S), (signal.SIGTERM, TERM_GRACE_S), (signal.SIGKILL, None)):
            if process.returncode is not None:
                break
            if sig is not None:
                # The app leads its own group (start_new_session), so its pid names the group; it
                # is not reaped before returncode is set, so the group cannot be someone else's.
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, sig)
            with suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), grace)
        running.discard(process)

    class AppProcess(AppService):
        """One browser's app, started in its own process group and ended with the browser."""

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
            self._process = process = await asyncio.create_subprocess_exec(
                *parts, stdin=PIPE, stdout=PIPE, stderr=PIPE,
                env=self._build_environment(width=width, height=height), start_new_session=True,
            )
            running.add(process)
            self._stdin = process.stdin
            return process

        async def stop(self) -> None:
            process = self._process
            # The library asks the app to quit and waits for its output to end, with no limit.
            with suppress(TimeoutError):
                await asyncio.wait_for(super().stop(), QUIT_GRACE_S)
            if process is not None:
                await end_app(process)

    class AppServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(require_token)
            return app

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # SameSite does not look at ports: a page served by anything else on this machine
            # would have the browser send the cookie along. Only the server's own page may connect.
            if request.headers.get("Origin") not in origins:
                raise web.HTTPForbidden(text=say("cli_serve_own_page") + "\n")
            # As Server.handle_websocket, but with AppProcess and the socket remembered for shutdown.
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            app_service: AppProcess | None = None
            sockets.add(websocket)

            async def close() -> None:  # when the app exits
                await websocket.close()

            try:
                await websocket.prepare(request)
                app_service = AppProcess(
                    self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                    close=close, download_manager=self.download_manager, debug=self.debug,
                )
                await app_service.start(width, height)
                await self._process_messages(websocket, app_service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # noqa: BLE001 - logged as textual-serve does; the browser sees the socket close
                log.exception(error)
            finally:
                sockets.discard(websocket)
                if app_service is not None:
                    await asyncio.shield(app_service.stop())
            return websocket

        async def on_shutdown(self, app: web.Application) -> None:
            # aiohttp would wait for open websockets (a browser tab left open) before it stops.
            async def close(websocket: web.WebSocketResponse) -> None:
                with suppress(TimeoutError):
                    await asyncio.wait_for(websocket.close(code=1001, message=b"server stopping"), TERM_GRACE_S)

            await asyncio.gather(*(close(ws) for ws in list(sockets)), *(end_app(p) for p in list(running)))

        def serve(self, debug: bool = False) -> None:
            # `spbe-tui serve` has no debug mode: `debug` is here to match Server.serve.
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            # The SSH session that runs `serve` ending sends SIGHUP: stop as for Ctrl-C (which is
            # what Server.request_exit does for SIGINT and SIGTERM).
            loop.add_signal_handler(signal.SIGHUP, hang_up)
            try:
                super().serve()
            finally:
                for process in running:  # whatever the shutdown could not wait for
                    if process.returncode is None:
                        with suppress(ProcessLookupError):
                            os.killpg(process.pid, signal.SIGKILL)
                if not loop.is_closed():
                    loop.remove_signal_handler(signal.SIGHUP)
                    loop.close()
                asyncio.set_event_loop(None)

    AppServer(shlex.join(parts), host="127.0.0.1", port=port).serve()
