"""What the reviewer looks like, at the smallest promised size and a roomier one."""

import pytest

from tests.reviewer_helpers import make_review_db, open_app


@pytest.fixture
def app(tmp_path):
    return open_app(make_review_db(tmp_path), language="id")


def test_reviewer_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24))


def test_reviewer_120x40_after_setting_levels(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), press=["5", "down", "3", "down", "down"])


def test_help_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), press=["question_mark"])


def test_institution_picker_80x24(tmp_path, snap_compare):
    admin = open_app(make_review_db(tmp_path), assessor="admin1", language="en")
    assert snap_compare(admin, terminal_size=(80, 24), press=["ctrl+o"])
