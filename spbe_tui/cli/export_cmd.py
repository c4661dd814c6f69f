"""`spbe-tui export`, `status`, `report` and `recommend`: what leaves the tool at the end."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, resolve_db
from spbe_tui.errors import SpbeError

YearOption = typer.Option(None, "--year", help="Evaluation year (default: the newest).")


class Layout(str, Enum):
    wide = "wide"
    long = "long"


class Format(str, Enum):
    csv = "csv"
    xlsx = "xlsx"


def _open(db: Path | None):
    from spbe_tui.storage.db import open_db

    path = resolve_db(db)
    if not path.exists():
        raise SpbeError(f"{path} does not exist; import submissions first (spbe-tui import PATH --db {path})")
    return open_db(path)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr, only when someone can see it (rich costs a noticeable import)."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def export(
    out: Path = typer.Option(..., "--out", help="The file to write; replaced only once complete."),
    db: Path = DbOption,
    format_: Format = typer.Option(None, "--format", help="csv or xlsx (default: from the --out suffix, else csv)."),
    layout: Layout = typer.Option(Layout.wide, "--layout",
                                  help="wide: one row per institution; long: every level behind it, row by row."),
    stage: str = typer.Option("final", "--stage",
                              help="final, mandiri (self-assessment) or a stage id (the team's levels there)."),
    year: int = YearOption,
    allow_incomplete: bool = typer.Option(False, "--allow-incomplete",
                                          help="Export institutions with missing levels (complete=false, empty cells)."),
    excel: bool = typer.Option(False, "--excel",
                               help="CSV for a spreadsheet in Indonesian locale: BOM, ';' and decimal comma."),
) -> None:
    """Export consolidated scores per institution (CSV or XLSX) and print a summary line.

    The long layout holds the trail up to --stage: the self-assessment, then per stage each
    assessor's level and the team's, and at final the reviu and the final level.
    """
    from spbe_tui.export.tables import write_table
    from spbe_tui.services import export as service
    from spbe_tui.services.evaluation import load_evaluation

    fmt = (format_.value if format_ else None) or ("xlsx" if out.suffix.lower() == ".xlsx" else "csv")
    if excel and fmt != "csv":
        raise SpbeError("--excel applies to CSV only; an XLSX file is read the same in every locale")
    database = _open(db)
    try:
        evaluation = load_evaluation(database, year)
        with _progress("scoring") as progress:
            scores = service.collect_scores(database, evaluation, stage, progress)
        if not allow_incomplete:
            service.refuse_incomplete(scores, stage)
        if layout is Layout.wide:
            table = service.wide_table(evaluation, stage, scores)
        else:
            table = service.long_table(database, evaluation, stage, scores)
    finally:
        database.close()
    with _progress("writing") as progress:
        write_table(out, table, fmt, excel, progress)
    typer.echo(f"{out}: {_summary_line(evaluation, stage, service.summarise(evaluation, scores))}")


def _summary_line(evaluation, stage: str, summary) -> str:
    from spbe_tui.domain.index import rounded

    fw = evaluation.framework
    counts = ", ".join(f"{name} {n}" for name, n in summary.predikat_counts.items())
    if summary.index is None:
        national = "national index — (no complete institution)"
    else:
        domains = " ".join(f"D{d.number} {rounded(summary.domains[d.number])}" for d in fw.domains)
        weights = "/".join(f"{d.weight.normalize():f}" for d in fw.domains)
        national = f"national index {rounded(summary.index)} {summary.predikat} (domain averages {domains}, weights {weights})"
    return (
        f"{summary.institutions} institutions ({summary.complete} complete, {summary.incomplete} incomplete), "
        f"{evaluation.name}, {stage}; {national}; predikat: {counts}; basis {evaluation.basis.value}"
    )
