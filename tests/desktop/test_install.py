"""`hipcoach desktop install|uninstall` into a temporary prefix, checked by the real
validators, and the installed menu entry starting the installed app."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hipcoach
from hipcoach.cli import SUBCOMMANDS, gui_parser
from hipcoach.desktop import APP_ID
from hipcoach.desktop.install import desktop_entry, exec_quote, install, shipped_files
from hipcoach.paths import share_dir

ROOT = Path(__file__).resolve().parents[2]
ENTRY = Path("share/applications") / f"{APP_ID}.desktop"
METAINFO = Path("share/metainfo") / f"{APP_ID}.metainfo.xml"
MAN = Path("share/man/man1/hipcoach.1")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (make test installs it)")
    return path


def _hipcoach(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HIPCOACH_")}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "hipcoach", *args], capture_output=True,
                          text=True, env=environment, cwd=cwd, timeout=120, check=False)


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def _exec_argv(value: str) -> list[str]:
    """Exec split the way the desktop entry spec reads it: the string escapes first, then
    arguments split at spaces, where a double-quoted one takes a backslash as escaping the
    next character."""
    text = value.replace("\\\\", "\\")
    argv: list[str] = []
    current: list[str] | None = None
    quoted = False
    index = 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == "\\":
                index += 1
                current.append(text[index])
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == " ":
            if current is not None:
                argv.append("".join(current))
            current = None
        else:
            current = current if current is not None else []
            if char == '"':
                quoted = True
            else:
                current.append(char)
        index += 1
    if current is not None:
        argv.append("".join(current))
    return [part.replace("%%", "%") for part in argv]


@pytest.fixture(scope="module")
def prefix(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("prefix")
    result = _hipcoach("desktop", "install", "--prefix", str(target))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return target


def test_every_shipped_file_and_the_man_page_are_installed(prefix):
    shipped = shipped_files()
    assert Path("applications") / f"{APP_ID}.desktop" in shipped
    assert Path("metainfo") / f"{APP_ID}.metainfo.xml" in shipped
    assert Path("icons/hicolor/scalable/apps") / f"{APP_ID}.svg" in shipped
    assert len([p for p in shipped if p.parts[0] == "icons"]) == 8
    for relative, source in shipped.items():
        installed = prefix / "share" / relative
        assert installed.is_file(), relative
        if relative.suffix != ".desktop":
            assert installed.read_bytes() == source.read_bytes()
        assert installed.stat().st_mode & 0o777 == 0o644
    assert (prefix / MAN).is_file()


def test_installed_desktop_entry_passes_desktop_file_validate(prefix):
    result = subprocess.run([_tool("desktop-file-validate"), str(prefix / ENTRY)],
                            capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not [line for line in output.splitlines() if ": error:" in line or ": warning:" in line]


def test_installed_tree_passes_appstreamcli(prefix):
    tool = _tool("appstreamcli")
    for args in (["validate", "--no-net", str(prefix / METAINFO)],
                 ["validate-tree", "--no-net", str(prefix)]):
        result = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert not [line for line in output.split("\n") if line.strip().startswith(("E:", "W:"))]


def test_exec_line_starts_the_installed_app(prefix):
    entry = _entry(prefix / ENTRY)
    argv = _exec_argv(entry["Exec"])
    assert Path(argv[0]).is_absolute() and os.access(argv[0], os.X_OK)
    assert entry["TryExec"] == argv[0]
    result = subprocess.run([*argv, "--version"], capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hipcoach {hipcoach.__version__}"
    # it is this installation: it finds the package this test imported
    probe = subprocess.run([*argv, "plan", "daily-drill"], capture_output=True, text=True,
                           timeout=60, check=False)
    assert probe.returncode == 0 and probe.stdout.strip().splitlines()[-1].startswith("Total:")


def test_man_page_documents_every_option_and_command(prefix):
    page = (prefix / MAN).read_text(encoding="utf-8")
    assert page.startswith(".TH HIPCOACH 1 ")
    for action in gui_parser()._actions:
        for option in action.option_strings:
            assert option.replace("-", "\\-") in page, option
    for name in SUBCOMMANDS:
        assert f".SS hipcoach {name.replace('-', chr(92) + '-')}" in page
    man = shutil.which("man")
    if man:
        rendered = subprocess.run([man, "--warnings", "-l", str(prefix / MAN)], capture_output=True,
                                  text=True, env={**os.environ, "MANWIDTH": "80", "LC_ALL": "C.UTF-8"},
                                  check=False)
        assert rendered.returncode == 0
        assert rendered.stderr.strip() == "", rendered.stderr
        assert "desktop" in rendered.stdout and "--data-dir" in rendered.stdout.replace("‐", "-")


def test_uninstall_removes_what_install_added_and_nothing_else(tmp_path):
    assert _hipcoach("desktop", "install", "--prefix", str(tmp_path)).returncode == 0
    foreign = tmp_path / "share" / "applications" / "other.desktop"
    foreign.write_text("[Desktop Entry]\n", encoding="utf-8")
    result = _hipcoach("desktop", "uninstall", "--prefix", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert f"removed {tmp_path / ENTRY}" in result.stdout
    left = {p for p in tmp_path.rglob("*") if p.is_file()}
    assert foreign in left
    assert not [p for p in left if APP_ID in p.name or p.name == "hipcoach.1"]
    again = _hipcoach("desktop", "uninstall", "--prefix", str(tmp_path))
    assert again.returncode == 0 and "nothing of HipCoach's was installed" in again.stdout


def test_user_install_goes_to_xdg_data_home(tmp_path):
    home = tmp_path / "data-home"
    result = _hipcoach("desktop", "install", "--user", XDG_DATA_HOME=str(home))
    assert result.returncode == 0, result.stderr
    assert (home / "applications" / f"{APP_ID}.desktop").is_file()
    assert (home / "man" / "man1" / "hipcoach.1").is_file()


def test_a_prefix_that_cannot_be_written_gives_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    result = _hipcoach("desktop", "install", "--prefix", str(blocker))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("hipcoach desktop: cannot write files in ")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_prefix_without_permission_suggests_user(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = _hipcoach("desktop", "install", "--prefix", str(locked))
    assert result.returncode == 1
    assert "permission denied" in result.stderr and "--user" in result.stderr


def test_exec_quoting_survives_spaces_and_specials(tmp_path):
    command = [str(tmp_path / "odd dir" / 'a"b$c'), "--theme", "dark 100%"]
    outcome = install(tmp_path, command=command, man_page=lambda: ".TH X 1\n")
    entry_path = next(p for p in outcome.changed if p.suffix == ".desktop")
    assert _exec_argv(_entry(entry_path)["Exec"]) == command
    assert exec_quote("/usr/bin/hipcoach") == "/usr/bin/hipcoach"
    result = subprocess.run([_tool("desktop-file-validate"), str(entry_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_shipped_entry_is_rewritten_only_in_exec_and_tryexec():
    original = (share_dir() / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    rewritten = desktop_entry(["/opt/hipcoach/hipcoach"])
    changed = [(a, b) for a, b in zip(original.splitlines(), rewritten.splitlines(), strict=True)
               if a != b]
    assert changed == [("Exec=hipcoach", "Exec=/opt/hipcoach/hipcoach"),
                       ("TryExec=hipcoach", "TryExec=/opt/hipcoach/hipcoach")]


def test_install_script_of_the_bundle_hands_its_arguments_to_the_executable(tmp_path):
    """packaging/install.sh as it sits in the PyInstaller folder, beside `hipcoach`."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy2(ROOT / "packaging" / "install.sh", bundle / "install.sh")
    launcher = Path(sys.executable).parent / "hipcoach"
    if not launcher.exists():
        pytest.skip("no hipcoach script beside this Python")
    (bundle / "hipcoach").symlink_to(launcher)
    prefix = tmp_path / "prefix"
    result = subprocess.run([str(bundle / "install.sh"), "--prefix", str(prefix)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert (prefix / ENTRY).is_file() and (prefix / MAN).is_file()
    removed = subprocess.run([str(bundle / "install.sh"), "--uninstall", "--prefix", str(prefix)],
                             capture_output=True, text=True, timeout=120, check=False)
    assert removed.returncode == 0, removed.stderr
    assert not (prefix / ENTRY).exists()


def test_pyinstaller_spec_ships_the_share_tree_and_the_script():
    spec = (ROOT / "packaging" / "hipcoach.spec").read_text(encoding="utf-8")
    assert 'tree(SHARE, "hipcoach/share", ["*"])' in spec
    assert '"install.sh"' in spec
