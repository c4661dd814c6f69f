"""`spbe-tui lock` and `spbe-tui reveal`: the two steps that end blind scoring of a stage."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import (
    AsOption,
    DbOption,
    InstansiOption,
    StageOption,
    YearOption,
    acting_as,
    open_evaluation,
)
from spbe_tui.i18n import say


def _on_stage(step: str, done: str, instansi: str, stage: str | None, db: Path | None, as_: str | None,
              year: int | None) -> None:
    """`done`: the message key of what is printed afterwards."""
    from spbe_tui.services.panel import PanelService

    with open_evaluation(db, year) as (database, evaluation):
        panel = PanelService(database, evaluation, instansi)
        stage_id = stage or evaluation.stage_ids[0]
        action = panel.lock if step == "lock" else panel.reveal
        action(acting_as(database, as_), stage_id)
    typer.echo(say(done, instansi=instansi, stage=stage_id))


def lock(instansi: str = InstansiOption, stage: str = StageOption, db: Path = DbOption,
         as_: str = AsOption, year: int = YearOption) -> None:
    """Submit (lock) your levels of a stage; afterwards you see your team's levels."""
    _on_stage("lock", "cli_submitted", instansi, stage, db, as_, year)


def reveal(instansi: str = InstansiOption, stage: str = StageOption, db: Path = DbOption,
           as_: str = AsOption, year: int = YearOption) -> None:
    """Reveal every team member's levels of a stage (the chair, in a panel session)."""
    _on_stage("reveal", "cli_revealed", instansi, stage, db, as_, year)
