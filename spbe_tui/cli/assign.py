"""`spbe-tui assign`: the team of assessors for an institution."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import AsOption, DbOption, YearOption, acting_as, open_evaluation
from spbe_tui.i18n import say


def assign(
    instansi: str = typer.Argument(..., help="Institution id."),
    assessors: list[str] = typer.Argument(..., help="Team members' ids."),
    chair: str = typer.Option(None, "--chair", help="The team's chair (ketua tim)."),
    db: Path = DbOption,
    as_: str = AsOption,
    year: int = YearOption,
) -> None:
    """Assign a team of assessors to an institution (admins only)."""
    from spbe_tui.services.people_admin import assign_team

    with open_evaluation(db, year) as (database, evaluation):
        assign_team(database, evaluation, acting_as(database, as_), instansi, list(assessors), chair)
    team = ", ".join(assessors)
    if chair:
        typer.echo(say("cli_team_with_chair", instansi=instansi, team=team, chair=chair))
    else:
        typer.echo(f"{instansi}: {team}")
