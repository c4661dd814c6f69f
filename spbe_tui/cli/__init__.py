"""The `spbe-tui` command line.

Subcommand modules import their heavy dependencies (Textual, sqlite-utils, document parsers)
inside the command functions, so `--help` and quick commands start fast.
"""

from __future__ import annotations

import os
import sqlite3
import sys

import typer

from spbe_tui.cli import (
    assessor,
    assign,
    audit,
    demo,
    evaluation,
    evidence,
    export,
    framework,
    import_,
    lock,
    panel,
    passphrase,
    plain_params,
    recommend,
    report,
    review,
    reviu,
    sample,
    serve,
    ssh,
    status,
    team_level,
)
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

plain_params.install()  # before any command line is parsed: see the module for why

app = typer.Typer(
    name="spbe-tui",
    help="Review SPBE self-assessments, score indicators and export consolidated results.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _language(lang: str = typer.Option(None, "--lang", help="Language of messages and tables: id or en "
                                        "(default: $SPBE_TUI_LANG, else id).")) -> None:
    from spbe_tui.i18n import use_language

    use_language(lang)


app.add_typer(framework.app, name="framework")
app.add_typer(sample.app, name="sample")
app.add_typer(assessor.app, name="assessor")
app.add_typer(audit.app, name="audit")
app.add_typer(ssh.app, name="ssh")
app.add_typer(evaluation.app, name="evaluation")
app.add_typer(evidence.app, name="evidence")
app.command("ssh-session", hidden=True)(ssh.ssh_session)
app.command("demo")(demo.demo)
app.command("import")(import_.import_)
app.command("review")(review.review)
app.command("export")(export.export)
app.command("status")(status.status)
app.command("report")(report.report)
app.command("recommend")(recommend.recommend)
app.command("assign")(assign.assign)
app.command("lock")(lock.lock)
app.command("reveal")(lock.reveal)
app.command("team-level")(team_level.team_level)
app.command("reviu")(reviu.reviu)
app.command("panel")(panel.panel)
app.command("passphrase")(passphrase.passphrase)
app.command("serve")(serve.serve)

def main() -> None:
    """Entry point: user errors become one clear line and a non-zero exit, never a traceback."""
    try:
        app()
    except SpbeError as exc:
        typer.echo(say("error_line", message=exc), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo(say("interrupted"), err=True)
        sys.exit(130)
    except sqlite3.Error as exc:
        # What the services did not translate is still the disk, the file or a lock, not a bug to
        # show as one; the write transaction it broke was rolled back.
        if os.environ.get("SPBE_TUI_DEBUG"):
            raise
        from spbe_tui.services.database import storage_fault

        typer.echo(say("error_line", message=storage_fault(exc)), err=True)
        sys.exit(1)
    except OSError as exc:
        if os.environ.get("SPBE_TUI_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename is not None else ""
        from spbe_tui.os_text import os_reason

        typer.echo(say("error_line", message=f"{where}{os_reason(exc)}"), err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last guard before a user would see a traceback
        if os.environ.get("SPBE_TUI_DEBUG"):
            raise
        typer.echo(say("internal_error", kind=type(exc).__name__, message=exc), err=True)
        sys.exit(2)
