"""One language at a time: every message exists in Bahasa Indonesia and English, neither reads in
the other language, and no user-facing text is written outside the string table.

The word checks are short lists of words that occur in almost every sentence of one language and
in none of the other; the source scan looks for messages written in place (a raise with a literal
text, a literal printed or used as a table heading in the command line).
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

import spbe_tui
from spbe_tui.i18n import MESSAGES, forget_language

ENGLISH_WORDS = {
    "the", "is", "are", "not", "only", "may", "must", "with", "was", "were", "which", "of", "and", "to", "has",
    "have", "already", "cannot", "no", "this", "that", "for", "from", "by", "be", "it", "its", "or", "an", "in",
    "on", "at", "there", "their", "they", "will", "should", "can", "could", "does", "before", "after", "again",
    "nothing", "every", "each", "than", "your", "you",
}
INDONESIAN_WORDS = {
    "yang", "tidak", "belum", "dan", "untuk", "dengan", "sudah", "hanya", "boleh", "dari", "ini", "itu", "atau",
    "tanpa", "pada", "oleh", "adalah", "akan", "bukan", "dalam", "sebagai", "telah", "harus", "masih", "juga", "ke",
    "di", "ada", "anda", "tetapi", "karena", "lagi", "dapat", "setelah", "sebelum", "semua",
}
STOP_WORDS = {"id": ENGLISH_WORDS, "en": INDONESIAN_WORDS}  # the words a text in that language must not hold

# Terms written the same in both languages, removed (case-sensitive) before the words are checked.
ALLOWED = {
    "id": {
        "No": "a column heading, the usual abbreviation of Nomor",
    },
    "en": {
        "Tidak Valid": "the framework's name for a reviu outcome, kept as assessors know it",
        "tidak valid": "the same outcome, in the lower case of a command's one-line answer",
    },
}

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_OPTION = re.compile(r"--[\w-]+")
_CODE = re.compile(r"`[^`]*`")
_MARKUP = re.compile(r"\[/?[a-z ]*\]")
_WORD = re.compile(r"[^\W\d]+")  # letters and underscores: a field name such as item_of is one word


def words(text: str, language: str) -> set[str]:
    """The words of `text` a reader reads: placeholders, option names, `code`, rich markup and the
    allowed terms taken out."""
    for term in ALLOWED[language]:
        text = text.replace(term, " ")
    text = text.replace("{{", " ").replace("}}", " ")
    for pattern in (_PLACEHOLDER, _OPTION, _CODE, _MARKUP):
        text = pattern.sub(" ", text)
    return {word.lower() for word in _WORD.findall(text)}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def foreign_words(text: str, language: str) -> set[str]:
    return words(text, language) & STOP_WORDS[language]


def test_every_message_has_both_languages_with_the_same_placeholders():
    for key, texts in MESSAGES.items():
        assert set(texts) == {"id", "en"}, key
        assert placeholders(texts["id"]) == placeholders(texts["en"]), key
        # say(key, language, **values) would take these names for its own parameters.
        assert not placeholders(texts["en"]) & {"key", "language"}, key


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_message_reads_in_the_other_language(language):
    mixed = {key: sorted(found) for key, texts in MESSAGES.items()
             if (found := foreign_words(texts[language], language))}
    assert not mixed


def test_the_word_check_sees_a_slip():
    assert foreign_words("tingkat {level} is outside the scale", "id") == {"is", "the"}
    assert foreign_words("the team level was changed dan disimpan", "en") == {"dan"}
    assert not foreign_words("hanya --allow-incomplete dan {the} `spbe-tui audit verify`", "id")


# --- messages written in place ------------------------------------------------------------------

PACKAGE = Path(spbe_tui.__file__).parent
ROOT = PACKAGE.parent

# Files that still write user-facing text in place, each to be converted by its owner; the lead
# empties this set. A file leaves it once clean (the test fails while a clean file is still listed).
PENDING: set[str] = set()

# Exceptions that only ever mean a bug in spbe-tui: their text is for a developer, never translated.
BUG_EXCEPTIONS = {"RuntimeError", "AssertionError", "NotImplementedError", "TypeError", "KeyError", "IndexError",
                  "AttributeError"}
# Calls whose text a person reads, in the command line: printing, tables, prompts.
SHOWN_CALLS = {"echo", "secho", "print", "Table", "add_column", "getpass", "prompt", "confirm", "Text"}
SHOWN_KEYWORDS = {"title", "caption", "text", "message"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _written_text(node: ast.expr) -> str | None:
    """The words a literal, an f-string or a concatenation of them writes in place, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        parts = [_written_text(node.left), _written_text(node.right)]
        return "".join(p for p in parts if p) if any(p is not None for p in parts) else None
    if isinstance(node, (ast.List, ast.Tuple)):
        found = [text for element in node.elts if (text := _written_text(element)) is not None]
        return " ".join(found) if found else None
    return None


def _has_words(node: ast.expr) -> bool:
    text = _written_text(node)
    return text is not None and bool(re.search(r"[A-Za-z]", _MARKUP.sub("", text)))


_EXCEPTION_NAME = re.compile(r"(Error|Exception|Denied|Conflict)$")


def _exception_names(trees: dict[str, ast.Module]) -> set[str]:
    """Exception classes of spbe_tui by name (whatever their own name), with typer's and aiohttp's
    that carry a message; Python's own are recognised by their names (see `_is_exception`)."""
    names = {"BadParameter", "HTTPForbidden"}
    bases = {node.name: {_name(b) for b in node.bases}
             for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    grew = True
    while grew:
        new = {name for name, parents in bases.items()
               if name not in names and any(p in names or _EXCEPTION_NAME.search(p) for p in parents)}
        names |= new
        grew = bool(new)
    return names


def _is_exception(name: str, exceptions: set[str]) -> bool:
    return name not in BUG_EXCEPTIONS and (name in exceptions or bool(_EXCEPTION_NAME.search(name)))


def offences(path: str, tree: ast.Module, exceptions: set[str]) -> list[str]:
    found = []
    in_cli = path.startswith("spbe_tui/cli/")
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _is_exception(_name(node.exc.func),
                                                                                            exceptions):
            call = node.exc
        elif in_cli and isinstance(node, ast.Call) and _name(node.func) in SHOWN_CALLS:
            call = node
        else:
            continue
        arguments = [*call.args, *(k.value for k in call.keywords if k.arg in SHOWN_KEYWORDS)]
        if any(_has_words(argument) for argument in arguments):
            found.append(f"{path}:{node.lineno}")
    return found


def test_no_message_is_written_in_place():
    trees = {str(p.relative_to(ROOT)): ast.parse(p.read_text(encoding="utf-8"))
             for p in sorted(PACKAGE.rglob("*.py"))}
    exceptions = _exception_names(trees)
    found = {path: lines for path, tree in trees.items() if (lines := offences(path, tree, exceptions))}
    assert {path: lines for path, lines in found.items() if path not in PENDING} == {}
    assert PENDING - found.keys() == set(), "clean now: take these out of PENDING"


def test_the_scan_sees_a_literal_message():
    tree = ast.parse('raise SpbeError(f"{x} is wrong")\nraise SpbeError(say("k", x=x))\n'
                     'raise RuntimeError("a bug")\ntyper.echo("[bold]done[/]")\ntyper.echo(f"[bold]{x}[/]")\n')
    assert offences("spbe_tui/cli/x.py", tree, {"SpbeError"}) == ["spbe_tui/cli/x.py:1", "spbe_tui/cli/x.py:4"]


# --- the command line, end to end ---------------------------------------------------------------

def _commands(db: Path, out: Path) -> list[list[str]]:
    from spbe_tui.paths import sample_dir
    from spbe_tui.services.identity import os_login

    base = ["--db", str(db)]
    return [
        ["import", str(sample_dir()), *base],
        ["import", str(sample_dir()), *base, "--dry-run"],
        ["assessor", "add", os_login(), "--role", "admin", *base],
        ["assessor", "list", *base],
        ["evaluation", "list", *base],
        ["evaluation", "set", "--year", "2025", *base],
        ["assign", "nowhere", os_login(), *base],  # refused: no such instansi
        ["export", "--out", str(out), "--stage", "mandiri", "--allow-incomplete", *base],
        ["audit", "verify", *base],
        ["framework", "check", str(out)],  # refused: a CSV is no framework
        ["import", str(out.with_name("missing")), *base],  # refused: nothing there
    ]


_HASH = re.compile(r"[0-9a-f]{16,}")


def _shown(result) -> str:
    """What a person sees: the output, and the refusal `main` would print."""
    refusal = str(result.exception) if result.exception is not None and not isinstance(result.exception,
                                                                                       SystemExit) else ""
    return result.output + refusal


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_commands_speak_one_language(language, tmp_path, monkeypatch):
    from spbe_tui.cli import app

    monkeypatch.delenv("SPBE_TUI_LANG", raising=False)
    runner = CliRunner(env={"COLUMNS": "200"})
    db, out = tmp_path / "spbe.db", tmp_path / "skor.csv"
    seen = []
    for command in _commands(db, out):
        forget_language()
        result = runner.invoke(app, ["--lang", language, *command])
        shown = _shown(result)
        assert shown.strip(), command
        # Paths and hashes are not words (a hash's letters made "ada" or "be" one run in 40).
        text = " ".join(token for token in shown.split() if "/" not in token and not _HASH.search(token))
        if found := foreign_words(text, language):
            seen.append((command[:2], sorted(found), shown))
    assert not seen, seen


def test_the_default_is_indonesian(tmp_path, monkeypatch):
    from spbe_tui.cli import app

    monkeypatch.delenv("SPBE_TUI_LANG", raising=False)
    forget_language()
    result = CliRunner().invoke(app, ["evaluation", "list", "--db", str(tmp_path / "none.db")])
    assert "tidak ada; impor dulu isian evaluasi mandiri" in _shown(result)


@pytest.mark.parametrize(("command", "refusal"), [
    ("frobnicate", "'frobnicate' tidak tersedia lewat SSH"),
    ("--lang en frobnicate", "'frobnicate' is not available over SSH"),
    ("--lang=en status --as ani", "--as is not available over SSH"),
])
def test_over_ssh_the_language_is_chosen_before_the_command(command, refusal, tmp_path, monkeypatch):
    """sshd passes on no SPBE_TUI_LANG, so over SSH a leading --lang is the way to English."""
    from spbe_tui.cli import app

    monkeypatch.delenv("SPBE_TUI_LANG", raising=False)
    forget_language()
    result = CliRunner().invoke(app, ["ssh-session", "--db", str(tmp_path / "spbe.db"), "budi"],
                                env={"SSH_ORIGINAL_COMMAND": command})
    assert result.exit_code != 0 and refusal in _shown(result)
