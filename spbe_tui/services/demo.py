"""The demo database: the bundled sample, with the person trying it as the admin and chair."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.paths import sample_dir
from spbe_tui.services.evaluation import has_evaluation, instansi_with_submissions, load_evaluation
from spbe_tui.services.people_admin import add_assessor, assign_team, is_registered, role_on_team


def prepare_demo(db: Database, db_path: Path, person: str, on_import: Callable[[], None] = lambda: None) -> None:
    """Import the sample (first run only), register `person` as its admin and make them chair
    of every sample institution: through the same services, rights and events as real work.
    A second run changes nothing."""
    if not has_evaluation(db):
        on_import()
        report = run_import(sample_dir(), db, db_path, ImportOptions(user=person))
        if not report.ok:
            raise SpbeError(say("demo_import_failed", problems="; ".join(map(str, report.problems))))
    if not is_registered(db, person):
        add_assessor(db, person, person, None, ["admin", "assessor"])
    evaluation = load_evaluation(db)
    for instansi in instansi_with_submissions(db, evaluation):
        if role_on_team(db, evaluation, instansi.id, person) != "chair":
            assign_team(db, evaluation, person, instansi.id, [person], chair=person)
