"""`spbe-tui serve`: the assessor app or the panel in a browser, on 127.0.0.1 only."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer

from spbe_tui.cli.options import AsOption, DbOption, acting_as, resolve_db


def serve(
    command: str = typer.Argument("review", help="What to serve: review or panel."),
    instansi: str = typer.Option(None, "--instansi"),
    port: int = typer.Option(8000, "--port"),
    db: Path = DbOption, as_: str = AsOption,
) -> None:
    """Serve the assessor app or the panel to a browser on 127.0.0.1 only (reach it through an SSH tunnel)."""
    from textual_serve.server import Server

    if command not in ("review", "panel"):
        raise typer.BadParameter("serve review or panel")
    if command == "panel" and not instansi:
        raise typer.BadParameter("serve panel needs --instansi")
    parts = [sys.executable, "-m", "spbe_tui", command, "--db", str(resolve_db(db)), "--as", acting_as(as_)]
    if instansi:
        parts += ["--instansi", instansi]
    typer.echo(f"Serving on http://127.0.0.1:{port} — from your machine: ssh -L {port}:127.0.0.1:{port} SERVER")
    Server(shlex.join(parts), host="127.0.0.1", port=port).serve()
