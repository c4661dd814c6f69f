"""Every user-visible string in Bahasa Indonesia and English: one table, kept in area catalogs.

Framework texts are shown as their file gives them. A leaf module: any layer may import it, so a
service's refusal is written in the user's language where it is raised.

The language is chosen once per process: `use_language` (from `--lang`), else `$SPBE_TUI_LANG`,
else Indonesian, the assessors' language, whatever locale a server happens to run with.
"""

from __future__ import annotations

import os

from spbe_tui.i18n import cli_text, evidence_text, panel_text, report_text, service_text, ui_text

LANGUAGES = ("id", "en")


def _merge(*catalogs: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for catalog in catalogs:
        clash = merged.keys() & catalog.keys()
        if clash:
            raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
        merged.update(catalog)
    return merged


MESSAGES = _merge(
    ui_text.MESSAGES, evidence_text.MESSAGES, panel_text.MESSAGES, service_text.MESSAGES, cli_text.MESSAGES,
    report_text.MESSAGES,
)

_chosen: str | None = None


def detect_language(explicit: str | None = None) -> str:
    """--lang if given, else $SPBE_TUI_LANG, else Indonesian."""
    chosen = explicit or os.environ.get("SPBE_TUI_LANG") or "id"
    if chosen not in LANGUAGES:
        from spbe_tui.errors import SpbeError

        where = "--lang" if explicit else "SPBE_TUI_LANG"
        # The language asked for does not exist, so the refusal is in the default one.
        raise SpbeError(say("unknown_language", "id", where=where, chosen=chosen, choices=", ".join(LANGUAGES)))
    return chosen


def use_language(explicit: str | None) -> str:
    """Fix the process's language (from --lang, else the environment) and return it."""
    global _chosen
    _chosen = detect_language(explicit)
    # Worker processes (text extraction at import) read the environment, not this module.
    os.environ["SPBE_TUI_LANG"] = _chosen
    return _chosen


def forget_language() -> None:
    """Back to reading the environment on each message (tests, and a fresh command)."""
    global _chosen
    _chosen = None


def active_language() -> str:
    return _chosen or detect_language()


def say(key: str, language: str | None = None, **values: object) -> str:
    """The message `key` in the active language (or `language`), filled with `values`."""
    text = MESSAGES[key][language or active_language()]
    return text.format(**values) if values else text


def decimal(number: str, language: str | None = None) -> str:
    """A number written with a point ("2.15"), as the language writes it: "2,15" in Indonesian."""
    return number.replace(".", ",") if (language or active_language()) == "id" else number


class Translator:
    """The apps' handle on one language; also makes it the process's language, so what the
    services refuse reads in the same language as the screen."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        return say(key, self.language, **values)

    def decimal(self, number: str) -> str:
        return decimal(number, self.language)
