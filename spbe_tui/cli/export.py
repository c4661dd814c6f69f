"""`spbe-tui export`: consolidated scores per institution, as CSV or XLSX."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from spbe_tui.cli.options import DbOption, YearOption, acting_as, check_target, open_evaluation
from spbe_tui.cli.progress import progress_bar
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

if TYPE_CHECKING:
    from spbe_tui.services.evaluation import Evaluation
    from spbe_tui.services.scores import Summary


class Layout(str, Enum):
    wide = "wide"
    long = "long"


class Format(str, Enum):
    csv = "csv"
    xlsx = "xlsx"


def export(
    out: Path = typer.Option(..., "--out", help="The file to write, replaced only once complete; - for standard "
                                                "output (the summary then goes to standard error)."),
    db: Path = DbOption,
    format_: Format = typer.Option(None, "--format", help="csv or xlsx (default: from the --out suffix, else csv)."),
    layout: Layout = typer.Option(
        Layout.wide, "--layout",
        help="wide: one row per institution; long: the trail up to --stage, one row per level "
             "(self, each assessor and the team per stage, reviu, final).",
    ),
    stage: str = typer.Option("final", "--stage",
                              help="final, mandiri (self-assessment) or a stage id (the team's levels there)."),
    year: int = YearOption,
    allow_incomplete: bool = typer.Option(
        False, "--allow-incomplete", help="Export institutions with missing levels (complete=false, empty cells)."
    ),
    excel: bool = typer.Option(False, "--excel",
                               help="CSV for a spreadsheet in Indonesian locale: BOM, ';' and decimal comma."),
) -> None:
    """Export consolidated scores per institution (CSV or XLSX) and print a summary line."""
    from spbe_tui.services import scores
    from spbe_tui.services.audit import read_snapshot
    from spbe_tui.services.rights import load_actor
    from spbe_tui.writers.score_file import write_table, write_table_to

    to_stdout = str(out) == "-"
    fmt = (format_.value if format_ else None) or ("xlsx" if out.suffix.lower() == ".xlsx" else "csv")
    if excel and fmt != "csv":
        raise SpbeError(say("cli_excel_csv_only"))
    if not to_stdout:
        check_target(out, db)
    # The head is read in the same snapshot as the levels: it names exactly the log they reflect.
    with open_evaluation(db, year, read_only=True) as (database, evaluation), read_snapshot(database) as head:
        with progress_bar(say("cli_progress_scoring")) as progress:
            found = scores.collect_scores(database, evaluation, stage, progress)
        if not allow_incomplete:
            scores.refuse_incomplete(found, stage)
        if layout is Layout.wide:
            table = scores.wide_table(evaluation, stage, found)
        else:
            viewer = load_actor(database, acting_as(database, None))
            table = scores.long_table(database, evaluation, stage, found, viewer)
    summary = say("cli_export_summary", summary=_summary_line(evaluation, stage, scores.summarise(evaluation, found)),
                  head=head)
    if to_stdout:
        write_table_to(sys.stdout.buffer, table, fmt, excel, log_head=str(head))
        sys.stdout.buffer.flush()
        typer.echo(summary, err=True)
        return
    with progress_bar(say("cli_progress_writing")) as progress:
        write_table(out, table, fmt, excel, progress, log_head=str(head))
    typer.echo(f"{out}: {summary}")


def _summary_line(evaluation: Evaluation, stage: str, summary: Summary) -> str:
    from spbe_tui.domain.index import rounded

    fw = evaluation.framework
    counts = ", ".join(f"{name} {n}" for name, n in summary.predikat_counts.items())
    if summary.index is None:
        national = say("cli_national_none")
    else:
        domains = " ".join(f"D{d.number} {rounded(summary.domains[d.number])}" for d in fw.domains)
        weights = "/".join(f"{d.weight.normalize():f}" for d in fw.domains)
        national = say("cli_national", index=rounded(summary.index), predikat=summary.predikat, domains=domains,
                       weights=weights)
    return say("cli_export_line", n=summary.institutions, complete=summary.complete, incomplete=summary.incomplete,
               name=evaluation.name, stage=stage, national=national, counts=counts, basis=evaluation.basis.value)
