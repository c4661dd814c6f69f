"""`spbe-tui report` and `recommend`: content, ordering, escaping, golden files."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spbe_tui.errors import SpbeError
from spbe_tui.services.evaluation import load_evaluation
from spbe_tui.services.recommendations import recommend
from spbe_tui.services.report import build_report
from spbe_tui.storage.db import open_db, write
from spbe_tui.writers.report_html import render_html
from spbe_tui.writers.report_markdown import md_text, render_markdown
from tests.reviewer_helpers import SELF_LEVELS, db_rows
from tests.scores_helpers import (
    ASPECT_INDICATORS,
    FORMULA_NAME,
    STAMP,
    band,
    cli_app,
    half_up,
    kab_final,
    make_scores_db,
    recompute,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
# The log head in the footer hashes the import times, so it differs on every run: the golden
# files hold it as N:HASH (tests/test_audit_head.py checks the real one).
LOG_HEAD = re.compile(rb"\b(\d+):[0-9a-f]{64}\b")
NOTE = ("Tetapkan Perbup arsitektur SPBE | segera.\n# bukan judul\n"
        "<script>alert('x')</script> [tautan](http://contoh.invalid)")


@pytest.fixture
def db_path(tmp_path):
    path = make_scores_db(tmp_path)
    db = open_db(path)
    recommend(db, load_evaluation(db), "kab-uji", 2, NOTE, "ketua")
    with write(db):
        db.execute("UPDATE recommendations SET updated_at = ?", [STAMP])
    db.close()
    return path


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def run(*args):
    return CliRunner().invoke(cli_app(), [str(a) for a in args])


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_report_matches_golden_file(db_path, tmp_path, suffix):
    out = tmp_path / f"kab-uji.{suffix}"
    result = run("report", "--db", db_path, "--instansi", "kab-uji", "--out", out)
    assert result.exit_code == 0, result.output
    assert f"indeks {half_up(recompute(kab_final())[2])}" in result.output
    golden = GOLDEN / f"report_kab-uji.{suffix}"
    content = LOG_HEAD.sub(rb"\1:HASH", out.read_bytes())
    if UPDATE:
        golden.write_bytes(content)
    assert content == golden.read_bytes(), "UPDATE_GOLDEN=1 regenerates the golden file"


def test_values_findings_and_order(db):
    report = build_report(db, load_evaluation(db), "kab-uji")
    final = kab_final()
    aspects, domains, index = recompute(final)
    assert report.result.index == index and report.result.predikat() == band(index)
    assert [d.value for d in report.domains] == [domains[n] for n in (1, 2, 3, 4)]
    for findings in report.aspects:
        numbers = ASPECT_INDICATORS[findings.aspect.number]
        assert findings.value == aspects[findings.aspect.number]
        assert [c.indicator.number for c in findings.strengths] == [n for n in numbers if final[n] >= 4]
        assert [c.indicator.number for c in findings.weaknesses] == [n for n in numbers if final[n] <= 2]
        assert findings.pemenuhan == sum(1 for n in numbers if final[n] >= 2)
    differences = [abs(c.final_level - c.self_level) for c in report.comparisons]
    assert differences == sorted(differences, reverse=True)
    first = report.comparisons[0]
    assert abs(first.difference) == max(abs(final[n] - SELF_LEVELS[n]) for n in final)
    assert report.aspects[1].recommendation.text == NOTE and report.aspects[0].recommendation is None


def test_incomplete_institution_says_what_is_missing(db):
    report = build_report(db, load_evaluation(db), "kota-dua")
    assert "belum lengkap: 1 indikator tanpa nilai final (I47)" in render_markdown(report)
    assert report.comparisons[-1].indicator.number == 47 and report.comparisons[-1].difference is None


def test_markdown_escapes_database_text(db):
    report = build_report(db, load_evaluation(db), "kab-uji")
    markdown = render_markdown(report)
    assert "\\<script\\>" in markdown and "<script>" not in markdown
    assert "\\# bukan judul" in markdown and "\n# bukan judul" not in markdown
    assert "\\[tautan\\](http://contoh.invalid)" in markdown and "SPBE \\| segera" in markdown
    for line in markdown.splitlines():  # every table row keeps its column count
        if line.startswith("| I"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 6


@pytest.mark.parametrize("text, expected", [
    ("a|b", "a\\|b"), ("# x", "\\# x"), ("- x", "\\- x"), ("1. x", "1\\. x"), ("3.21", "3.21"),
    ("<b>", "\\<b\\>"), ("*x* _y_", "\\*x\\* \\_y\\_"), ("a\nb", "a b"), ("\x1b[31m", "␛\\[31m"),
])
def test_md_text(text, expected):
    assert md_text(text) == expected


def test_html_escapes_database_text(db):
    with write(db):
        db.execute("UPDATE instansi SET name = ? WHERE id = 'kab-uji'",
                   ['<img src=x onerror="alert(1)"> & ' + FORMULA_NAME])
    html = render_html(build_report(db, load_evaluation(db), "kab-uji"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp;" in html
    # Only the report's own tags: nothing from the database became markup that runs or fetches.
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "dl", "dt", "dd", "p", "table",
                    "thead", "tbody", "tr", "th", "td", "div", "ul", "li", "strong"}


def test_report_refuses_other_suffixes_and_unknown_institutions(db_path, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run("report", "--db", db_path, "--instansi", "kab-uji", "--out", out / "r.pdf")
    assert isinstance(result.exception, SpbeError)
    result = run("report", "--db", db_path, "--instansi", "kab-tidak-ada", "--out", out / "r.md")
    assert isinstance(result.exception, SpbeError) and "kab-tidak-ada" in str(result.exception)
    assert list(out.iterdir()) == []


def test_recommend_command_sets_logs_and_removes(db_path):
    def note(text: str):
        return run("recommend", "--db", db_path, "--instansi", "kota-dua", "--aspect", "3", "--text", text,
                   "--as", "ketua")

    result = note("Perkuat TIK\r\n")
    assert result.exit_code == 0 and "recommendation set" in result.output
    assert db_rows(db_path, "SELECT aspect, text, author FROM recommendations WHERE instansi_id = 'kota-dua'") == [
        (3, "Perkuat TIK", "ketua")
    ]
    event = db_rows(db_path, "SELECT actor, kind, instansi_id, new_value FROM events "
                             "WHERE kind = 'recommendation' ORDER BY id DESC LIMIT 1")[0]
    assert event[:3] == ("ketua", "recommendation", "kota-dua")
    assert json.loads(event[3]) == {"aspect": 3, "text": "Perkuat TIK"}
    assert "unchanged" in note("Perkuat TIK").output
    assert "removed" in note("").output
    assert db_rows(db_path, "SELECT count(*) FROM recommendations WHERE instansi_id = 'kota-dua'") == [(0,)]


@pytest.mark.parametrize("args, message", [
    (["--aspect", "9", "--as", "ani"], "no aspect 9"),
    (["--aspect", "1", "--as", "siapa"], "not registered"),
])
def test_recommend_refuses_bad_input(db_path, args, message):
    result = run("recommend", "--db", db_path, "--instansi", "kab-uji", "--text", "x", *args)
    assert isinstance(result.exception, SpbeError) and message in str(result.exception)


def test_no_report_for_an_institution_without_any_final_level(tmp_path):
    from tests.reviewer_helpers import make_review_db

    db_path = make_review_db(tmp_path)  # submissions imported, nobody has scored yet
    out = tmp_path / "laporan.md"
    result = run("report", "--db", db_path, "--instansi", "kota-dua", "--out", out)
    assert result.exit_code == 1 and not out.exists()
    assert "kota-dua has no final level yet in Evaluasi SPBE 2025" in str(result.exception)
