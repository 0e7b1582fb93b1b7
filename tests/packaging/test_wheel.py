"""The built wheel carries its assets, and the installed app finds them.

Builds a wheel from a scratch copy of the source tree (so no build/ or egg-info lands
in the checkout), installs it into a bare target folder and runs the CLI from outside
the source tree with only that folder on PYTHONPATH.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZES = (16, 32, 48, 64, 128, 256, 512)
SKIP_DIRS = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", ".ruff_cache",
             ".hypothesis", "results"}


def _backend_can_build_wheels() -> bool:
    if importlib.util.find_spec("wheel") is not None:
        return True
    import setuptools

    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1)  # bdist_wheel moved into setuptools there


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in SKIP_DIRS or n.endswith(".egg-info")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    if not _backend_can_build_wheels():
        pytest.skip("setuptools cannot build wheels here: install `wheel` (or setuptools>=70.1)")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    shutil.copytree(ROOT, source, ignore=_ignore)
    wheels = tmp / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "--wheel-dir", str(wheels), str(source)],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = wheels.glob("hipcoach-*.whl")
    site = tmp / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site),
         str(wheel)],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    run_dir = tmp / "elsewhere"
    run_dir.mkdir()
    return wheel, site, run_dir


def _python(installed, *args: str) -> subprocess.CompletedProcess[str]:
    _wheel, site, run_dir = installed
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIPCOACH_", "PYTHON"))}
    env.update(PYTHONPATH=str(site), HIPCOACH_DATA_DIR=str(run_dir / "data"),
               QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, *args], cwd=run_dir, env=env, capture_output=True,
                          text=True, check=False, timeout=60)


def _names(installed) -> list[str]:
    with zipfile.ZipFile(installed[0]) as archive:
        return archive.namelist()


def test_wheel_contains_programmes_sounds_and_icons(installed):
    names = set(_names(installed))
    for toml in (ROOT / "assets" / "programs").glob("*.toml"):
        assert f"hipcoach/assets/programs/{toml.name}" in names
    sounds = ROOT / "assets" / "sounds"
    for wav in sounds.rglob("*.wav"):  # the spoken cues of every language
        assert f"hipcoach/assets/sounds/{wav.relative_to(sounds).as_posix()}" in names
    assert "hipcoach/assets/icons/hipcoach.svg" in names
    for size in SIZES:
        assert f"hipcoach/assets/icons/hipcoach-{size}.png" in names


def test_wheel_contains_the_desktop_files_it_installs(installed):
    names = set(_names(installed))
    share = ROOT / "packaging" / "share"
    shipped = [p.relative_to(share).as_posix() for p in share.rglob("*") if p.is_file()]
    assert len(shipped) == 10  # .desktop, metainfo, 7 PNG sizes and the SVG
    for relative in shipped:
        assert f"hipcoach/share/{relative}" in names, relative


def test_installed_wheel_installs_its_menu_entry(installed):
    _wheel, site, run_dir = installed
    prefix = run_dir / "prefix"
    result = _python(installed, "-m", "hipcoach", "desktop", "install", "--prefix", str(prefix))
    assert result.returncode == 0, result.stderr
    installed_icon = prefix / "share/icons/hicolor/scalable/apps/io.github.hipcoach.HipCoach.svg"
    assert installed_icon.read_bytes() == (
        site / "hipcoach/share/icons/hicolor/scalable/apps/io.github.hipcoach.HipCoach.svg").read_bytes()
    assert (prefix / "share/man/man1/hipcoach.1").is_file()


def test_wheel_carries_compiled_translations_that_the_installed_app_uses(installed):
    assert "hipcoach/locale/de/LC_MESSAGES/hipcoach.mo" in set(_names(installed))
    _wheel, site, run_dir = installed
    assert not (site / "po").exists()  # only the compiled catalogue can answer
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HIPCOACH_", "PYTHON", "LANG", "LC_"))}
    env.update(PYTHONPATH=str(site), LANG="de_DE.UTF-8")
    result = subprocess.run([sys.executable, "-m", "hipcoach", "--help"], cwd=run_dir, env=env,
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Aufruf: hipcoach") and "Programmdateien prüfen" in result.stdout


def test_wheel_declares_the_hipcoach_gui_script(installed):
    with zipfile.ZipFile(installed[0]) as archive:
        entry_points = next(n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt"))
        text = archive.read(entry_points).decode()
    assert "[gui_scripts]" in text
    assert "hipcoach = hipcoach.entry:run" in text


def test_installed_package_is_the_one_imported_and_finds_its_assets(installed):
    _wheel, site, _run_dir = installed
    probe = _python(installed, "-c",
                    "import hipcoach, hipcoach.paths as p; print(hipcoach.__file__); print(p.assets_dir())")
    assert probe.returncode == 0, probe.stderr
    module_file, assets = probe.stdout.splitlines()
    assert Path(module_file).is_relative_to(site), f"imported the wrong hipcoach: {module_file}"
    assert Path(assets) == site / "hipcoach" / "assets", (
        f"hipcoach.paths.assets_dir() gave {assets}, not the installed hipcoach/assets")


def test_installed_app_plans_the_daily_drill(installed):
    result = _python(installed, "-m", "hipcoach", "plan", "daily-drill")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("Total:"), result.stdout[-500:]


def test_installed_app_validates_and_plans_every_bundled_programme(installed):
    _wheel, site, _run_dir = installed
    programmes = sorted((site / "hipcoach" / "assets" / "programs").glob("*.toml"))
    assert programmes, "the wheel holds no programmes"
    result = _python(installed, "-m", "hipcoach", "validate", *map(str, programmes))
    assert result.returncode == 0, result.stdout + result.stderr
    for path in programmes:
        program_id = tomllib.loads(path.read_text(encoding="utf-8"))["program"]["id"]
        planned = _python(installed, "-m", "hipcoach", "plan", program_id)
        assert planned.returncode == 0, f"plan {program_id}: {planned.stderr}"
        assert planned.stdout.strip().splitlines()[-1].startswith("Total:")
