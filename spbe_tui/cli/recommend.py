"""`spbe-tui recommend`: the assessors' recommendation for one aspect of a report."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import AsOption, DbOption, InstansiOption, YearOption, acting_as, open_evaluation
from spbe_tui.i18n import say


def recommend(
    instansi: str = InstansiOption,
    aspect: int = typer.Option(..., "--aspect", help="Aspect number, e.g. 3."),
    text: str = typer.Option(..., "--text", help="The recommendation; an empty text removes it."),
    as_: str = AsOption,
    db: Path = DbOption,
    year: int = YearOption,
) -> None:
    """Write the assessors' recommendation for one aspect of an institution's report."""
    from spbe_tui.services.recommendations import recommend as set_note

    with open_evaluation(db, year) as (database, evaluation):
        outcome = set_note(database, evaluation, instansi, aspect, text, acting_as(database, as_))
    typer.echo(say(f"cli_recommendation_{outcome}", instansi=instansi, aspect=aspect))
