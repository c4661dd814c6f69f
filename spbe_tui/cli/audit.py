"""`spbe-tui audit verify`: check the event log's hash chain."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, open_database

app = typer.Typer(help="Check the tamper-evident event log.", no_args_is_help=True)


@app.command("verify")
def verify(db: Path = DbOption) -> None:
    """Walk the event log and report the first broken link (exit 1), or that the chain is intact."""
    from spbe_tui.services.audit import verify_log

    with open_database(db, read_only=True) as database:
        checked, broken = verify_log(database)
    if broken is not None:
        typer.echo(
            f"BROKEN at event {broken.event_id}: {broken.reason} ({checked} entries before it are intact)", err=True
        )
        raise typer.Exit(1)
    typer.echo(f"ok: {checked} events, chain intact")
