import os

import pytest

from spbe_tui.domain.framework_loader import load_framework
from tests.databases import close_all


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep every test's default database and config out of the real home directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("SPBE_TUI_DB", raising=False)


def pytest_configure(config):
    # Fixtures of module and session scope are built before the per-test one below: English for them too.
    os.environ["SPBE_TUI_LANG"] = "en"


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """Tests read the services' and commands' messages in English unless they choose Indonesian
    (the product's default) themselves; no test inherits another's --lang."""
    from spbe_tui.i18n import forget_language

    monkeypatch.setenv("SPBE_TUI_LANG", "en")
    forget_language()
    yield
    forget_language()


@pytest.fixture(scope="session")
def fw2020():
    return load_framework("spbe-2020")


@pytest.fixture(scope="session")
def fw2018():
    return load_framework("spbe-2018")


@pytest.fixture(autouse=True)
def _nobody_acting_for_anyone():
    """A CLI command run in-process (CliRunner) with `--as` sets who is acting for this process;
    the next test starts without it."""
    from spbe_tui.storage.events import acting_admin

    token = acting_admin.set(None)
    yield
    acting_admin.reset(token)


@pytest.fixture(autouse=True)
def _close_databases():
    """Whatever a test opened through `tests.databases.open_database` is closed when it ends."""
    yield
    close_all()
