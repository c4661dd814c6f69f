"""The bundled sample set imports cleanly and has evidence of every supported kind."""

import getpass

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.paths import sample_dir
from spbe_tui.services.demo import prepare_demo
from spbe_tui.services.workspace import Workspace
from spbe_tui.storage.db import open_db
from tests.importing_helpers import db_content
from tests.reviewer_helpers import db_rows


def test_sample_bundles_import_without_problems(tmp_path):
    db_path = tmp_path / "spbe.db"
    db = open_db(db_path)
    report = run_import(sample_dir(), db, db_path, ImportOptions(user="t"))
    db.close()
    assert report.ok, report.problems
    assert report.warnings == []
    types = dict(db_rows(db_path, "SELECT id, type FROM instansi"))
    assert sorted(types.values()) == ["kabupaten", "kementerian", "provinsi"]
    assert db_rows(db_path, "SELECT count(*) FROM self_assessments") == [(3 * 47,)]
    kinds = {m: s for m, s in db_rows(db_path, "SELECT DISTINCT media_type, extract_status FROM evidence_files")}
    for media_type in ("application/pdf", "text/plain", "text/markdown", "text/csv", "image/png"):
        assert media_type in kinds
    assert any("wordprocessing" in m for m in kinds) and any("spreadsheet" in m for m in kinds)
    assert db_rows(db_path, "SELECT count(*) FROM evidence_files WHERE extract_status = 'failed'") == [(0,)]
    pages = db_rows(db_path, "SELECT max(page_count) FROM evidence_files WHERE media_type = 'application/pdf'")
    assert pages[0][0] >= 5


def test_sample_is_small_enough_for_git():
    size = sum(p.stat().st_size for p in sample_dir().rglob("*") if p.is_file())
    assert size < 3 * 1024 * 1024


def test_demo_preparation_imports_once_and_assigns_the_user(tmp_path):
    db_path = tmp_path / "demo.db"
    user = getpass.getuser()
    db = open_db(db_path)
    prepare_demo(db, db_path, user)
    first = db_content(db_path)
    prepare_demo(db, db_path, user)
    assert db_content(db_path) == first
    assert len(Workspace(db, user, db_path=db_path).instansi()) == 3
    db.close()
