"""`spbe-tui team-level`: the chair records the team's agreed level of an indicator."""

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


def team_level(
    instansi: str = InstansiOption,
    indicator: int = typer.Option(..., "--indicator"),
    level: int = typer.Option(..., "--level"),
    justification: str = typer.Option(..., "--justification"),
    expect_version: int = typer.Option(None, "--expect-version",
                                       help="The version you saw (0: none yet); default: the current one."),
    stage: str = StageOption, db: Path = DbOption, as_: str = AsOption, year: int = YearOption,
) -> None:
    """Record the team's agreed level of an indicator (the chair only)."""
    from spbe_tui.services.panel import PanelService

    with open_evaluation(db, year) as (database, evaluation):
        panel = PanelService(database, evaluation, instansi)
        stage_id = stage or evaluation.stage_ids[0]
        if expect_version is None:
            current = panel.team_level(stage_id, indicator)
            expect_version = current.version if current else 0
        person = acting_as(database, as_)
        version = panel.set_team_level(person, stage_id, indicator, level, justification, expect_version)
    typer.echo(f"team level: {instansi} {stage_id} indicator {indicator} = {level} (version {version})")
