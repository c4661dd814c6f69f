"""`spbe-tui audit verify|head|seal`: check the event log's hash chain against heads printed
earlier and the admins' seals, print the head, seal it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from spbe_tui.cli.options import DbOption, acting_as, in_ssh_session, open_database, resolve_db
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

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
            raise SpbeError(say("cli_signers_over_ssh"))
        if not allowed_signers.is_file():
            raise SpbeError(say("cli_no_signers_file", path=allowed_signers))
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

    checks = [inert(say("cli_audit_check", subject=c.subject, outcome=say(f"cli_outcome_{c.outcome.name.lower()}"),
                        detail=c.detail))
              for c in report.checks]
    failed = [c for c in report.checks if c.outcome is Outcome.FAILED]
    if report.broken is not None:
        broken = report.broken
        return [say("cli_audit_broken", event=broken.event_id, reason=broken.reason, checked=report.checked), *checks]
    if report.damaged:
        return [inert(say("cli_audit_damaged", detail=c.detail)) for c in report.checks]
    if failed:
        intact = say("cli_audit_intact", checked=report.checked, head=report.head)
        return [inert(say("cli_audit_failed", subject=failed[0].subject, detail=failed[0].detail)), intact, *checks]
    unchecked = sum(1 for c in report.checks if c.outcome is Outcome.UNCHECKED)
    note = ""
    if unchecked:
        note = say("cli_audit_unchecked_many" if unchecked > 1 else "cli_audit_unchecked_one", n=unchecked)
    return [say("cli_audit_ok", checked=report.checked, head=report.head, note=note), *checks]


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
    typer.echo(say("cli_sealed", head=sealed.head, path=sealed.signature_path))
