"""`spbe-tui panel`: the team's levels side by side on one terminal."""

from __future__ import annotations

from pathlib import Path

from spbe_tui.cli.options import (
    AsOption,
    DbOption,
    InstansiOption,
    LangOption,
    StageOption,
    YearOption,
    acting_as,
    open_evaluation,
    require_terminal,
)


def panel(
    instansi: str = InstansiOption,
    stage: str = StageOption, db: Path = DbOption, as_: str = AsOption, year: int = YearOption,
    lang: str = LangOption,
) -> None:
    """Open the panel view: the team's levels side by side, disagreements first."""
    require_terminal("panel")
    from spbe_tui.ui.gc_policy import collections_paused

    with collections_paused():  # until the first frame: start-up's objects all stay (see there)
        _start_panel_app(instansi, stage, db, as_, year, lang)


def _start_panel_app(instansi: str, stage: str, db: Path, as_: str, year: int, lang: str) -> None:
    from spbe_tui.i18n import Translator, use_language
    from spbe_tui.services.panel import PanelService

    translator = Translator(use_language(lang))
    with open_evaluation(db, year) as (database, evaluation):
        service = PanelService(database, evaluation, instansi, shared_screen=True)
        actor = service.actor(acting_as(database, as_))
        stage_id = evaluation.stage(stage or evaluation.stage_ids[0]).id
        from spbe_tui.ui.panel_app import PanelApp

        PanelApp(service, actor.id, stage_id, translator).run()
