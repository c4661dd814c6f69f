"""`spbe-tui report`: one institution's report, as Markdown or HTML, in the active language."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, InstansiOption, YearOption, check_target, open_evaluation
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say


def report(
    instansi: str = InstansiOption,
    out: Path = typer.Option(..., "--out", help="FILE.md or FILE.html, or - for standard output (see --format)."),
    format_: str = typer.Option(None, "--format", help="md or html (default: from --out's suffix; md for -)."),
    db: Path = DbOption,
    year: int = YearOption,
) -> None:
    """Write an institution's report: index, domains and aspects, self versus final with the team's
    justifications, findings, the team and a signature block; provisional until the last stage."""
    from spbe_tui.services.report import build_report
    from spbe_tui.writers.report_text import value_text

    to_stdout = str(out) == "-"  # over SSH, the report comes back through the connection
    suffix = (f".{format_.lower().lstrip('.')}" if format_ else ".md" if to_stdout else out.suffix.lower())
    if suffix not in (".md", ".html", ".htm"):
        raise SpbeError(say("report_bad_suffix", out=out))
    if not to_stdout:
        check_target(out, db)
    with open_evaluation(db, year, read_only=True) as (database, evaluation):
        built = build_report(database, evaluation, instansi, today=date.today())
    if suffix == ".md":
        from spbe_tui.writers.report_markdown import render_markdown as render
    else:
        from spbe_tui.writers.report_html import render_html as render
    text = render(built).encode("utf-8")
    summary = say("report_summary", instansi=built.instansi.id, index=value_text(built.result.index),
                  note=say("report_summary_provisional") if built.provisional else "", head=built.log_head)
    if to_stdout:
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
        typer.echo(summary, err=True)
        return
    from spbe_tui.writers.atomic import atomic_write

    with atomic_write(out) as handle:
        handle.write(text)
    typer.echo(f"{out}: {summary}")
