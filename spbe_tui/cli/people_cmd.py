"""`spbe-tui assessor add|list` and `spbe-tui assign`: who assesses what."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import AsOption, DbOption, resolve_actor, resolve_db

assessor_app = typer.Typer(help="Register assessors and their roles.", no_args_is_help=True)


@assessor_app.command("add")
def add(
    assessor_id: str = typer.Argument(..., help="Login name of the person."),
    name: str = typer.Option(None, "--name", help="Full name."),
    role: list[str] = typer.Option(None, "--role", help="assessor, reviewer or admin (repeatable; default assessor)."),
    db: Path = DbOption,
    as_: str = AsOption,
) -> None:
    """Register an assessor (admins only; the first one added to a new database must be an admin)."""
    from spbe_tui.services.people_admin import add_assessor
    from spbe_tui.storage.db import open_db

    database = open_db(resolve_db(db))
    try:
        add_assessor(database, resolve_actor(as_), assessor_id, name, list(role or []))
    finally:
        database.close()
    typer.echo(f"{assessor_id}: {', '.join(role or ['assessor'])}")


@assessor_app.command("list")
def list_assessors(db: Path = DbOption) -> None:
    """List registered assessors and their roles."""
    from rich.console import Console
    from rich.table import Table

    from spbe_tui.storage.db import open_db
    from spbe_tui.storage.people import list_assessors as rows
    from spbe_tui.ui_text import safe

    database = open_db(resolve_db(db))
    try:
        table = Table("ID", "Name", "Roles")
        for row in rows(database):
            table.add_row(safe(row["id"]), safe(row["name"]), row["roles"])
        Console().print(table)
    finally:
        database.close()


def assign(
    instansi: str = typer.Argument(..., help="Institution id."),
    assessors: list[str] = typer.Argument(..., help="Team members' ids."),
    chair: str = typer.Option(None, "--chair", help="The team's chair (ketua tim)."),
    db: Path = DbOption,
    as_: str = AsOption,
    year: int = typer.Option(None, "--year", help="Evaluation year (default: the newest)."),
) -> None:
    """Assign a team of assessors to an institution (admins only)."""
    from spbe_tui.services.evaluation import load_evaluation
    from spbe_tui.services.people_admin import assign_team
    from spbe_tui.storage.db import open_db

    database = open_db(resolve_db(db))
    try:
        assign_team(database, load_evaluation(database, year), resolve_actor(as_), instansi, list(assessors), chair)
    finally:
        database.close()
    typer.echo(f"{instansi}: {', '.join(assessors)}" + (f" (ketua: {chair})" if chair else ""))
