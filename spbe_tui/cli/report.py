"""`spbe-tui report`: one institution's final report, as Markdown or HTML."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, InstansiOption, YearOption, check_target, open_evaluation
from spbe_tui.errors import SpbeError


def report(
    instansi: str = InstansiOption,
    out: Path = typer.Option(..., "--out", help="FILE.md or FILE.html."),
    db: Path = DbOption,
    year: int = YearOption,
) -> None:
    """Write an institution's final report: index, domains and aspects, self versus final, findings."""
    from spbe_tui.services.report import build_report
    from spbe_tui.writers.atomic import atomic_write

    suffix = out.suffix.lower()
    if suffix not in (".md", ".html", ".htm"):
        raise SpbeError(f"{out}: the report is written as Markdown (.md) or HTML (.html)")
    check_target(out, db)
    with open_evaluation(db, year, read_only=True) as (database, evaluation):
        built = build_report(database, evaluation, instansi)
    if suffix == ".md":
        from spbe_tui.writers.report_markdown import render_markdown as render
    else:
        from spbe_tui.writers.report_html import render_html as render
    with atomic_write(out) as handle:
        handle.write(render(built).encode("utf-8"))
    typer.echo(f"{out}: {built.instansi.id}, indeks {built.result.index_display}")
