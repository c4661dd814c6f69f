"""The layers stay apart: only the UI package may import Textual."""

import pkgutil
import subprocess
import sys

import spbe_tui


def _non_ui_modules():
    for info in pkgutil.walk_packages(spbe_tui.__path__, prefix="spbe_tui."):
        if info.name == "spbe_tui.ui" or info.name.startswith("spbe_tui.ui.") or info.name == "spbe_tui.__main__":
            continue
        yield info.name


def test_modules_outside_the_ui_do_not_import_textual():
    modules = sorted(_non_ui_modules())
    assert "spbe_tui.domain.index" in modules and "spbe_tui.storage.db" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"textual imported outside spbe_tui.ui: {result.stdout}"


def test_domain_does_not_import_storage():
    code = (
        "import sys, spbe_tui.domain.index, spbe_tui.domain.framework_loader\n"
        "print(any(m.startswith(('sqlite_utils', 'spbe_tui.storage')) for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
