"""`spbe-tui import PATH`: bring submissions into the database."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, acting_as, open_database, resolve_db
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

TABLE_ROWS = 500


def import_(
    path: Path = typer.Argument(..., help="A .csv/.xlsx table, a bundle folder, or a folder of bundles."),
    db: Path = DbOption,
    framework: str = typer.Option(
        None, "--framework", help="Framework id (default: the submission's own, else spbe-2020)."
    ),
    year: int = typer.Option(None, "--year", help="Evaluation year (default: the submission's own, else this year)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate everything and write nothing."),
    max_evidence_mb: int = typer.Option(
        100, "--max-evidence-mb", min=1, help="Refuse evidence files larger than this."
    ),
) -> None:
    """Import institutions' self-assessments (evaluasi mandiri) with their evidence files."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from spbe_tui.importing.importer import ImportOptions, run_import
    from spbe_tui.services.people_admin import check_may_import

    console = Console(stderr=True)
    db_path = resolve_db(db)
    # A dry run against a database that does not exist yet checks against an empty one in memory.
    target = Path(":memory:") if dry_run and not db_path.exists() else db_path
    # A dry run only reads, so it may check against a database the user may not write.
    read_only = dry_run and target == db_path
    with open_database(target, must_exist=False, read_only=read_only) as database, Progress(
        TextColumn(f"[bold]{say('cli_progress_import')}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=console, transient=True, disable=not console.is_terminal,
    ) as bar:
        person = acting_as(database, None)
        if not dry_run:
            check_may_import(database, person)
        options = ImportOptions(
            framework_id=framework, year=year, dry_run=dry_run, max_evidence_bytes=max_evidence_mb * 1024 * 1024,
            user=person,
        )
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=label)

        report = run_import(path, database, db_path, options, progress)
    _print_report(console, report, dry_run)
    if report.stopped is not None:
        raise SpbeError(report.stop_message())
    if not report.ok:
        raise typer.Exit(1)


def _print_report(console, report, dry_run: bool) -> None:
    from rich.table import Table

    from spbe_tui.safe_text import safe

    headers = ("cli_col_institution", "cli_col_status", "cli_col_revision", "cli_col_indicators", "cli_col_evidence")
    # Rich lays a table out whole before printing it: a national import is printed in tables of
    # TABLE_ROWS rows, so printing the report takes the same memory whatever its length.
    for start in range(0, len(report.outcomes), TABLE_ROWS):
        title = say("cli_import_title_dry" if dry_run else "cli_import_title") if start == 0 else None
        table = Table(*map(say, headers), title=title)
        for o in report.outcomes[start:start + TABLE_ROWS]:
            table.add_row(
                safe(f"{o.instansi_id} {o.instansi_name}"), _status(o.status), str(o.revision or "—"),
                str(o.indicators), str(o.evidence_files),
            )
        console.print(table)
    for created in sorted({o.new_evaluation for o in report.outcomes if o.new_evaluation}):
        console.print(say("cli_new_evaluation", name=created), highlight=False)
    for warning in report.warnings:
        console.print(say("cli_warning_line", warning=safe(warning)), highlight=False)
    problems = report.problems
    for problem in problems:
        console.print(say("cli_error_line_marked", problem=safe(str(problem))), highlight=False)
    counts: dict[str, int] = {}
    for o in report.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    # Ordered by the English status word, as before, so the line reads the same in every language.
    summary = ", ".join(f"{n} {_status(status)}" for status, n in sorted(counts.items())) or say("cli_nothing_imported")
    evidence = sum(o.evidence_files for o in report.outcomes if o.status != "refused")
    indicators = sum(o.indicators for o in report.outcomes if o.status != "refused")
    line = say("cli_import_summary", n=len(report.outcomes), summary=summary, indicators=indicators,
               evidence=evidence, warnings=len(report.warnings), errors=len(problems) + (report.stopped is not None))
    console.print(line + (say("cli_import_dry_run") if dry_run else ""), highlight=False)


def _status(status: str) -> str:
    """An outcome's status (new, revised, unchanged, valid, refused, failed, not attempted) in words."""
    return say("cli_status_" + status.replace(" ", "_"))
