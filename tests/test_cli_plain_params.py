"""Plain options coerce without pydantic and exactly as typer would: the same value, or typer's
own BadParameter with typer's own message."""

from __future__ import annotations

import os
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Literal

import pytest
import typer
import typer.main
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from spbe_tui.cli import plain_params

plain_params.install()  # the CLI package did it on import; twice must be harmless


class Shade(str, Enum):
    light = "light"
    dark = "dark"


class Count(Enum):  # values not strings: always typer's
    one = 1


def _probe_command():
    """A command with one parameter of each kind, plain and not, as typer builds them."""
    probe = typer.Typer()

    @probe.command()
    def run(
        word: str = typer.Option(None, "--word"),
        year: int = typer.Option(None, "--year"),
        flag: bool = typer.Option(None, "--flag"),
        where: Path = typer.Option(None, "--where"),
        where_arg: Path = typer.Argument(None),
        ranged: int = typer.Option(None, "--ranged", min=1),
        parsed: int = typer.Option(None, "--parsed", parser=int),
        existing: Path = typer.Option(None, "--existing", exists=True),
        dirs: Path = typer.Option(None, "--dirs", file_okay=False),
        dashed: Path = typer.Option(None, "--dashed", allow_dash=True),
        unreadable: Path = typer.Option(None, "--unreadable", readable=False),
        words: list[str] = typer.Option(None, "--words"),
        kind: Literal["a", "b"] = typer.Option(None, "--kind"),
        shade: Shade = typer.Option(None, "--shade"),
        any_case: Shade = typer.Option(None, "--any-case", case_sensitive=False),
        count: Count = typer.Option(None, "--count"),
    ) -> None:
        pass

    command = typer.main.get_command(probe)
    return {p.name: p for p in command.params}


PARAMS = _probe_command()


def fresh(name: str):
    """The parameter's coercion as installed (built anew, as on a first use)."""
    param = PARAMS[name]
    param._runtime_param = None
    return param, param.get_runtime_param()


def outcome(runtime, param, value):
    try:
        result = runtime.coerce(value, param=param, ctx=None)
    except BadParameter as exc:
        return ("BadParameter", exc.message)
    return ("value", type(result), result)


def same_as_typer(name: str, value) -> None:
    param, ours = fresh(name)
    assert type(ours).__name__ == "PlainRuntimeParam"
    theirs = build_runtime_param(param.type_descriptor)
    assert outcome(ours, param, value) == outcome(theirs, param, value), (name, value)


PLAIN = ["word", "year", "flag", "where", "where_arg", "shade"]


@pytest.mark.parametrize("name", PLAIN)
def test_plain_parameters_take_the_short_way(name):
    assert type(fresh(name)[1]).__name__ == "PlainRuntimeParam"


@pytest.mark.parametrize("name", ["ranged", "parsed", "existing", "dirs", "dashed", "unreadable", "words", "kind",
                                  "any_case"])
def test_anything_more_is_left_to_typer(name):
    assert type(fresh(name)[1]).__name__ != "PlainRuntimeParam"


CORNERS = [
    "2026", " 2026 ", "+5", "-5", "-0", "007", "00", "1_000", "1__0", "_1", "1_", "2026.0", "2026.5", "5.", ".5",
    "0x10", "0b1", "1e3", "", " ", "abc", "١٢", "１２", "٣", "12\n", "\t12", "\x0c12\x0b", "\xa012", "\u200b12",
    "\x1c12", "12\x85", "- 5", "+-5", "9" * 18, "9" * 19, "9" * 40, "-" + "9" * 18, "infinity", "nan",
    "true", "True", "TRUE", "YeS", "1", "0", "2", "on", "off", "t", "f", "y", "n", " yes ", "tru", "\xa0true",
    "\x1ctrue", "İ", "ſ", "\u212a",
    "x", ".", "..", "a//b/", "/", "//x", "~", " x ", "a\x00b", "\udcff", "\ud800", "-",
    "light", "dark", "Light", "DARK", " light", "light ", "lig", "shade.light",
]
NON_STRINGS = [b"12", b"true", b"abc", b"\xff", 5, 0, 1, 2, -3, 2**70, True, False, 3.0, 3.5, Path("x"), Path("."),
               Shade.light, Shade.dark, Count.one, b"light"]
TEXT = st.one_of(
    st.sampled_from(CORNERS),
    st.text(),
    st.text(alphabet="0123456789+-_. \t\n\x0b\x0c\r\xa0", max_size=25),
    st.from_regex(r"\A[+-]?[0-9]{1,25}(\.0*)?\Z"),
    st.text(alphabet=st.characters(categories=["Nd", "Zs", "Cc"]), max_size=6),
    st.builds(lambda s: s.upper(), st.sampled_from(["true", "false", "yes", "no", "on", "off"])),
)


@pytest.mark.parametrize("name", PLAIN)
@pytest.mark.parametrize("value", CORNERS + NON_STRINGS, ids=repr)
def test_corner_cases_coerce_as_typer_does(name, value):
    same_as_typer(name, value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=TEXT, name=st.sampled_from(PLAIN))
@example(value="2026", name="year")
@example(value="abc", name="year")
def test_random_strings_coerce_as_typer_does(value, name):
    same_as_typer(name, value)


def test_existing_and_unreadable_paths_coerce_as_typer_does(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    (tmp_path / "dir").mkdir()
    values = [str(tmp_path / "file"), str(tmp_path / "file") + "/", str(tmp_path / "dir"), str(tmp_path / "dir") + "//",
              str(tmp_path / "absent"), tmp_path / "file"]
    for value in values:
        same_as_typer("where", value)
    # Tests run as root too, where every file is readable: make one unreadable the way typer asks.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: "file" not in str(path) and real_access(path, mode))
    for value in values:
        same_as_typer("where", value)
    param, ours = fresh("where")
    with pytest.raises(BadParameter, match="is not readable"):
        ours.coerce(str(tmp_path / "file"), param=param, ctx=None)


def test_installing_twice_wraps_once():
    from typer import core

    installed = core._TyperParameter.get_runtime_param
    plain_params.install()
    assert core._TyperParameter.get_runtime_param is installed


def test_typer_without_its_private_parts_is_left_alone(monkeypatch):
    from typer import _coercion, core

    monkeypatch.delattr(_coercion, "RuntimeParam")
    monkeypatch.setattr(core._TyperParameter, "get_runtime_param", lambda self: None)
    stand_in = core._TyperParameter.get_runtime_param
    plain_params.install()
    assert core._TyperParameter.get_runtime_param is stand_in


_IN_PROCESS = """
import sys
import spbe_tui.cli as cli
import spbe_tui.cli.review as review
seen = {}
def stub(db_path, as_, instansi, stage, lang, year=None):
    seen.update(db=db_path, as_=as_, instansi=instansi, stage=stage, lang=lang, year=year)
review.run_assessor_app = stub
cli.app(["--lang", "en", "review", "--db", "x.db", "--as", "ani", "--instansi", "kab-uji", "--year", "2026",
         "--lang", "en"],
        standalone_mode=False)
print(repr(seen))
print("pydantic" in sys.modules)
"""


def test_a_command_line_is_parsed_without_pydantic(tmp_path):
    result = subprocess.run([sys.executable, "-c", _IN_PROCESS], capture_output=True, text=True, cwd=tmp_path,
                            check=True)
    seen, pydantic_loaded = result.stdout.strip().splitlines()
    assert seen == repr({"db": Path("x.db"), "as_": "ani", "instansi": "kab-uji", "stage": None, "lang": "en",
                         "year": 2026})
    assert pydantic_loaded == "False"


_EXPORT_IN_PROCESS = """
import sys
import spbe_tui.cli as cli
import spbe_tui.cli.export as export
class Reached(Exception):
    pass
def stub(db, year, read_only=False):
    raise Reached(db)
export.open_evaluation = stub
try:
    cli.app(["export", "--db", "x.db", "--out", "-", "--layout", "long", "--format", "xlsx"], standalone_mode=False)
except Reached as reached:
    print(repr(reached.args[0]))
print("pydantic" in sys.modules)
"""


def test_an_export_line_with_choices_is_parsed_without_pydantic(tmp_path):
    result = subprocess.run([sys.executable, "-c", _EXPORT_IN_PROCESS], capture_output=True, text=True, cwd=tmp_path,
                            check=True)
    assert result.stdout.strip().splitlines() == [repr(Path("x.db")), "False"], result.stderr


def test_a_bad_number_is_still_typers_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "spbe_tui", "status", "--db", str(tmp_path / "x.db"),
                             "--year", "abc"], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 2
    assert "Invalid value for '--year'" in result.stderr
    assert "unable to parse string as an integer" in result.stderr
