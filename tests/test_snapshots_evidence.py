"""Evidence on the full screen, at the smallest promised size and a roomier one, in both
languages: a regulation (PDF), a workbook sheet and a screenshot."""

import pytest

from tests import evidence_ui_helpers
from tests.evidence_ui_helpers import full_screen
from tests.reviewer_helpers import open_app

# The shared fixtures (a database built once per module, a copy per test), where pytest looks for them.
evidence_template, evidence_db = evidence_ui_helpers.evidence_template, evidence_ui_helpers.evidence_db

KINDS = {"pdf": "regulasi", "table": "rekap", "image": "layar"}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_evidence_full_screen(snap_compare, evidence_db, kind, language, size):
    """Each file as `f` first shows it: the PDF's first page, the workbook's first of three
    sheets, the whole screenshot."""
    app = open_app(evidence_db, language=language)

    async def run_before(pilot):
        await full_screen(pilot, KINDS[kind])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
