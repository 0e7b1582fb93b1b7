"""The layers hold (the import contracts in pyproject.toml), the core stays free of Qt,
and the path to the first window stays light."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import hipcoach

PACKAGE = Path(hipcoach.__file__).parent
ROOT = PACKAGE.parent
QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")
QT_ALLOWED = ("ui", "report")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_import_contracts_hold():
    """Layers, no Qt below ui/report, no SQLAlchemy in ui, no import cycle, private modules
    kept private: import-linter checks every import of the package, indirect ones too."""
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert tool is not None, "import-linter is missing: pip install -e '.[test]'"
    result = subprocess.run([tool, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_nothing_outside_ui_and_report_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in QT_ALLOWED:
            continue
        for name in _imports(path):
            if name.split(".")[0] in QT_MODULES:
                offenders.append(f"{relative}: {name}")
    assert offenders == []


def test_core_packages_import_without_loading_qt():
    core = [p for p in ("program", "session", "coach", "store", "audio") if (PACKAGE / p).is_dir()]
    modules = []
    for package in core:
        for path in (PACKAGE / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules.append("hipcoach." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m.removesuffix('.__init__'))\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_first_window_does_not_import_heavy_modules(tmp_path):
    report = tmp_path / "startup.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HIPCOACH_STARTUP_REPORT=str(report),
               HIPCOACH_EXIT_AFTER_PAINT="1")
    result = subprocess.run([sys.executable, "-m", "hipcoach", "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    fields = report.read_text().strip().split(" ")
    assert len(fields) >= 2, "the first window was never painted"
    loaded_at_first_paint = fields[2] if len(fields) > 2 else ""
    assert loaded_at_first_paint == ""
