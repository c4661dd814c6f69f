"""What the reviewer looks like, at the smallest promised size and a roomier one, in both
languages."""

import pytest

from tests.reviewer_helpers import make_review_db, open_app

SIZES = [(80, 24), (120, 40)]
LANGUAGES = ["id", "en"]


@pytest.fixture(scope="module")
def review_db(tmp_path_factory):
    return make_review_db(tmp_path_factory.mktemp("snap"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_reviewer(snap_compare, tmp_path, review_db, language, size):
    app = open_app(_copy(review_db, tmp_path), language=language)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_help(snap_compare, tmp_path, review_db, language, size):
    app = open_app(_copy(review_db, tmp_path), language=language)
    assert snap_compare(app, terminal_size=size, press=["question_mark"])


def test_reviewer_120x40_after_confirming_and_setting_levels(snap_compare, tmp_path, review_db):
    app = open_app(_copy(review_db, tmp_path), language="id")
    assert snap_compare(app, terminal_size=(120, 40), press=["space", "3", "down", "space"])


def test_the_justification_box_shows_it_has_the_keys(snap_compare, tmp_path, review_db):
    app = open_app(_copy(review_db, tmp_path), language="id")
    assert snap_compare(app, terminal_size=(80, 24), press=["tab", "tab"])


def test_institution_picker_80x24(tmp_path, snap_compare, review_db):
    admin = open_app(_copy(review_db, tmp_path), assessor="admin1", language="en")
    assert snap_compare(admin, terminal_size=(80, 24), press=["ctrl+o"])


def _copy(db_path, tmp_path):
    """Each test its own database: a snapshot must not see another test's levels."""
    import shutil

    target = tmp_path / "snap"
    shutil.copytree(db_path.parent, target)
    return target / db_path.name
