"""`spbe-tui framework …`: list, show and check framework files."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.i18n import say

app = typer.Typer(help="Inspect and validate SPBE framework files.", no_args_is_help=True)


def _weight(value) -> str:
    return f"{value:.2f}"


@app.command("list")
def list_frameworks() -> None:
    """List the bundled frameworks."""
    from rich.console import Console
    from rich.table import Table

    from spbe_tui.domain.framework_loader import bundled_framework_paths, load_framework

    table = Table(*(say(key) for key in ("cli_col_id", "cli_col_title", "cli_col_status", "cli_col_domains",
                                        "cli_col_aspects", "cli_col_indicators", "cli_col_levels")))
    for framework_id in bundled_framework_paths():
        fw = load_framework(framework_id)
        levels = sorted({lv for s in fw.scales.values() for lv in s.levels})
        table.add_row(
            fw.id, fw.title, fw.status, str(len(fw.domains)), str(len(fw.aspects)),
            str(len(fw.indicators)), f"{levels[0]}–{levels[-1]}",
        )
    Console().print(table)


@app.command("show")
def show(
    framework_id: str = typer.Argument(..., help="A bundled framework id (see `framework list`) or a file path."),
    indicator: int = typer.Option(None, "--indicator", "-i", help="Show one indicator's question and level criteria."),
) -> None:
    """Show a framework's domains, aspects and indicators with their weights."""
    from rich.console import Console

    from spbe_tui.domain.framework_loader import load_framework

    fw = load_framework(framework_id)
    console = Console()
    if indicator is not None:
        console.print(_indicator_detail(fw, indicator))
        return
    console.print(_structure_table(fw))


def _structure_table(fw):
    from rich.table import Table

    table = Table(title=fw.title, caption=fw.regulation, show_lines=False)
    table.add_column(say("cli_col_no"), justify="right")
    table.add_column(say("cli_col_structure"))
    table.add_column(say("cli_col_weight"), justify="right")
    table.add_column(say("cli_col_scale"))
    for domain in fw.domains:
        table.add_row(
            f"D{domain.number}", f"[bold]{domain.name}[/]", f"[bold]{_weight(domain.weight)}[/]", "", end_section=False
        )
        for aspect in domain.aspects:
            table.add_row(f"A{aspect.number}", f"  [bold cyan]{aspect.name}[/]", _weight(aspect.weight), "")
            for ind in aspect.indicators:
                table.add_row(str(ind.number), f"    {ind.name}", _weight(ind.weight), ind.scale.name)
        table.add_section()
    total = sum((d.weight for d in fw.domains), start=type(fw.total_weight)(0))
    table.add_row("", say("cli_fw_total", n=len(fw.indicators)), f"[bold]{_weight(total)}[/]", "")
    return table


def _indicator_detail(fw, number: int):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    ind = fw.indicator(number)
    table = Table(say("cli_col_level"), say("cli_col_name"), say("cli_col_criteria"), show_lines=True)
    for level, name in ind.scale.levels.items():
        table.add_row(str(level), name, ind.criteria.get(level, ""))
    return Group(
        Text(say("cli_fw_indicator", n=ind.number, name=ind.name), style="bold"),
        Text(say("cli_fw_weight", weight=_weight(ind.weight), scale=ind.scale.name)),
        Text(ind.question),
        table,
    )


@app.command("check")
def check(path: Path = typer.Argument(..., help="A framework JSON file.")) -> None:
    """Validate a framework file: exit 0 if usable, 1 with every problem found."""
    from spbe_tui.domain.framework_loader import FrameworkError, load_framework_file

    try:
        fw = load_framework_file(path)
    except FrameworkError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(say("cli_fw_ok", path=path, id=fw.id, domains=len(fw.domains), aspects=len(fw.aspects),
                   indicators=len(fw.indicators)))
