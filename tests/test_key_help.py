"""Help, footer and README name the same keys: the help is built from the bindings, and the
README's key tables must list exactly the help's keys, in its order."""

import re
from pathlib import Path

from textual.binding import Binding

from spbe_tui.i18n import MESSAGES
from spbe_tui.ui.assessor_app import HELP_TOPICS as ASSESSOR_TOPICS
from spbe_tui.ui.panel_app import HELP_TOPICS as PANEL_TOPICS
from tests.panel_helpers import make_panel_db, open_panel
from tests.reviewer_helpers import make_review_db, open_app

README = Path(__file__).resolve().parents[1] / "README.md"
SPBE_TUI = Path(__file__).resolve().parents[1] / "spbe_tui"


def readme_key_tables() -> list[list[str]]:
    """The first column of every `| key | |` table in the README."""
    tables, current = [], None
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("| key | |"):
            current = []
            tables.append(current)
        elif current is not None and line.startswith("|"):
            if not line.startswith("|---"):
                current.append(line.split("|")[1].strip())
        else:
            current = None
    return tables


async def test_assessor_help_footer_and_readme_agree(tmp_path):
    app = open_app(make_review_db(tmp_path))
    async with app.run_test(size=(120, 40)):
        keys = [line.keys for line in app.help_lines()]
        assert readme_key_tables()[0] == keys
        # Every key the footer offers is explained in the help.
        footer_ids = {b.id for b in app.BINDINGS if isinstance(b, Binding) and b.show}
        assert footer_ids <= {i for topic in ASSESSOR_TOPICS for i in topic}


async def test_panel_help_and_readme_agree(tmp_path):
    app = open_panel(make_panel_db(tmp_path), "ani")
    async with app.run_test(size=(120, 40)):
        assert readme_key_tables()[1] == [line.keys for line in app.help_lines()]
        footer_ids = {b.id for b in app.BINDINGS if isinstance(b, Binding) and b.show}
        assert footer_ids <= {i for topic in PANEL_TOPICS for i in topic}


async def test_a_remapped_key_shows_in_the_help(tmp_path):
    from spbe_tui.ui.assessor_app import AssessorApp

    plain = open_app(make_review_db(tmp_path))
    app = AssessorApp(plain.workspace, plain.session, None, plain.t, {"next-undecided": "n,ctrl+n"})
    async with app.run_test(size=(80, 24)):
        assert "n, ctrl+n" in [line.keys for line in app.help_lines()]


def test_every_message_is_used():
    source = "\n".join(p.read_text(encoding="utf-8") for p in SPBE_TUI.rglob("*.py") if p.name != "i18n.py")
    # Keys built at run time: help topics, binding descriptions, counts and statuses by name.
    dynamic = re.compile(r"^(help_|key_|count_|status_)")
    unused = [k for k in MESSAGES if not dynamic.match(k) and f'"{k}"' not in source and f"'{k}'" not in source]
    assert unused == []
