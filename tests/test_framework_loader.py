import copy
import json
from decimal import Decimal

import pytest

from spbe_tui.domain.framework_loader import (
    FrameworkError,
    bundled_framework_paths,
    load_framework,
    load_framework_file,
)


def test_bundled_frameworks_load_with_expected_shape(fw2020, fw2018):
    assert set(bundled_framework_paths()) == {"spbe-2020", "spbe-2018"}
    assert (len(fw2020.domains), len(fw2020.aspects), len(fw2020.indicators)) == (4, 8, 47)
    assert (len(fw2018.domains), len(fw2018.aspects), fw2018.indicator_count) == (3, 7, 35)
    assert len(fw2018.indicators) == 37  # indicator 35 is scored three times: 35, 35-2 (36), 35-3 (37)
    assert [d.weight for d in fw2020.domains] == [Decimal("13"), Decimal("25"), Decimal("16.5"), Decimal("45.5")]
    assert [d.weight for d in fw2018.domains] == [17, 28, 55]
    assert fw2020.indicator(42).weight == Decimal("3.00")
    assert fw2020.indicator(1).scale.levels[1] == "Rintisan"
    assert fw2020.indicator(32).scale.levels[1] == "Informasi"
    assert fw2018.indicator(1).scale.min_level == 0


def test_every_2020_indicator_has_question_and_five_criteria(fw2020):
    for ind in fw2020.indicators:
        assert ind.question and ind.short_name
        assert sorted(ind.criteria) == [1, 2, 3, 4, 5]
        assert sorted(ind.evidence_criteria) == [1, 2, 3, 4, 5]


def _raw(framework_id="spbe-2020"):
    return json.loads(bundled_framework_paths()[framework_id].read_text(encoding="utf-8"))


def _write(tmp_path, data, name="fw.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _problems(path):
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    assert str(path) in str(info.value)
    return info.value.problems


def test_indicator_weights_must_sum_to_their_aspect(tmp_path):
    data = _raw()
    data["domains"][1]["aspects"][0]["indicators"][0]["weight"] = "2.4"
    problems = _problems(_write(tmp_path, data))
    assert problems == ["aspect 2: indicator weights sum to 9.9, but the aspect weight is 10"]


def test_aspect_and_domain_weights_are_checked(tmp_path):
    data = _raw()
    data["domains"][2]["aspects"][1]["weight"] = "5"
    data["domains"][3]["weight"] = "45"
    problems = _problems(_write(tmp_path, data))
    assert "aspect 6: indicator weights sum to 4.5, but the aspect weight is 5" in problems
    assert "domain 3: aspect weights sum to 17, but the domain weight is 16.5" in problems
    assert "domains: domain weights sum to 99.5, but the total weight is 100" in problems


def test_duplicate_numbers_are_reported(tmp_path):
    data = _raw()
    data["domains"][0]["aspects"][0]["indicators"][1]["number"] = 1
    data["domains"][1]["aspects"][1]["number"] = 2
    problems = _problems(_write(tmp_path, data))
    assert "indicator 1: duplicate indicator number" in problems
    assert "aspect 2: duplicate aspect number" in problems


def test_every_level_of_a_scale_must_be_named(tmp_path):
    data = _raw()
    data["scales"]["kapabilitas_layanan"]["levels"]["3"] = ""
    del data["scales"]["kapabilitas_proses"]["levels"]["4"]
    problems = _problems(_write(tmp_path, data))
    assert "scale 'kapabilitas_layanan': level 3 has no name" in problems
    assert "scale 'kapabilitas_proses': level 4 is missing (levels must run without gaps)" in problems


def test_unknown_scale_and_criteria_outside_scale(tmp_path):
    data = _raw()
    ind = data["domains"][0]["aspects"][0]["indicators"][2]
    ind["criteria"]["6"] = "beyond the scale"
    data["domains"][3]["aspects"][1]["indicators"][0]["scale"] = "nope"
    problems = _problems(_write(tmp_path, data))
    assert "indicator 3: 'criteria' names level 6, which scale 'kapabilitas_proses' does not have" in problems
    assert "indicator 42: scale 'nope' is not defined under 'scales'" in problems


def test_weights_are_exact_decimals_not_floats(tmp_path):
    # 0.1 + 0.2 != 0.3 in binary; as decimals ten indicators of 1.3 are exactly 13.
    data = _raw()
    for ind in data["domains"][0]["aspects"][0]["indicators"]:
        ind["weight"] = 1.3  # a JSON number rather than a string
    assert load_framework_file(_write(tmp_path, data)).aspects[0].weight == 13


def test_malformed_json_names_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": 1,\n "id": }', encoding="utf-8")
    assert _problems(path) == ["line 2 column 8: Expecting value"]


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"id": "café"}'.encode("latin-1"))
    assert "not UTF-8" in _problems(path)[0]


def test_bands_must_tile(tmp_path):
    data = _raw()
    data["predikat"][1]["min"] = "3.6"
    problems = _problems(_write(tmp_path, data))
    assert any("'Baik' and 'Sangat Baik' leave a gap or overlap" in p for p in problems)


def test_unknown_framework_id():
    with pytest.raises(FrameworkError, match="no such framework"):
        load_framework("spbe-1999")


def test_a_framework_file_by_path_loads(tmp_path):
    data = copy.deepcopy(_raw("spbe-2018"))
    data["id"] = "custom"
    fw = load_framework(str(_write(tmp_path, data, "custom.json")))
    assert fw.id == "custom" and fw.indicator_count == 35
