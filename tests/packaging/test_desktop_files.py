"""The desktop integration files: .desktop entry, AppStream metainfo and the icon set.

The validators run when installed (Debian: desktop-file-utils, appstream); everything
else needs only the standard library.
"""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import hipcoach

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.github.hipcoach.HipCoach"
SHARE = ROOT / "packaging" / "share"
DESKTOP = SHARE / "applications" / f"{APP_ID}.desktop"
METAINFO = SHARE / "metainfo" / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "assets" / "icons"
SVG = ICONS / "hipcoach.svg"
HICOLOR = SHARE / "icons" / "hicolor"
SIZES = (16, 32, 48, 64, 128, 256, 512)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, f"{path} is not a PNG file"
    length, chunk, width, height = struct.unpack(">I4sII", header[8:24])
    assert chunk == b"IHDR" and length == 13, f"{path} does not start with an IHDR chunk"
    return width, height


# ----------------------------------------------------------------- validators


def test_desktop_file_passes_desktop_file_validate():
    tool = _tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # hints are advice; errors and warnings are not allowed
    assert not [line for line in output.splitlines() if ": error:" in line or ": warning:" in line]


def test_metainfo_passes_appstreamcli_validate():
    tool = _tool("appstreamcli", "appstream")
    result = subprocess.run([tool, "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not [line for line in output.splitlines() if line.startswith(("E:", "W:"))], output


# ----------------------------------------------------------------- ids agree


def test_desktop_entry_names_the_app_id_and_the_installed_command():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "HipCoach"
    assert entry["Icon"] == APP_ID
    command = entry["Exec"].split()[0]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert command in scripts.get("gui-scripts", {}), f"Exec={command} is not a gui-script"
    categories = entry["Categories"].rstrip(";").split(";")
    assert "Sports" in categories


def test_metainfo_ids_match_the_desktop_file_and_the_package():
    root = _metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.find("content_rating").get("type") == "oars-1.1"
    assert root.findtext("provides/binary") == _desktop_entry()["Exec"].split()[0]
    newest = root.find("releases/release")
    assert newest.get("version") == hipcoach.__version__, "add a <release> for the new version"


def test_app_id_matches_what_the_window_announces():
    launch = (ROOT / "hipcoach" / "ui" / "launch.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{APP_ID}")' in launch


# ----------------------------------------------------------------- icons


def test_icon_svg_parses_as_a_square_svg():
    root = ET.parse(SVG).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == height > 0


@pytest.mark.parametrize("size", SIZES)
def test_png_renders_exist_at_their_size(size):
    asset = ICONS / f"hipcoach-{size}.png"
    assert asset.is_file(), f"{asset} is missing: run `python tools/package.py icons`"
    assert _png_size(asset) == (size, size)
    themed = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert themed.is_file() and themed.read_bytes() == asset.read_bytes(), (
        f"{themed} differs from {asset}: run `python tools/package.py icons`")


def test_hicolor_tree_has_the_scalable_icon_and_nothing_stray():
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == SVG.read_bytes()
    expected = {scalable} | {HICOLOR / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in SIZES}
    assert {p for p in HICOLOR.rglob("*") if p.is_file()} == expected


def test_icons_folder_is_flat_for_the_package_data_glob():
    # pyproject ships "icons/*", which does not descend into subfolders
    assert [p.name for p in ICONS.iterdir() if p.is_dir()] == []
