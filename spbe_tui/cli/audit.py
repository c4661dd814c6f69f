"""`spbe-tui audit verify|head|seal`: check the event log's hash chain against heads printed
earlier and the admins' seals, print the head, seal it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from spbe_tui.cli.options import DbOption, acting_as, in_ssh_session, open_database, resolve_db
from spbe_tui.errors import SpbeError

if TYPE_CHECKING:
    from spbe_tui.services.audit import LogReport

app = typer.Typer(help="Check the tamper-evident event log.", no_args_is_help=True)


@app.command("verify")
def verify(
    db: Path = DbOption,
    head: list[str] = typer.Option(
        None, "--head", metavar="N:HASH",
        help="A log head printed earlier (by an export, a report or `audit head`); the log must still "
             "extend it: event N there, with that hash. Repeatable.",
    ),
    allowed_signers: Path = typer.Option(
        None, "--allowed-signers",
        help="ssh-keygen allowed-signers file to check the seals' signatures with (default: "
             "<db stem>-allowed_signers beside the database; without it the seals are reported unchecked).",
        show_default=False,
    ),
) -> None:
    """Walk the event log, check each --head and each seal beside the database; exit 1 on any failure."""
    from spbe_tui.services.audit import parse_head, verify_log

    heads = [parse_head(text) for text in head or []]  # a mistyped head is refused before any work
    if allowed_signers is not None:
        if in_ssh_session():
            # The service account would read whatever file was named; over SSH only its own is used.
            raise SpbeError("--allowed-signers is not available over SSH; the file beside the database is used")
        if not allowed_signers.is_file():
            raise SpbeError(f"{allowed_signers}: no such allowed-signers file")
    with open_database(db, read_only=True) as database:
        report = verify_log(database, heads, db_path=resolve_db(db), allowed_signers=allowed_signers)
    lines = _report_lines(report)
    typer.echo("\n".join(lines), err=report.failed)
    if report.failed:
        raise typer.Exit(1)


def _report_lines(report: LogReport) -> list[str]:
    """The verdict first (`ok: …`, a BROKEN or FAILED line), then one line per head and seal."""
    from spbe_tui.safe_text import inert
    from spbe_tui.services.audit import Outcome

    checks = [inert(f"{c.subject}: {c.outcome.value}: {c.detail}") for c in report.checks]
    failed = [c for c in report.checks if c.outcome is Outcome.FAILED]
    if report.broken is not None:
        broken = report.broken
        return [f"BROKEN at event {broken.event_id}: {broken.reason} "
                f"({report.checked} entries before it are intact)", *checks]
    if report.damaged:
        return [inert(f"DAMAGED: {c.detail}") for c in report.checks]
    if failed:
        intact = f"chain intact: {report.checked} events, head {report.head}"
        return [inert(f"FAILED: {failed[0].subject}: {failed[0].detail}"), intact, *checks]
    unchecked = sum(1 for c in report.checks if c.outcome is Outcome.UNCHECKED)
    note = f"; {unchecked} seal{'s' if unchecked > 1 else ''} unchecked" if unchecked else ""
    return [f"ok: {report.checked} events, head {report.head}, chain intact, tables match the log{note}", *checks]


@app.command("head")
def show_head(db: Path = DbOption) -> None:
    """Print the log head, N:HASH (N events, the last one's sha256), for `audit verify --head`."""
    from spbe_tui.services.audit import current_head

    with open_database(db, read_only=True) as database:
        typer.echo(str(current_head(database)))


@app.command("seal")
def seal(
    key: Path = typer.Option(..., "--key", help="Your SSH private key (or its .pub with the key in ssh-agent)."),
    db: Path = DbOption,
) -> None:
    """Sign the log head with your SSH key into <db stem>-seals/ beside the database (admins only)."""
    from spbe_tui.services.audit import seal_log
    from spbe_tui.writers.atomic import atomic_write

    with open_database(db, read_only=True) as database:
        sealed = seal_log(database, resolve_db(db), acting_as(database, None), key)
    # The message before its signature: a seal is found by its .sig, which never lacks a message.
    for path, content in ((sealed.message_path, sealed.message), (sealed.signature_path, sealed.signature)):
        with atomic_write(path) as handle:
            handle.write(content)
    typer.echo(f"sealed head {sealed.head}: {sealed.signature_path}")
