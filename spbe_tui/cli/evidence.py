"""`spbe-tui evidence get`: an indicator's original evidence files, into a folder or as a tar stream."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from spbe_tui.cli.options import AsOption, DbOption, InstansiOption, YearOption, acting_as, open_evaluation, resolve_db
from spbe_tui.i18n import say

app = typer.Typer(help="The evidence files institutions submitted.", no_args_is_help=True)


@app.command("get")
def get(
    instansi: str = InstansiOption,
    indicator: int = typer.Option(..., "--indicator", help="Indicator number."),
    out: Path = typer.Option(..., "--out", help="The folder to copy the files into (made if missing), or - for a "
                                                "tar stream on standard output (ssh … --out - | tar x)."),
    force: bool = typer.Option(False, "--force", help="Replace files of the same name already in the folder."),
    db: Path = DbOption, as_: str = AsOption, year: int = YearOption,
) -> None:
    """Copy an indicator's evidence files as submitted, each checked against its sha256."""
    from spbe_tui.services.evidence_get import indicator_evidence
    from spbe_tui.writers.evidence_files import copy_into, write_tar

    with open_evaluation(db, year, read_only=True) as (database, evaluation):
        person = acting_as(database, as_)
        files = indicator_evidence(database, resolve_db(db), evaluation, instansi, indicator, person)
    total = sum(f.size for f in files)
    if str(out) == "-":
        write_tar(sys.stdout.buffer, files)
        sys.stdout.buffer.flush()
        typer.echo(say("evidence_got", n=len(files), bytes=f"{total:,}", where="tar"), err=True)
        return
    copy_into(out, files, force)
    typer.echo(say("evidence_got", n=len(files), bytes=f"{total:,}", where=str(out)))
