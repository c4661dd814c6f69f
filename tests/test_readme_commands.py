"""The README's commands, run.

Every line of a shell block in README.md is either run here, in order, against a fresh database
imported from data/sample, or skipped by an entry below that says why. A command that no longer
works, or a new command nobody has listed, fails the suite instead of a reader.

Synopsis lines are run in their fullest form: `[--opt VALUE]` groups are kept, so every option
shown is exercised, and `a|b|c` takes its first alternative. A command must exit 0, unless its
trailing comment says `exit N` (a single status; `exit 0/1` describes, it does not expect).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main

from spbe_tui.services.identity import os_login

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SAMPLE = REPO / "data" / "sample"

SHELL_FENCES = frozenset({"sh", "bash", "shell", "console", "zsh"})
SPBE_PROGRAMS = frozenset({"spbe-tui", ".venv/bin/spbe-tui"})

# A login name that no README example registers: an example that acts without `--as` then fails
# here as it would for a reader whose login name is not in the examples.
LOGIN = "pengguna-readme"

SKIPPED_PROGRAMS: dict[str, str] = {
    "make": "creates .venv and installs packages; `make test` would also run this test inside itself",
    "sudo": "acts as root or as another account: creates the service account of a shared server, works as it",
    "ssh": "connects to another machine",
    "pipx": "installs spbe-tui for the service account of a shared server",
}
SKIPPED_SUBCOMMANDS: dict[str, str] = {
    "review": "opens the interactive reviewer, which waits for keys",
    "panel": "opens the interactive panel view, which waits for keys",
    "demo": "imports into the user's demo database, then opens the interactive reviewer",
    "serve": "starts a web server that runs until it is interrupted",
}

INSTANSI = "kabupaten-lembah-hijau"


def placeholders(tmp_path: Path) -> dict[str, str]:
    """The README's placeholder words, whole arguments only, and what stands in for them."""
    return {
        "PATH": str(SAMPLE),
        "DB": str(tmp_path / "spbe.db"),
        "DIR": str(tmp_path / "generated"),
        "ID": INSTANSI,
        "STAGE": "dokumen",
        "N": "1",
        "ADMIN": os_login(),  # the README's first admin is whoever creates the database
        "my-framework.json": str(REPO / "data" / "frameworks" / "spbe-2020.json"),
    }


# Option values replaced because the README's own value makes the run slow, not because it is wrong.
OPTION_VALUES: dict[str, str] = {
    "--institutions": "3",  # 616 bundles take about 15 s to write; 3 go through the same code
}

_SHELL_OPERATORS = frozenset({"|", "||", ";", "&", ">", ">>", "<", "2>", "2>&1"})


@dataclass(frozen=True)
class Example:
    line: int  # 1-based line number in README.md
    text: str  # the command as written, for messages
    program: str
    args: tuple[str, ...]  # after the program, synopsis expanded, placeholders not yet filled
    expected_status: int

    @property
    def subcommand(self) -> str | None:
        return next((a for a in self.args if not a.startswith("-")), None)

    @property
    def skip_reason(self) -> str | None:
        if self.program in SPBE_PROGRAMS:
            return SKIPPED_SUBCOMMANDS.get(self.subcommand or "")
        return SKIPPED_PROGRAMS.get(self.program)

    @property
    def known(self) -> bool:
        return self.program in SPBE_PROGRAMS or self.program in SKIPPED_PROGRAMS


def _split_comment(line: str) -> tuple[str, str]:
    """Command and trailing comment, with shell rules: `#` starts a comment only at a word start
    outside quotes (shlex's own comment handling drops the comment, which holds `exit N`)."""
    quote = ""
    escaped = False
    for i, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i], line[i + 1 :]
    return line, ""


def _expand_synopsis(tokens: list[str]) -> list[str]:
    """Keep `[--opt VALUE]` groups without their brackets, and take `a` of `a|b|c`."""
    expanded: list[str] = []
    depth = 0
    for token in tokens:
        # Only a group that opens with an option is synopsis, so a quoted "[draft]" survives.
        while token.startswith("[-"):
            token = token[1:]
            depth += 1
        while depth and token.endswith("]"):
            token = token[:-1]
            depth -= 1
        if re.fullmatch(r"[\w.-]+(\|[\w.-]+)+", token):
            token = token.split("|")[0]
        expanded.append(token)
    assert depth == 0, f"unbalanced [ ] in {' '.join(tokens)!r}"
    return expanded


def _expected_status(comment: str) -> int:
    found = re.search(r"\bexits? (?:with )?(?:status )?(\d+)\b(?!/)", comment)
    return int(found.group(1)) if found else 0


def _shell_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, logical line) of every shell code block; `\\` continuations are joined."""
    fence: str | None = None
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        marker = re.match(r"\s*```+\s*([\w+-]*)", raw)
        if marker:
            fence = None if fence is not None else marker.group(1).lower()
            continue
        if fence not in SHELL_FENCES:
            continue
        if not pending:
            start = number
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        line, pending = pending + raw, ""
        if line.strip():
            yield start, line.strip()


def readme_examples(text: str) -> list[Example]:
    examples: list[Example] = []
    for number, line in _shell_lines(text):
        command, comment = _split_comment(line)
        tokens = shlex.split(command)
        if not tokens:
            continue  # a comment line
        bad = _SHELL_OPERATORS.intersection(tokens)
        assert not bad, f"README.md:{number}: {' '.join(sorted(bad))} in {line!r}; this test runs `&&` chains only"
        parts: list[list[str]] = [[]]
        for token in tokens:
            if token == "&&":
                parts.append([])
            else:
                parts[-1].append(token)
        for part in parts:
            assert part, f"README.md:{number}: empty command in {line!r}"
            args = _expand_synopsis(part[1:])
            examples.append(Example(number, " ".join(part), part[0], tuple(args), _expected_status(comment)))
    return examples


def inline_commands(text: str) -> list[tuple[str, list[str]]]:
    """`spbe-tui …` code spans in the prose (a span may wrap across lines), expanded like blocks."""
    prose = re.sub(r"^\s*```.*?^\s*```[^\n]*$", "", text, flags=re.DOTALL | re.MULTILINE)
    spans = [" ".join(span.split()) for span in re.findall(r"`(spbe-tui [^`]+)`", prose)]
    return [(span, _expand_synopsis(shlex.split(span)[1:])) for span in spans]


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return readme_examples(README.read_text(encoding="utf-8"))


def test_every_readme_command_is_run_or_skipped(examples: list[Example]) -> None:
    unknown = [f"README.md:{e.line}: {e.text}" for e in examples if not e.known]
    assert not unknown, (
        "README shell blocks hold commands this test neither runs nor skips; run them with spbe-tui or add "
        "the program to SKIPPED_PROGRAMS with the reason:\n" + "\n".join(unknown)
    )
    # A parser that silently found nothing would make the run below pass vacuously.
    assert sum(1 for e in examples if e.known and e.skip_reason is None) >= 10


def _public_key(path: Path) -> Path:
    """A fresh ed25519 public key file, as ssh-keygen writes one: a README's `NAME.pub`."""
    if path.exists():  # one file name, one key
        return path
    kind = b"ssh-ed25519"
    blob = len(kind).to_bytes(4, "big") + kind + (32).to_bytes(4, "big") + os.urandom(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"ssh-ed25519 {base64.b64encode(blob).decode()} {path.stem}@readme\n", encoding="utf-8")
    return path


def _fill(args: tuple[str, ...], values: dict[str, str]) -> list[str]:
    filled: list[str] = []
    for i, arg in enumerate(args):
        if i and args[i - 1] in OPTION_VALUES:
            filled.append(OPTION_VALUES[args[i - 1]])
        elif arg in values:
            filled.append(values[arg])
        elif re.fullmatch(r"[\w-]+\.pub", arg):  # a person's public key: one of their own, made here
            filled.append(str(_public_key(Path(values["DB"]).parent / "keys" / arg)))
        elif "/" in arg and (REPO / arg).exists():
            filled.append(str(REPO / arg))  # repository paths such as data/sample, from any cwd
        else:
            filled.append(arg)
    return filled


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPBE_TUI") and k not in ("LNAME", "USERNAME")}
    home = tmp_path / "home"
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        SPBE_TUI_DB=str(tmp_path / "spbe.db"),
        LOGNAME=LOGIN,
        USER=LOGIN,
        COLUMNS="120",
        # This checkout, whatever else is installed.
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spbe_tui", *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=120, stdin=subprocess.DEVNULL, check=False,
    )


def test_readme_commands_run_on_the_sample(examples: list[Example], tmp_path: Path) -> None:
    env = _environment(tmp_path)
    work = tmp_path / "work"  # relative outputs such as skor.csv land here, not in the repository
    work.mkdir()
    (tmp_path / "home").mkdir()
    values = placeholders(tmp_path)
    imported = _run(["import", str(SAMPLE), "--db", values["DB"]], work, env)
    assert imported.returncode == 0, imported.stderr

    failures: list[str] = []
    for example in examples:
        if not example.known or example.skip_reason is not None or example.program not in SPBE_PROGRAMS:
            continue
        args = _fill(example.args, values)
        done = _run(args, work, env)
        if done.returncode != example.expected_status:
            failures.append(
                f"README.md:{example.line}: {example.text}\n  ran: spbe-tui {shlex.join(args)}\n"
                f"  exit {done.returncode}, expected {example.expected_status}\n"
                f"  stdout: {done.stdout.strip()[-800:]}\n  stderr: {done.stderr.strip()[-800:]}"
            )
    # Later commands depend on earlier ones, so the first failure may explain the rest.
    assert not failures, "README commands failed (in README order):\n" + "\n".join(failures)


def _resolve(root: Any, args: list[str]) -> tuple[Any, list[str]]:
    # Duck-typed: typer builds on its own copy of click, so click's Group class is not its base.
    command: Any = root
    path: list[str] = []
    for arg in args:
        if not hasattr(command, "commands") or arg.startswith("-"):
            break
        found = command.commands.get(arg)
        if found is None:
            break
        command, path = found, [*path, arg]
    return command, path


def test_readme_options_exist() -> None:
    """Commands that are not run (interactive ones, and those in the prose) still name real
    subcommands and options."""
    from spbe_tui.cli import app

    text = README.read_text(encoding="utf-8")
    shown = [(e.text, list(e.args)) for e in readme_examples(text) if e.program in SPBE_PROGRAMS]
    shown += inline_commands(text)
    root = typer.main.get_command(app)
    problems: list[str] = []
    for written, args in shown:
        command, path = _resolve(root, args)
        if hasattr(command, "commands") and args and not args[0].startswith("-"):
            problems.append(f"{written}: no subcommand {' '.join(args[: len(path) + 1])!r}")
            continue
        accepted = {"--help"} | {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        options = {a.split("=", 1)[0] for a in args if re.match(r"-[-a-zA-Z]", a)}
        for option in sorted(options - accepted):
            problems.append(f"{written}: `spbe-tui {' '.join(path)}` has no option {option}")
    assert not problems, "\n".join(problems)


def test_readme_data_examples_use_sample_ids() -> None:
    """The CSV and manifest examples name an institution of data/sample, like the commands do."""
    sample_ids = {
        json.loads(p.read_text(encoding="utf-8"))["instansi"]["id"] for p in SAMPLE.glob("*/manifest.json")
    }
    assert INSTANSI in sample_ids
    text = README.read_text(encoding="utf-8")
    named: set[str] = set()
    for fence, body in re.findall(r"^```(\w+)\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE):
        if fence == "json":
            named.add(json.loads(body)["instansi"]["id"])
        elif fence == "csv":
            named.update(row.split(",", 1)[0] for row in body.splitlines()[1:] if row.strip())
    assert named, "the README no longer shows a CSV or manifest example"
    assert named <= sample_ids, f"not in data/sample: {sorted(named - sample_ids)}"
