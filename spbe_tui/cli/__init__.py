"""The `spbe-tui` command line.

Subcommand modules import their heavy dependencies (Textual, sqlite-utils, document parsers)
inside the command functions, so `--help` and quick commands start fast.
"""

from __future__ import annotations

import os
import sys

import typer

from spbe_tui.cli import (
    audit_cmd,
    demo_cmd,
    export_cmd,
    framework_cmd,
    import_cmd,
    panel_cmd,
    people_cmd,
    review_cmd,
    sample_cmd,
)
from spbe_tui.errors import SpbeError

app = typer.Typer(
    name="spbe-tui",
    help="Review SPBE self-assessments, score indicators and export consolidated results.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(framework_cmd.app, name="framework")
app.add_typer(sample_cmd.app, name="sample")
app.add_typer(people_cmd.assessor_app, name="assessor")
app.add_typer(audit_cmd.app, name="audit")
app.command("demo")(demo_cmd.demo)
app.command("import")(import_cmd.import_)
app.command("review")(review_cmd.review)
app.command("export")(export_cmd.export)
app.command("status")(export_cmd.status)
app.command("report")(export_cmd.report)
app.command("recommend")(export_cmd.recommend)
app.command("assign")(people_cmd.assign)
app.command("lock")(panel_cmd.lock)
app.command("reveal")(panel_cmd.reveal)
app.command("team-level")(panel_cmd.team_level)
app.command("reviu")(panel_cmd.reviu)
app.command("panel")(panel_cmd.panel)
app.command("serve")(panel_cmd.serve)


def main() -> None:
    """Entry point: user errors become one clear line and a non-zero exit, never a traceback."""
    try:
        app()
    except SpbeError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last guard before a user would see a traceback
        if os.environ.get("SPBE_TUI_DEBUG"):
            raise
        typer.echo(
            f"spbe-tui: internal error: {type(exc).__name__}: {exc}\n"
            "Nothing was left half-written. Run again with SPBE_TUI_DEBUG=1 to see the details.",
            err=True,
        )
        sys.exit(2)
