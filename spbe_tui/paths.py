"""Where bundled data and styles live, and where user state goes.

A wheel carries `data/` and `styles/` inside the package (hatch force-include), while an editable
install leaves them at the repository root; look in the package first, then beside it.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / f"_{name}"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def data_dir() -> Path:
    return _bundled("data")


def styles_dir() -> Path:
    return _bundled("styles")


def frameworks_dir() -> Path:
    return data_dir() / "frameworks"


def sample_dir() -> Path:
    return data_dir() / "sample"


def user_data_dir() -> Path:
    """Per-user state (the default database), following the XDG convention."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "spbe-tui"


def default_db_path() -> Path:
    override = os.environ.get("SPBE_TUI_DB")
    if override:
        return Path(override)
    return user_data_dir() / "spbe.db"
