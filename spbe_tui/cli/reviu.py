"""`spbe-tui reviu`: the Tim Reviu's outcome for an indicator."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import AsOption, DbOption, InstansiOption, YearOption, acting_as, open_evaluation
from spbe_tui.i18n import say


def reviu(
    instansi: str = InstansiOption,
    indicator: int = typer.Option(..., "--indicator"),
    valid: bool = typer.Option(..., "--valid/--tidak-valid", help="Valid, or Tidak Valid with --level."),
    level: int = typer.Option(None, "--level", help="The corrected level (Tidak Valid)."),
    justification: str = typer.Option("", "--justification"),
    db: Path = DbOption, as_: str = AsOption, year: int = YearOption,
) -> None:
    """Record the Tim Reviu's outcome for an indicator (reviewers only)."""
    from spbe_tui.services.panel import PanelService

    with open_evaluation(db, year) as (database, evaluation):
        person = acting_as(database, as_)
        PanelService(database, evaluation, instansi).set_reviu(person, indicator, valid, level, justification)
    if valid:
        typer.echo(say("cli_reviu_valid", instansi=instansi, n=indicator))
    else:
        typer.echo(say("cli_reviu_invalid", instansi=instansi, n=indicator, level=level))
