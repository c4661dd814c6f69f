"""`spbe-tui sample …`: synthetic national-scale submissions for tests and benchmarks."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

app = typer.Typer(help="Generate synthetic SPBE submissions.", no_args_is_help=True)


@app.command("generate")
def generate(
    out: Path = typer.Option(..., "--out", help="Directory for the bundles: one folder per institution."),
    institutions: int = typer.Option(
        616, "--institutions", help="How many institutions (a national set is about 616)."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same arguments give byte-identical output."),
    framework: str = typer.Option("spbe-2020", "--framework", help="A bundled framework id or a framework file."),
    year: int = typer.Option(2025, "--year", help="Evaluation year written into every manifest."),
    force: bool = typer.Option(
        False, "--force", help="Write into a non-empty directory; same-named files are replaced."
    ),
) -> None:
    """Write deterministic synthetic submissions: OUT/<instansi-id>/manifest.json and data-dukung/."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from spbe_tui.sample.generator import generate as generate_bundles

    if out.exists() and not out.is_dir():
        raise SpbeError(say("cli_sample_not_dir", path=out))
    if out.is_dir() and any(out.iterdir()) and not force:
        raise SpbeError(say("cli_sample_not_empty", path=out))

    started = time.perf_counter()
    # The bar goes to stderr so that stdout carries only the summary line.
    columns = (TextColumn(say("cli_progress_generating")), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("generate", total=institutions)
        summary = generate_bundles(
            out, institutions, seed, framework, year, progress=lambda done: progress.update(task, completed=done)
        )
    elapsed = time.perf_counter() - started
    typer.echo(say(
        "cli_sample_summary", institutions=summary.institutions, indicators=summary.indicators,
        evidence=summary.evidence_files, mb=f"{summary.bytes / 1_000_000:.1f}", path=out, seconds=f"{elapsed:.1f}",
        framework=framework, year=year, seed=seed,
    ))
