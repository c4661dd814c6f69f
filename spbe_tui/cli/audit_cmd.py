"""`spbe-tui audit verify`: check the event log's hash chain."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, resolve_db

app = typer.Typer(help="Check the tamper-evident event log.", no_args_is_help=True)


@app.command("verify")
def verify(db: Path = DbOption) -> None:
    """Walk the event log and report the first broken link (exit 1), or that the chain is intact."""
    from spbe_tui.storage.db import open_db
    from spbe_tui.storage.events import verify_chain

    database = open_db(resolve_db(db))
    try:
        checked, broken = verify_chain(database)
    finally:
        database.close()
    if broken is not None:
        typer.echo(f"BROKEN at event {broken.event_id}: {broken.reason} ({checked} entries before it are intact)", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {checked} events, chain intact")
