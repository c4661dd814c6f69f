"""Every read path keeps another assessor's blind level and justification hidden until the blind
rule allows it: the palette export, status, the report and the history, at the service level
(the long export and the panel have their own tests in test_identity.py and test_panel_service.py)."""

import re

import pytest

from spbe_tui.services.evaluation import load_evaluation
from spbe_tui.services.report import build_report
from spbe_tui.services.scores import session_table
from spbe_tui.services.status import load_status
from spbe_tui.services.workspace import Workspace
from spbe_tui.writers.report_markdown import render_markdown
from spbe_tui.writers.report_text import SIGN_LINE
from tests.databases import open_database
from tests.panel_helpers import make_panel_db, panel, score

SECRET = "RAHASIA-ANI: bukti kebijakan belum ditetapkan"


@pytest.fixture
def db_path(tmp_path):
    path = make_panel_db(tmp_path)
    score(path, "ani", {n: 4 for n in range(1, 48)})
    db = open_database(path)
    session = Workspace(db, "ani", db_path=path).open("kab-uji", "dokumen")
    session.set_justification("dokumen", 7, SECRET, session.state(7).version)
    score(path, "budi", {7: 2})
    panel(path).set_team_level("ani", "dokumen", 7, 3, "disepakati tim", 0)  # a report needs a final level
    return path


def test_the_palette_export_holds_the_assessors_own_levels_only(db_path):
    db = open_database(db_path)
    table = session_table(Workspace(db, "budi", db_path=db_path).open("kab-uji", "dokumen"))
    assert {row[2] for row in table.rows} == {"budi"}
    assert next(row for row in table.rows if row[3] == 7)[5] == 2  # budi's level, not ani's 4
    assert SECRET not in repr(table.rows)


def test_status_and_report_hold_counts_and_agreed_levels_only(db_path):
    db = open_database(db_path)
    evaluation = load_evaluation(db)
    assert SECRET not in repr(load_status(db, evaluation))
    report = build_report(db, evaluation, "kab-uji")
    markdown = render_markdown(report)
    assert SECRET not in markdown
    # Only the team's agreed level of indicator 7 (3), never ani's own 4 or budi's 2; ani is
    # named only where the team is listed and signs.
    assert [(c.indicator.number, c.final_level) for c in report.comparisons if c.final_level] == [(7, 3)]
    assert [line for line in markdown.splitlines()[1:] if re.search(r"\bani\b", line)] == [
        "| Team chair | ani | ani |", f"| ani | Team chair | {SIGN_LINE} |"]


def test_history_shows_others_levels_only_once_the_rule_allows(db_path):
    def decisions_seen_by(viewer: str) -> set[str]:
        own_screen = panel(db_path)
        return {e.actor for e in own_screen.history(viewer, 7) if e.kind == "decision"}

    assert decisions_seen_by("budi") == {"budi"}  # his own, not ani's
    assert SECRET not in repr(panel(db_path).history("budi", 7))
    assert decisions_seen_by("admin1") == {"ani", "budi"}  # admins always
    score(db_path, "budi", {n: 2 for n in range(1, 48)})
    panel(db_path).lock("budi", "dokumen")
    assert decisions_seen_by("budi") == {"ani", "budi"}  # after submitting his own set
    assert decisions_seen_by("citra") == set()  # citra has decided nothing and not submitted
