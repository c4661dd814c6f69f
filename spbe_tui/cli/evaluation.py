"""`spbe-tui evaluation list|set`: the evaluations a database holds, and their settings."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import AsOption, DbOption, acting_as, open_database
from spbe_tui.i18n import say

app = typer.Typer(help="List evaluations and change their settings.", no_args_is_help=True)


@app.command("list")
def list_(db: Path = DbOption) -> None:
    """Each evaluation: year, framework, name, predikat basis, stages, institutions, progress."""
    from rich.console import Console
    from rich.table import Table

    from spbe_tui.safe_text import inert
    from spbe_tui.services.evaluation_settings import evaluation_summaries

    with open_database(db, read_only=True) as database:
        summaries = evaluation_summaries(database)
    table = Table(caption=say("cli_eval_caption"))
    for header in ("cli_col_year", "cli_col_framework", "cli_col_name", "cli_col_basis", "cli_col_stages",
                   "cli_col_institutions", "cli_col_final_complete"):
        table.add_column(say(header))
    for s in summaries:
        table.add_row(str(s.year), s.framework_id, inert(s.name), s.basis.value, ", ".join(s.stages),
                      str(s.institutions), f"{s.complete}/{s.institutions}")
    Console().print(table)


@app.command("set")
def set_(
    year: int = typer.Option(..., "--year", help="The evaluation's year."),
    predikat_basis: str = typer.Option(None, "--predikat-basis", help="rounded or unrounded."),
    name: str = typer.Option(None, "--name", help="The evaluation's name."),
    stages: str = typer.Option(None, "--stages", help="Comma-separated stage ids, e.g. dokumen,interviu."),
    db: Path = DbOption,
    as_: str = AsOption,
) -> None:
    """Change an evaluation's settings (admins only); recorded with the old and new value."""
    from spbe_tui.services.evaluation_settings import set_evaluation

    wanted = [s.strip() for s in stages.split(",") if s.strip()] if stages is not None else None
    with open_database(db) as database:
        old, new = set_evaluation(database, acting_as(database, as_), year, predikat_basis=predikat_basis,
                                  name=name, stages=wanted)
    changed = [f"{key}: {old[key]} → {new[key]}" for key in new if new[key] != old[key]]
    typer.echo(f"{year}: " + ("; ".join(changed) if changed else say("cli_nothing_changed")))
