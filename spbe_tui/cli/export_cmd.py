"""`spbe-tui export`, `status`, `report` and `recommend`: what leaves the tool at the end."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from spbe_tui.cli.options import DbOption, resolve_db, YearOption
from spbe_tui.errors import SpbeError

if TYPE_CHECKING:
    from spbe_tui.services.evaluation import Evaluation
    from spbe_tui.services.export import Summary
    from spbe_tui.services.status import Status



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


def _check_target(out: Path, db: Path | None) -> None:
    # A slip in --out must not replace the database with an export.
    if out.resolve() == resolve_db(db).resolve():
        raise SpbeError(f"{out} is the database; choose another file for --out")


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
    from spbe_tui.export.tables import write_table
    from spbe_tui.services import export as service
    from spbe_tui.services.evaluation import load_evaluation

    fmt = (format_.value if format_ else None) or ("xlsx" if out.suffix.lower() == ".xlsx" else "csv")
    if excel and fmt != "csv":
        raise SpbeError("--excel applies to CSV only; an XLSX file is read the same in every locale")
    _check_target(out, db)
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


def _summary_line(evaluation: Evaluation, stage: str, summary: Summary) -> str:
    from spbe_tui.domain.index import rounded

    fw = evaluation.framework
    counts = ", ".join(f"{name} {n}" for name, n in summary.predikat_counts.items())
    if summary.index is None:
        national = "national index — (no complete institution)"
    else:
        domains = " ".join(f"D{d.number} {rounded(summary.domains[d.number])}" for d in fw.domains)
        weights = "/".join(f"{d.weight.normalize():f}" for d in fw.domains)
        national = (f"national index {rounded(summary.index)} {summary.predikat} "
                    f"(domain averages {domains}, weights {weights})")
    return (
        f"{summary.institutions} institutions ({summary.complete} complete, {summary.incomplete} incomplete), "
        f"{evaluation.name}, {stage}; {national}; predikat: {counts}; basis {evaluation.basis.value}"
    )


def status(db: Path = DbOption, year: int = YearOption) -> None:
    """Progress per institution (assessors' and team levels per stage, reviu, final) and per assessor."""
    from rich.console import Console

    from spbe_tui.services.evaluation import load_evaluation
    from spbe_tui.services.status import load_status

    database = _open(db)
    try:
        state = load_status(database, load_evaluation(database, year))
    finally:
        database.close()
    console = Console()
    console.print(_institution_table(state))
    console.print(_assessor_table(state))
    complete = sum(1 for row in state.institutions if row.complete)
    console.print(f"{complete} of {len(state.institutions)} institutions have a final level for every indicator",
                  highlight=False)


def _institution_table(state: Status):
    from rich.table import Table
    from rich.text import Text

    from spbe_tui.ui_text import inert, safe

    evaluation = state.evaluation
    stages = [s.id for s in evaluation.stages]
    rows = [
        [row.id, row.name, *(f"{row.decided.get(s, 0)}/{row.team.get(s, 0)}" for s in stages), str(row.reviu),
         f"{row.final}/{row.total}" + (" ✓" if row.complete else "")]
        for row in state.institutions
    ]
    table = Table(
        title=f"{evaluation.name} — {len(rows)} instansi, {len(evaluation.framework.indicators)} indikator",
        caption="per tahap: indikator dengan nilai asesor / nilai tim",
    )
    for n, header in enumerate(("Instansi", "Nama", *stages, "reviu", "final")):
        if header == "Nama":  # the one column that gives way on a narrow terminal
            table.add_column(header, ratio=1, min_width=12)
        else:
            width = max([len(header), *(len(r[n]) for r in rows)])
            table.add_column(header, no_wrap=True, min_width=width, justify="left" if n == 0 else "right")
    for row in rows:
        table.add_row(safe(row[0]), Text(inert(row[1]), no_wrap=True, overflow="ellipsis"), *row[2:])
    return table


def _assessor_table(state: Status):
    from rich.table import Table

    from spbe_tui.ui_text import safe

    stages = [s.id for s in state.evaluation.stages]
    table = Table("Asesor", "Nama", "Instansi", *stages, title="Asesor",
                  caption="per tahap: nilai yang diputuskan asesor")
    for person in state.assessors:
        table.add_row(safe(person.id), safe(person.name), str(person.assigned),
                      *(str(person.decided.get(s, 0)) for s in stages))
    return table


def report(
    instansi: str = typer.Option(..., "--instansi", help="Institution id."),
    out: Path = typer.Option(..., "--out", help="FILE.md or FILE.html."),
    db: Path = DbOption,
    year: int = YearOption,
) -> None:
    """Write an institution's final report: index, domains and aspects, self versus final, findings."""
    from spbe_tui.export.atomic import atomic_write
    from spbe_tui.services.evaluation import load_evaluation
    from spbe_tui.services.report import build_report

    suffix = out.suffix.lower()
    if suffix not in (".md", ".html", ".htm"):
        raise SpbeError(f"{out}: the report is written as Markdown (.md) or HTML (.html)")
    _check_target(out, db)
    database = _open(db)
    try:
        built = build_report(database, load_evaluation(database, year), instansi)
    finally:
        database.close()
    if suffix == ".md":
        from spbe_tui.export.report_markdown import render_markdown as render
    else:
        from spbe_tui.export.report_html import render_html as render
    with atomic_write(out) as handle:
        handle.write(render(built).encode("utf-8"))
    typer.echo(f"{out}: {built.instansi['id']}, indeks {built.result.index_display}")


def recommend(
    instansi: str = typer.Option(..., "--instansi", help="Institution id."),
    aspect: int = typer.Option(..., "--aspect", help="Aspect number, e.g. 3."),
    text: str = typer.Option(..., "--text", help="The recommendation; an empty text removes it."),
    as_: str = typer.Option(None, "--as", help="Assessor id (default: your login name)."),
    db: Path = DbOption,
    year: int = YearOption,
) -> None:
    """Write the assessors' recommendation for one aspect of an institution's report."""
    from spbe_tui.services.evaluation import load_evaluation
    from spbe_tui.services.recommendations import recommend as set_note

    database = _open(db)
    try:
        outcome = set_note(database, load_evaluation(database, year), instansi, aspect, text, as_ or getpass.getuser())
    finally:
        database.close()
    typer.echo(f"{instansi} aspect {aspect}: recommendation {outcome}")
