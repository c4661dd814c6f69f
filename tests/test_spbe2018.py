"""The 2018 framework (PermenPANRB 5/2018) as the one public 2018–2019 evaluation application
scores it: Kota Denpasar's, whose stored 2019 result is reproduced here end to end.

Indicator 35 (Layanan Publik Instansi Pemerintah) is scored as three public services — items
35, 35-2 and 35-3, entries 35, 36 and 37 — equally weighted with 32–34 (issue #15)."""

from __future__ import annotations

import copy
import csv
import io
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from spbe_tui.domain.framework import UnknownIndicator
from spbe_tui.domain.framework_loader import (
    FrameworkError,
    bundled_framework_paths,
    load_framework,
    load_framework_file,
)
from spbe_tui.domain.index import compute_index, rounded

# Denpasar 2019, final levels: 1–24 at 3; 25–31; the six Layanan Publik items 32, 33, 34, 35, 35-2, 35-3.
DENPASAR_2019 = {
    **{n: 3 for n in range(1, 25)},
    **dict(zip(range(25, 32), (3, 3, 4, 4, 4, 3, 4), strict=True)),
    **dict(zip(range(32, 38), (4, 3, 4, 3, 4, 4), strict=True)),
}
ASPECTS = ["3.00", "3.00", "3.00", "3.00", "3.00", "3.57", "3.67"]
DOMAINS = ["3.00", "3.00", "3.61"]
INDEX = "3.33"


def _shown(values: dict[int, Fraction]) -> list[str]:
    return [str(rounded(values[n])) for n in sorted(values)]


def test_indicator_35_is_scored_as_three_items(fw2018):
    assert fw2018.indicator_count == 35 and len(fw2018.indicators) == 37
    public = fw2018.aspect_by_number[7]
    assert [i.label for i in public.indicators] == ["32", "33", "34", "35", "35-2", "35-3"]
    assert [i.number for i in fw2018.items_of(35)] == [35, 36, 37]
    assert [i.item_of for i in public.indicators] == [None, None, None, None, 35, 35]
    # Six equally weighted items filling the aspect's 20, exactly; domains still 17/28/55.
    assert {i.exact_weight for i in public.indicators} == {Fraction(20, 6)}
    assert public.weight == 20 and [d.weight for d in fw2018.domains] == [17, 28, 55]
    assert sum(i.exact_weight for i in fw2018.indicators) == fw2018.total_weight == 100
    assert fw2018.indicator(36).weight.quantize(Decimal("0.01")) == Decimal("3.33")  # for display
    assert fw2018.indicator_for_label("35-3").number == 37
    assert fw2018.indicator_for_label("12") is fw2018.indicator(12)
    with pytest.raises(UnknownIndicator):
        fw2018.indicator_for_label("35-4")


def test_labels_default_to_the_number(fw2018, fw2020):
    assert all(i.label == str(i.number) and i.item_of is None for i in fw2020.indicators)
    assert fw2020.indicator_count == len(fw2020.indicators) == 47
    assert fw2018.indicator(35).label == "35"


def test_justification_names_the_item_by_its_label(fw2018):
    assert "Indikator 35-2 (Layanan Publik Instansi Pemerintah (layanan ke-2))" in fw2018.justification(36, 4)
    assert "Indikator 12 (" in fw2018.justification(12, 3)


def test_denpasar_2019_reproduced(fw2018):
    result = compute_index(fw2018, DENPASAR_2019)
    assert result.complete
    assert _shown(result.aspects) == ASPECTS
    assert _shown(result.domains) == DOMAINS
    assert result.index_display == INDEX and result.predikat() == "Baik"
    # Exactly: aspect 7 = 22/6, domain 3 = (5 × 25 + 20 × 22/6) / 55, index = Σ level × weight / 100.
    assert result.aspects[7] == Fraction(22, 6)
    assert result.domains[3] == (5 * 25 + 20 * Fraction(22, 6)) / 55
    assert result.index == (17 * 3 + 28 * 3 + 55 * result.domains[3]) / 100


def test_only_six_items_reproduce_the_stored_aspect_value(fw2018):
    """The four-indicator reading (35 scored once, weight 5 each) gives 3.50, not Denpasar's 3.67."""
    four = [4, 3, 4, 3]
    assert rounded(Fraction(sum(four), len(four))) == Decimal("3.50")
    six = [DENPASAR_2019[n] for n in range(32, 38)]
    assert rounded(Fraction(sum(six), len(six))) == Decimal("3.67")


def test_an_item_without_its_level_leaves_the_aspect_open(fw2018):
    levels = {n: lv for n, lv in DENPASAR_2019.items() if n != 37}
    result = compute_index(fw2018, levels)
    assert result.missing == (37,) and 7 not in result.aspects and 3 not in result.domains
    assert result.index is None and _shown(result.aspects) == ASPECTS[:6]


# --- the file format -------------------------------------------------------------------------------


def _raw(framework_id: str) -> dict:
    return json.loads(bundled_framework_paths()[framework_id].read_text(encoding="utf-8"))


def _public(data: dict) -> list[dict]:
    return data["domains"][2]["aspects"][1]["indicators"]


def _problems(tmp_path, data: dict) -> list[str]:
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    return info.value.problems


def test_format_1_files_still_load(tmp_path, fw2020):
    data = _raw("spbe-2020")
    assert data["format"] == 1
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_framework_file(path).weight_units == fw2020.weight_units


def test_format_1_refuses_items_labels_and_fractions(tmp_path):
    data = _raw("spbe-2018")
    data["format"] = 1
    problems = _problems(tmp_path, data)
    assert "indicator 32: weight '10/3': fractions need format 2" in problems
    assert "indicator 36: 'label' needs format 2" in problems
    assert "indicator 37: 'item_of' needs format 2" in problems


def test_unknown_format_is_refused(tmp_path):
    data = _raw("spbe-2018")
    data["format"] = 3
    assert _problems(tmp_path, data) == ["format: expected format 1 or 2, found 3"]


def test_labels_must_be_unique(tmp_path):
    data = _raw("spbe-2018")
    _public(data)[5]["label"] = "35-2"
    _public(data)[0]["label"] = "12"
    problems = _problems(tmp_path, data)
    assert "indicator 37: label '35-2' is also indicator 36's label" in problems
    assert "indicator 32: label '12' is also indicator 12's label" in problems


@pytest.mark.parametrize(
    "item_of, message",
    [
        (99, "indicator 36: 'item_of' 99 is not an indicator of aspect 7"),
        (1, "indicator 36: 'item_of' 1 is not an indicator of aspect 7"),
        (36, "indicator 36: 'item_of' names the indicator itself"),
        (37, "indicator 36: 'item_of' 37 is itself an item of indicator 35"),
        ("35", "indicator 36: 'item_of' must be an indicator number (found '35')"),
    ],
)
def test_item_of_must_name_an_indicator_of_the_same_aspect(tmp_path, item_of, message):
    data = _raw("spbe-2018")
    _public(data)[4]["item_of"] = item_of
    assert message in _problems(tmp_path, data)


def test_an_item_is_scored_on_its_indicators_scale(tmp_path):
    data = _raw("spbe-2018")
    _public(data)[5]["scale"] = "proses_2018"
    assert "indicator 37: scale 'proses_2018' differs from indicator 35's 'layanan_2018'" in _problems(tmp_path, data)


def test_bad_labels_are_refused(tmp_path):
    data = _raw("spbe-2018")
    _public(data)[4]["label"] = ""
    _public(data)[5]["label"] = 7
    problems = _problems(tmp_path, data)
    assert "indicator 36: 'label' must be a non-empty text without surrounding spaces" in problems
    assert "indicator 37: 'label' must be a non-empty text without surrounding spaces" in problems


def test_fraction_weights_are_summed_exactly(tmp_path):
    data = _raw("spbe-2018")
    _public(data)[5]["weight"] = "3/1"
    assert _problems(tmp_path, data) == [
        "aspect 7: indicator weights sum to 59/3, but the aspect weight is 20",
    ]
    data = _raw("spbe-2018")
    _public(data)[5]["weight"] = "10/0"
    assert "indicator 37: weight '10/0' divides by zero" in _problems(tmp_path, data)


def test_the_2018_file_says_where_the_items_come_from():
    notes = _raw("spbe-2018")["notes"]
    assert "Denpasar" in notes and "2019" in notes and "35-2" in notes and "Belum dipastikan" in notes


def test_a_copy_of_the_2018_file_loads_by_path(tmp_path):
    data = copy.deepcopy(_raw("spbe-2018"))
    data["id"] = "copy"
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fw = load_framework(str(path))
    assert fw.indicator(37).label == "35-3"
    assert compute_index(fw, DENPASAR_2019).index_display == INDEX


# --- command line ----------------------------------------------------------------------------------


def test_framework_show_and_check_spbe_2018():
    from spbe_tui.cli import app

    runner = CliRunner(env={"COLUMNS": "200"})
    shown = runner.invoke(app, ["framework", "show", "spbe-2018"])
    assert shown.exit_code == 0, shown.output
    assert "Layanan Publik Instansi Pemerintah (layanan ke-3)" in shown.output
    assert "3.33" in shown.output and "37 indicators" in shown.output and "100.00" in shown.output
    detail = runner.invoke(app, ["framework", "show", "spbe-2018", "--indicator", "36"])
    assert detail.exit_code == 0 and "Weight 3.33" in detail.output
    checked = runner.invoke(app, ["framework", "check", str(bundled_framework_paths()["spbe-2018"])])
    assert checked.exit_code == 0 and "37 indicators" in checked.output


def test_denpasar_2019_import_and_export(tmp_path):
    """A bundle for spbe-2018 with the Denpasar levels, imported, then exported: the exported
    aspect, domain and index values are Denpasar's stored ones."""
    from spbe_tui.importing.importer import ImportOptions, run_import
    from spbe_tui.storage.db import open_db
    from tests.importing_helpers import write_bundle
    from tests.scores_helpers import cli_app

    bundle = write_bundle(tmp_path / "b" / "kota-denpasar", "kota-denpasar", levels=DENPASAR_2019,
                          name="Pemerintah Kota Denpasar", framework="spbe-2018", year=2019)
    db_path = tmp_path / "denpasar.db"
    db = open_db(db_path)
    try:
        assert run_import(bundle, db, db_path, ImportOptions(user="t")).ok
    finally:
        db.close()
    out = tmp_path / "denpasar.csv"
    result = CliRunner().invoke(cli_app(), ["export", "--db", str(db_path), "--out", str(out), "--stage", "mandiri"])
    assert result.exit_code == 0, (result.output, result.exception)
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    assert row["framework"] == "spbe-2018" and row["complete"] == "true"
    assert [row[f"A{n}"] for n in range(1, 8)] == ASPECTS
    assert [row[f"D{n}"] for n in range(1, 4)] == DOMAINS
    assert (row["indeks"], row["predikat"]) == (INDEX, "Baik")
    # The items are columns of their own, named as the application names them.
    assert [int(row[f"I{label}"]) for label in ("32", "33", "34", "35", "35-2", "35-3")] == [4, 3, 4, 3, 4, 4]
