"""Indonesian by default, whatever the server's locale; English on request."""

import pytest

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import detect_language


@pytest.mark.parametrize("locale", ["C", "C.UTF-8", "en_US.UTF-8", "id_ID.UTF-8", ""])
def test_indonesian_whatever_the_locale(monkeypatch, locale):
    monkeypatch.delenv("SPBE_TUI_LANG", raising=False)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(variable, locale)
    assert detect_language() == "id"


def test_english_by_the_environment_or_the_option(monkeypatch):
    monkeypatch.setenv("SPBE_TUI_LANG", "en")
    assert detect_language() == "en"
    assert detect_language("id") == "id"  # --lang wins


def test_an_unknown_language_is_refused_naming_where_it_came_from(monkeypatch):
    monkeypatch.setenv("SPBE_TUI_LANG", "jv")
    with pytest.raises(SpbeError, match="SPBE_TUI_LANG: bahasa 'jv' tidak tersedia"):
        detect_language()
    with pytest.raises(SpbeError, match="--lang: bahasa 'fr'"):
        detect_language("fr")
