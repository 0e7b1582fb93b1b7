"""What the store imports: no Qt anywhere, no ORM for the light modules, the CLI wiring."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import hipcoach.store
from hipcoach import cli


def _loaded_after(statement: str) -> set[str]:
    code = f"{statement}; import sys; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def _store_modules() -> list[str]:
    return [
        m.name for m in pkgutil.walk_packages(hipcoach.store.__path__, "hipcoach.store.")
        if not m.name.startswith("hipcoach.store.migrations.")  # env.py runs only in Alembic
    ]


def test_light_modules_do_not_import_the_orm() -> None:
    loaded = _loaded_after(
        "import hipcoach.store, hipcoach.domain.entries, hipcoach.store.errors, "
        "hipcoach.store.backup, hipcoach.store.instance, hipcoach.store.schema"
    )
    assert not {m for m in loaded if m.split(".")[0] in ("sqlalchemy", "alembic")}


def test_nothing_in_the_store_imports_qt() -> None:
    modules = _store_modules()
    assert "hipcoach.store.repo" in modules and "hipcoach.store.demo" in modules
    loaded = _loaded_after("; ".join(f"import {m}" for m in modules))
    assert not {m for m in loaded if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph")}


def test_store_commands_are_wired() -> None:
    for name in ("backup", "export", "import", "demo-data"):
        module = importlib.import_module(cli.SUBCOMMANDS[name][0])
        assert callable(module.add_arguments) and callable(module.run)
