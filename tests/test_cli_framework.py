import json
import subprocess
import sys

from typer.testing import CliRunner

from spbe_tui.cli import app
from spbe_tui.domain.framework_loader import bundled_framework_paths

runner = CliRunner()


def test_framework_show_lists_all_indicators_with_weights():
    result = runner.invoke(app, ["framework", "show", "spbe-2020"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for number in range(1, 48):
        assert any(line.split("│")[1].strip() == str(number) for line in lines if line.count("│") > 2), number
    assert "Tingkat Kematangan Layanan Publik Sektor 3" in result.output
    assert "2.75" in result.output and "45.50" in result.output and "100.00" in result.output


def test_framework_show_one_indicator():
    result = runner.invoke(app, ["framework", "show", "spbe-2020", "-i", "32"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Informasi" in result.output and "Optimum" in result.output


def test_framework_list():
    result = runner.invoke(app, ["framework", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "spbe-2020" in result.output and "spbe-2018" in result.output and "0–5" in result.output


def test_framework_check_ok_and_failing(tmp_path):
    good = bundled_framework_paths()["spbe-2018"]
    result = runner.invoke(app, ["framework", "check", str(good)])
    assert result.exit_code == 0 and "ok" in result.output
    data = json.loads(good.read_text(encoding="utf-8"))
    data["domains"][0]["weight"] = "18"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["framework", "check", str(bad)])
    assert result.exit_code == 1
    assert "domain 1: aspect weights sum to 17, but the domain weight is 18" in result.output


def test_user_errors_print_one_line_without_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "spbe_tui", "framework", "show", "nope"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: nope") and "Traceback" not in result.stderr


def test_help_runs_as_module():
    result = subprocess.run([sys.executable, "-m", "spbe_tui", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "framework" in result.stdout
