"""`spbe-tui team-level`: the chair records the team's agreed level of an indicator, or accepts
every unanimous row of a stage at once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

if TYPE_CHECKING:
    from spbe_tui.services.panel import PanelService


def team_level(
    instansi: str = InstansiOption,
    indicator: int = typer.Option(None, "--indicator"),
    level: int = typer.Option(None, "--level"),
    justification: str = typer.Option(None, "--justification"),
    expect_version: int = typer.Option(None, "--expect-version",
                                       help="The version you saw (0: none yet); default: the current one."),
    accept_unanimous: bool = typer.Option(
        False, "--accept-unanimous",
        help="Set the team level of every row where all members gave the same level and the stage has no "
             "team level yet; lists them and asks first. Once the stage is revealed or everyone submitted.",
    ),
    yes: bool = typer.Option(False, "--yes", help="With --accept-unanimous: do not ask, accept the rows listed."),
    stage: str = StageOption, db: Path = DbOption, as_: str = AsOption, year: int = YearOption,
) -> None:
    """Record the team's agreed level of an indicator, or accept the unanimous rows (the chair only)."""
    from spbe_tui.services.panel import PanelService

    if accept_unanimous and any(v is not None for v in (indicator, level, justification, expect_version)):
        raise SpbeError(say("cli_unanimous_alone"))
    missing = [name for name, value in (("--indicator", indicator), ("--level", level),
                                        ("--justification", justification)) if value is None]
    if not accept_unanimous and missing:
        raise SpbeError(say("cli_team_level_needs", missing=", ".join(missing)))
    with open_evaluation(db, year) as (database, evaluation):
        panel = PanelService(database, evaluation, instansi)
        stage_id = evaluation.stage(stage or evaluation.stage_ids[0]).id
        person = acting_as(database, as_)
        if accept_unanimous:
            _accept_unanimous(panel, person, stage_id, yes)
            return
        if expect_version is None:
            current = panel.team_level(stage_id, indicator)
            expect_version = current.version if current else 0
        version = panel.set_team_level(person, stage_id, indicator, level, justification, expect_version)
    typer.echo(say("cli_team_level_set", instansi=instansi, stage=stage_id, n=indicator, level=level, version=version))


def _accept_unanimous(panel: PanelService, person: str, stage_id: str, yes: bool) -> None:
    """List the rows, ask unless --yes, then accept exactly the rows listed."""
    rows = panel.unanimous_rows(person, stage_id)
    stage = panel.evaluation.stage(stage_id).name
    if not rows:
        typer.echo(say("unanimous_none", stage=stage))
        return
    typer.echo(say("cli_unanimous_list", instansi=panel.instansi_id, stage=stage_id))
    label_width = max(len(r.label) for r in rows)
    name_width = max(len(r.name) for r in rows)
    for row in rows:
        typer.echo(f"  {row.label:>{label_width}}  {row.name:<{name_width}}  {row.level} {row.level_name}")
    if not yes and not typer.confirm(say("cli_unanimous_ask", n=len(rows)), default=False):
        typer.echo(say("cli_unanimous_kept"))
        return
    done = panel.accept_unanimous(person, stage_id, {r.indicator: r.level for r in rows})
    typer.echo(say("cli_unanimous_done", instansi=panel.instansi_id, stage=stage_id, n=len(done)))
