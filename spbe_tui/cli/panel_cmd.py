"""Team commands: submit, reveal, team level, reviu, the panel view and its browser server."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer

from spbe_tui.cli.options import AsOption, DbOption, resolve_actor, resolve_db, YearOption

StageOption = typer.Option(None, "--stage", help="Stage id (default: the evaluation's first stage).")


def _panel(db: Path | None, year: int | None, instansi: str):
    from spbe_tui.services.evaluation import load_evaluation
    from spbe_tui.services.panel import PanelService
    from spbe_tui.storage.db import open_db

    database = open_db(resolve_db(db))
    evaluation = load_evaluation(database, year)
    return database, PanelService(database, evaluation, instansi)


def _on_stage(method: str, done: str, instansi: str, stage: str | None, db: Path | None, as_: str | None,
              year: int | None) -> None:
    database, panel = _panel(db, year, instansi)
    try:
        stage_id = stage or panel.evaluation.stages[0].id
        getattr(panel, method)(resolve_actor(as_), stage_id)
    finally:
        database.close()
    typer.echo(f"{done}: {instansi} {stage_id}")


def lock(instansi: str = typer.Option(..., "--instansi"), stage: str = StageOption, db: Path = DbOption,
         as_: str = AsOption, year: int = YearOption) -> None:
    """Submit (lock) your levels of a stage; afterwards you see your team's levels."""
    _on_stage("lock", "submitted", instansi, stage, db, as_, year)


def reveal(instansi: str = typer.Option(..., "--instansi"), stage: str = StageOption, db: Path = DbOption,
           as_: str = AsOption, year: int = YearOption) -> None:
    """Reveal every team member's levels of a stage (the chair, in a panel session)."""
    _on_stage("reveal", "revealed", instansi, stage, db, as_, year)


def team_level(
    instansi: str = typer.Option(..., "--instansi"),
    indicator: int = typer.Option(..., "--indicator"),
    level: int = typer.Option(..., "--level"),
    justification: str = typer.Option(..., "--justification"),
    expect_version: int = typer.Option(None, "--expect-version",
                                       help="The version you saw (0: none yet); default: the current one."),
    stage: str = StageOption, db: Path = DbOption, as_: str = AsOption, year: int = YearOption,
) -> None:
    """Record the team's agreed level of an indicator (the chair only)."""
    from spbe_tui.storage.panel import get_team_level

    database, panel = _panel(db, year, instansi)
    try:
        stage_id = stage or panel.evaluation.stages[0].id
        if expect_version is None:
            current = get_team_level(database, panel.evaluation.id, instansi, stage_id, indicator)
            expect_version = current["version"] if current else 0
        version = panel.set_team_level(resolve_actor(as_), stage_id, indicator, level, justification, expect_version)
    finally:
        database.close()
    typer.echo(f"team level: {instansi} {stage_id} indicator {indicator} = {level} (version {version})")


def reviu(
    instansi: str = typer.Option(..., "--instansi"),
    indicator: int = typer.Option(..., "--indicator"),
    valid: bool = typer.Option(..., "--valid/--tidak-valid", help="Valid, or Tidak Valid with --level."),
    level: int = typer.Option(None, "--level", help="The corrected level (Tidak Valid)."),
    justification: str = typer.Option("", "--justification"),
    db: Path = DbOption, as_: str = AsOption, year: int = YearOption,
) -> None:
    """Record the Tim Reviu's outcome for an indicator (reviewers only)."""
    database, panel = _panel(db, year, instansi)
    try:
        panel.set_reviu(resolve_actor(as_), indicator, valid, level, justification)
    finally:
        database.close()
    typer.echo(f"reviu: {instansi} indicator {indicator} {'valid' if valid else f'tidak valid → {level}'}")


def panel(
    instansi: str = typer.Option(..., "--instansi"),
    stage: str = StageOption, db: Path = DbOption, as_: str = AsOption, year: int = YearOption,
    lang: str = typer.Option(None, "--lang", help="Interface language: id or en."),
) -> None:
    """Open the panel view: the team's levels side by side, disagreements first."""
    from spbe_tui.i18n import Translator, detect_language

    translator = Translator(detect_language(lang))
    database, service = _panel(db, year, instansi)
    try:
        actor = service.actor(resolve_actor(as_))
        stage_id = stage or service.evaluation.stages[0].id
        service.evaluation.stage(stage_id)
        from spbe_tui.ui.panel_app import PanelApp

        PanelApp(service, actor.id, stage_id, translator).run()
    finally:
        database.close()


def serve(
    command: str = typer.Argument("review", help="What to serve: review or panel."),
    instansi: str = typer.Option(None, "--instansi"),
    port: int = typer.Option(8000, "--port"),
    db: Path = DbOption, as_: str = AsOption,
) -> None:
    """Serve the reviewer or the panel to a browser on 127.0.0.1 only (reach it through an SSH tunnel)."""
    from textual_serve.server import Server

    if command not in ("review", "panel"):
        raise typer.BadParameter("serve review or panel")
    if command == "panel" and not instansi:
        raise typer.BadParameter("serve panel needs --instansi")
    parts = [sys.executable, "-m", "spbe_tui", command, "--db", str(resolve_db(db)), "--as", resolve_actor(as_)]
    if instansi:
        parts += ["--instansi", instansi]
    typer.echo(f"Serving on http://127.0.0.1:{port} — from your machine: ssh -L {port}:127.0.0.1:{port} SERVER")
    Server(shlex.join(parts), host="127.0.0.1", port=port).serve()
