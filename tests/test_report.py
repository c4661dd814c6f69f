"""`spbe-tui report` and `recommend`: content in both languages, ordering, escaping, golden files."""

from __future__ import annotations

import json
import os
import re
from datetime import date
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
    KAB_DOKUMEN,
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
TODAY = date(2026, 12, 2)


class FixedDate(date):
    """What `spbe-tui report` takes for today in the golden files."""

    @classmethod
    def today(cls) -> FixedDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


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


def in_language(monkeypatch, language: str) -> None:
    monkeypatch.setenv("SPBE_TUI_LANG", language)


def rendered(db, instansi: str, language: str, monkeypatch, render=render_markdown) -> str:
    in_language(monkeypatch, language)
    return render(build_report(db, load_evaluation(db), instansi, today=TODAY))


@pytest.mark.parametrize("language, summary", [("id", "indeks {index}; kepala log "),
                                               ("en", "index {index}; log head ")])
@pytest.mark.parametrize("suffix", ["md", "html"])
def test_report_matches_golden_file(db_path, tmp_path, monkeypatch, suffix, language, summary):
    in_language(monkeypatch, language)
    monkeypatch.setattr("spbe_tui.cli.report.date", FixedDate)
    out = tmp_path / f"kab-uji.{suffix}"
    result = run("report", "--db", db_path, "--instansi", "kab-uji", "--out", out)
    assert result.exit_code == 0, result.output
    index = half_up(recompute(kab_final())[2])
    assert summary.format(index=index.replace(".", "," if language == "id" else ".")) in result.output
    golden = GOLDEN / f"report_kab-uji{'' if language == 'id' else '.en'}.{suffix}"
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


def test_incomplete_institution_says_what_is_missing(db, monkeypatch):
    assert "belum lengkap: 1 indikator tanpa tingkat (I47)" in rendered(db, "kota-dua", "id", monkeypatch)
    assert "incomplete: 1 indicator(s) without a level (I47)" in rendered(db, "kota-dua", "en", monkeypatch)
    report = build_report(db, load_evaluation(db), "kota-dua")
    assert report.comparisons[-1].indicator.number == 47 and report.comparisons[-1].difference is None


def test_report_date_in_words_in_each_language(db, monkeypatch):
    assert "- **Tanggal laporan:** 2 Desember 2026" in rendered(db, "kab-uji", "id", monkeypatch)
    assert "- **Report date:** 2 December 2026" in rendered(db, "kab-uji", "en", monkeypatch)
    # The recommendation's date too (STAMP is 1 June 2025).
    assert "(ketua, 1 Juni 2025):" in rendered(db, "kab-uji", "id", monkeypatch)
    assert "(ketua, 1 June 2025):" in rendered(db, "kab-uji", "en", monkeypatch)


def test_numbers_take_a_decimal_comma_in_indonesian_and_a_point_in_english(db, monkeypatch):
    index = half_up(recompute(kab_final())[2])  # e.g. 3.26
    domain_1 = half_up(recompute(kab_final())[1][1])
    indonesian = rendered(db, "kab-uji", "id", monkeypatch)
    assert f"**{index.replace('.', ',')} — Baik**" in indonesian
    assert f"| **D1** | **Kebijakan Internal SPBE** | {domain_1.replace('.', ',')} |" in indonesian
    assert f"{index} —" not in indonesian
    english = rendered(db, "kab-uji", "en", monkeypatch)
    assert f"**{index} — Baik**" in english and f"| {domain_1} |" in english


def test_team_and_signature_block(db, monkeypatch):
    indonesian = rendered(db, "kab-uji", "id", monkeypatch)
    team = indonesian.split("## Tim penilai", 1)[1].split("## Pengesahan", 1)[0]
    assert [line for line in team.splitlines() if line.startswith("| ")] == [
        "| Peran | Nama | ID |", "| --- | --- | --- |", "| Ketua tim | ketua | ketua |", "| Anggota tim | ani | ani |",
        "| Anggota tim | budi | budi |", "| Tim Reviu | rina | rina |",
    ]
    signatures = indonesian.split("## Pengesahan", 1)[1]
    assert "Tempat, tanggal: ....." in signatures
    rows = [line for line in signatures.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Nama | Peran | Tanda tangan |"
    assert [row.split(" | ")[:2] for row in rows[2:]] == [
        ["| ketua", "Ketua tim"], ["| ani", "Anggota tim"], ["| budi", "Anggota tim"], ["| rina", "Tim Reviu"]]
    assert all(row.endswith("..... |") for row in rows[2:])  # a line to sign on
    english = rendered(db, "kab-uji", "en", monkeypatch)
    assert "| Team chair | ketua | ketua |" in english and "| Team member | ani | ani |" in english
    assert "Place, date: ....." in english and "| Name | Role | Signature |" in english


def test_without_a_reviu_the_tim_reviu_signs_on_a_blank_line(db, monkeypatch):
    markdown = rendered(db, "kota-dua", "id", monkeypatch)
    assert "Tim Reviu: belum ada reviu yang dicatat untuk instansi ini." in markdown
    assert re.search(r"^\|  \| Tim Reviu \| \.+ \|$", markdown, re.M)
    assert "Tim Reviu: no reviu has been recorded for this institution yet." in rendered(db, "kota-dua", "en",
                                                                                         monkeypatch)


def test_each_indicator_shows_the_team_justification_and_the_reviu(db, monkeypatch):
    def row(markdown: str, label: str) -> str:
        return next(line for line in markdown.splitlines() if line.startswith(f"| {label} |"))

    indonesian = rendered(db, "kab-uji", "id", monkeypatch)
    assert row(indonesian, "I10").endswith("| Penilaian Visitasi, tingkat 5: Tim visitasi |")
    assert row(indonesian, "I5").endswith(f"| Penilaian Dokumen, tingkat {KAB_DOKUMEN[5]}: Tim dokumen — "
                                          "Reviu: Tidak Valid, tingkat 2: Bukti tidak mendukung tingkat 5 |")
    assert row(indonesian, "I6").endswith("— Reviu: Valid |")
    assert "| Indikator | Nama | Mandiri | Final | Selisih | Justifikasi |" in indonesian
    english = rendered(db, "kab-uji", "en", monkeypatch)
    assert row(english, "I5").endswith(f"| Penilaian Dokumen, level {KAB_DOKUMEN[5]}: Tim dokumen — "
                                       "Reviu: Tidak Valid, level 2: Bukti tidak mendukung tingkat 5 |")
    assert "| Indicator | Name | Self | Final | Difference | Justification |" in english


def test_the_pedoman_rules_head_the_findings(db, monkeypatch):
    indonesian = rendered(db, "kab-uji", "id", monkeypatch)
    findings = indonesian.split("## Kekuatan, kelemahan dan pemenuhan per aspek", 1)[1].split("### A1", 1)[0]
    assert ("kekuatan adalah indikator pada tingkat 4–5, kelemahan adalah indikator pada tingkat 1–2, dan "
            "pemenuhan menghitung indikator pada tingkat 2–5") in findings
    assert "indikator pada tingkat 2 terhitung dalam pemenuhan dan sekaligus tercantum sebagai kelemahan" in findings
    assert "- **Pemenuhan (tingkat 2–5):** 10 dari 10 indikator" in indonesian
    english = rendered(db, "kab-uji", "en", monkeypatch)
    assert "strengths are the indicators at levels 4–5, weaknesses the indicators at levels 1–2" in english
    assert "An indicator at level 2 is therefore counted in the fulfilment and listed as a weakness" in english


def test_the_stage_reached_and_a_final_report(db, monkeypatch):
    indonesian = rendered(db, "kab-uji", "id", monkeypatch)
    assert "- **Tahap yang dicapai:** Penilaian Visitasi (tahap 3 dari 3)" in indonesian
    assert "- **Status nilai:** final: tahap terakhir (Penilaian Visitasi) telah dilaksanakan" in indonesian
    assert "SEMENTARA" not in indonesian and "sementara" not in indonesian
    english = rendered(db, "kab-uji", "en", monkeypatch)
    assert "- **Stage reached:** Penilaian Visitasi (stage 3 of 3)" in english and "rovisional" not in english


def test_before_the_last_stage_the_report_is_provisional(db, monkeypatch):
    indonesian = rendered(db, "kab-rumus", "id", monkeypatch)  # complete, but only Penilaian Dokumen held
    assert indonesian.splitlines()[2] == (
        "> **SEMENTARA — tahap terakhir evaluasi (Penilaian Visitasi) belum dilaksanakan. Tingkat dan nilai dalam "
        "laporan ini adalah nilai tim hingga tahap Penilaian Dokumen dan masih dapat berubah: laporan ini belum "
        "merupakan hasil akhir.**")
    assert "- **Tahap yang dicapai:** Penilaian Dokumen (tahap 1 dari 3)" in indonesian
    assert "- **Status nilai:** sementara: tahap terakhir (Penilaian Visitasi) belum dilaksanakan" in indonesian
    assert re.search(r"^\*\*\d,\d\d — \w[\w ]* \(sementara\)\*\*$", indonesian, re.M)
    assert "## Penilaian mandiri dibanding nilai sementara" in indonesian
    assert "| Indikator | Nama | Mandiri | Sementara | Selisih | Justifikasi |" in indonesian
    english = rendered(db, "kab-rumus", "en", monkeypatch)
    assert "> **PROVISIONAL — the evaluation's last stage (Penilaian Visitasi) has not been held yet." in english
    assert "| Indicator | Name | Self | Provisional | Difference | Justification |" in english
    html = rendered(db, "kab-rumus", "en", monkeypatch, render_html)
    assert '<html lang="en">' in html and '<p class="provisional">PROVISIONAL — ' in html


@pytest.mark.parametrize("held, reached, provisional", [
    ("INSERT INTO reveals (evaluation_id, instansi_id, stage, revealed_by, revealed_at) "
     "VALUES (1, 'kab-rumus', 'interviu', 'ketua', '2025-06-02')", "interviu", True),
    # kab-rumus's team is its chair alone: the chair's submitted set is the whole team's.
    ("INSERT INTO stage_locks (evaluation_id, instansi_id, assessor_id, stage, locked_at) "
     "VALUES (1, 'kab-rumus', 'ketua', 'visitasi', '2025-06-02')", "visitasi", False),
])
def test_a_stage_is_held_once_revealed_or_submitted_by_the_whole_team(db_path, held, reached, provisional):
    db = open_db(db_path)
    with write(db):
        db.execute(held)
    report = build_report(db, load_evaluation(db), "kab-rumus", today=TODAY)
    db.close()
    assert (report.reached.id, report.provisional) == (reached, provisional)


def test_a_provisional_report_to_standard_output_says_so_on_standard_error(db_path, monkeypatch):
    in_language(monkeypatch, "id")
    result = run("report", "--db", db_path, "--instansi", "kab-rumus", "--out", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Laporan Hasil Evaluasi SPBE: ") and "> **SEMENTARA — " in result.stdout
    assert re.fullmatch(r"kab-rumus, indeks \d,\d\d \(sementara\); kepala log \d+:[0-9a-f]{64}\n", result.stderr)


def test_one_member_submitting_does_not_hold_the_stage(db_path):
    db = open_db(db_path)
    with write(db):
        db.execute("INSERT INTO stage_locks (evaluation_id, instansi_id, assessor_id, stage, locked_at) "
                   "VALUES (1, 'kab-uji', 'ani', 'visitasi', '2025-06-02')")
        db.execute("DELETE FROM team_levels WHERE instansi_id = 'kab-uji' AND stage = 'visitasi'")
    report = build_report(db, load_evaluation(db), "kab-uji", today=TODAY)
    db.close()
    assert (report.reached.id, report.provisional) == ("interviu", True)  # ani, not budi and ketua


def test_markdown_escapes_database_text(db):
    report = build_report(db, load_evaluation(db), "kab-uji")
    markdown = render_markdown(report)
    assert "\\<script\\>" in markdown and "<script>" not in markdown
    assert "\\# bukan judul" in markdown and "\n# bukan judul" not in markdown
    assert "\\[tautan\\](http://contoh.invalid)" in markdown and "SPBE \\| segera" in markdown
    for line in markdown.splitlines():  # every table row keeps its column count
        if line.startswith("| I"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 7


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


@pytest.mark.parametrize("language, refusal", [
    ("en", "kota-dua has no final level yet in Evaluasi SPBE 2025"),
    ("id", "kota-dua belum memiliki nilai final dalam Evaluasi SPBE 2025"),
])
def test_no_report_for_an_institution_without_any_final_level(tmp_path, monkeypatch, language, refusal):
    from tests.reviewer_helpers import make_review_db

    in_language(monkeypatch, language)
    db_path = make_review_db(tmp_path)  # submissions imported, nobody has scored yet
    out = tmp_path / "laporan.md"
    result = run("report", "--db", db_path, "--instansi", "kota-dua", "--out", out)
    assert result.exit_code == 1 and not out.exists()
    assert refusal in str(result.exception)
