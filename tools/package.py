"""Packaging chores: the icon set, the PyInstaller build and its smoke test.

Usage:
    python tools/package.py icons [--check]   render assets/icons/hipcoach.svg to PNGs and
                                              refresh packaging/share/icons/hicolor/
    python tools/package.py build [--no-smoke] PyInstaller one-folder build into dist/hipcoach,
                                              then the smoke test
    python tools/package.py smoke             smoke-test an existing dist/hipcoach
    python tools/package.py lint              desktop-file-validate + appstreamcli validate

Every step prints one ``package: ...`` line, so a failure says where it happened.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.hipcoach.HipCoach"
ICON_SVG = ROOT / "assets" / "icons" / "hipcoach.svg"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
SHARE = ROOT / "packaging" / "share"
HICOLOR = SHARE / "icons" / "hicolor"
SPEC = ROOT / "packaging" / "hipcoach.spec"
DESKTOP = SHARE / "applications" / f"{APP_ID}.desktop"
METAINFO = SHARE / "metainfo" / f"{APP_ID}.metainfo.xml"
WORK_DIR = ROOT / "build" / "pyinstaller"
DIST_DIR = ROOT / "dist"
APP_DIR = DIST_DIR / "hipcoach"
PAINT_TIMEOUT_S = 30.0


class PackageError(Exception):
    """A step failed; the message says which and why."""


def say(message: str) -> None:
    print(f"package: {message}", flush=True)


# --------------------------------------------------------------------------- icons


def png_path(size: int) -> Path:
    return ICON_SVG.with_name(f"hipcoach-{size}.png")


def hicolor_targets() -> dict[Path, Path]:
    """Each file of the hicolor tree and the asset it is a copy of."""
    targets = {HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg": ICON_SVG}
    for size in ICON_SIZES:
        targets[HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = png_path(size)
    return targets


def render_pngs() -> dict[int, bytes]:
    """The SVG drawn at every size, as PNG bytes (same Qt, same bytes)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise PackageError(f"Qt cannot read {ICON_SVG}")
    out: dict[int, bytes] = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # Straight alpha, maximum compression: the file depends only on the pixels.
        image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG", 0)
        buffer.close()
        out[size] = bytes(data.data())
    return out


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def cmd_icons(check: bool) -> int:
    renders = render_pngs()
    stale: list[str] = []
    for size, data in renders.items():
        path = png_path(size)
        current = path.read_bytes() if path.exists() else b""
        if current == data:
            say(f"icon {size:>3}px up to date ({path.relative_to(ROOT)})")
            continue
        if check:
            stale.append(str(path.relative_to(ROOT)))
            continue
        path.write_bytes(data)
        say(f"icon {size:>3}px written {path.relative_to(ROOT)} ({len(data)} bytes, {_digest(data)})")
    for target, source in hicolor_targets().items():
        same = target.exists() and target.read_bytes() == source.read_bytes()
        if same:
            continue
        if check:
            stale.append(str(target.relative_to(ROOT)))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        say(f"copied {source.relative_to(ROOT)} -> {target.relative_to(ROOT)}")
    if stale:
        say("out of date (run `python tools/package.py icons`): " + ", ".join(stale))
        return 1
    say(f"icon set complete: {len(ICON_SIZES)} PNG sizes + SVG in {HICOLOR.relative_to(ROOT)}")
    return 0


# --------------------------------------------------------------------------- lint


def cmd_lint() -> int:
    failed = False
    for tool, args in (
        ("desktop-file-validate", [str(DESKTOP)]),
        ("appstreamcli", ["validate", "--no-net", "--pedantic", str(METAINFO)]),
    ):
        if not shutil.which(tool):
            say(f"{tool} is not installed (Debian: desktop-file-utils / appstream); skipped")
            continue
        result = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
        output = (result.stdout + result.stderr).strip()
        status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        say(f"{tool}: {status}")
        if output:
            print(output)
        failed |= result.returncode != 0
    return 1 if failed else 0


# --------------------------------------------------------------------------- build


def ensure_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        say("PyInstaller is missing; installing it into this environment")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pyinstaller"], check=True)
    version = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    say(f"PyInstaller {version}")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def cmd_build(smoke: bool) -> int:
    ensure_pyinstaller()
    for size in ICON_SIZES:
        if not png_path(size).exists():
            raise PackageError(f"{png_path(size).relative_to(ROOT)} is missing; run `tools/package.py icons`")
    say(f"building {SPEC.relative_to(ROOT)} (work: {WORK_DIR.relative_to(ROOT)}, "
        f"dist: {DIST_DIR.relative_to(ROOT)}); this takes a few minutes")
    started = time.monotonic()
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--workpath", str(WORK_DIR), "--distpath", str(DIST_DIR), str(SPEC),
    ]
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise PackageError(f"PyInstaller failed (exit {result.returncode})")
    size = folder_size(APP_DIR)
    say(f"built {APP_DIR.relative_to(ROOT)} in {time.monotonic() - started:.0f} s: "
        f"{size / 1e6:.1f} MB in {sum(1 for _ in APP_DIR.rglob('*'))} entries")
    return cmd_smoke() if smoke else 0


# --------------------------------------------------------------------------- smoke test


def _executable() -> Path:
    name = "hipcoach.exe" if sys.platform == "win32" else "hipcoach"
    exe = APP_DIR / name
    if not exe.exists():
        raise PackageError(f"{exe} does not exist; run `tools/package.py build` first")
    return exe


def _run(exe: Path, args: list[str], env: dict[str, str], cwd: Path, timeout: float = 60.0):
    try:
        return subprocess.run([str(exe), *args], env=env, cwd=cwd, capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PackageError(f"`hipcoach {' '.join(args)}` did not finish within {timeout:.0f} s") from exc


def _expect_ok(result, what: str) -> str:
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise PackageError(f"{what} exited with {result.returncode}:\n{detail}")
    return result.stdout


def _bundled_assets() -> Path:
    """Where the bundle keeps the assets (PyInstaller 6: next to the code in _internal/)."""
    for candidate in (APP_DIR / "_internal" / "hipcoach" / "assets", APP_DIR / "hipcoach" / "assets"):
        if candidate.is_dir():
            return candidate
    raise PackageError(f"no hipcoach/assets folder inside {APP_DIR}")


def smoke_gui(exe: Path, env: dict[str, str], tmp: Path) -> None:
    report = tmp / "startup.txt"
    gui_env = dict(env, HIPCOACH_STARTUP_REPORT=str(report), HIPCOACH_EXIT_AFTER_PAINT="1")
    say(f"smoke: starting the window offscreen (must paint within {PAINT_TIMEOUT_S:.0f} s)")
    started = time.monotonic()
    process = subprocess.Popen([str(exe)], env=gui_env, cwd=tmp, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(timeout=PAINT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise PackageError(f"the window did not paint and quit within {PAINT_TIMEOUT_S:.0f} s:\n"
                           f"{(err or out).strip()[-2000:]}") from None
    wall = time.monotonic() - started
    if process.returncode != 0:
        raise PackageError(f"the app exited with {process.returncode}:\n{(err or out).strip()[-2000:]}")
    lines = report.read_text(encoding="utf-8").split("\n") if report.exists() else []
    fields = lines[0].split() if lines and lines[0].strip() else []
    if len(fields) != 2:
        raise PackageError(f"the app exited 0 but wrote no paint report to {report}:\n"
                           f"{(err or out).strip()[-2000:]}")
    say(f"smoke: first paint {float(fields[1]):.2f} s after launch, exit 0 after {wall:.2f} s (wall)")


def smoke_cli(exe: Path, env: dict[str, str], tmp: Path) -> None:
    version = _expect_ok(_run(exe, ["--version"], env, tmp), "hipcoach --version").strip()
    say(f"smoke: --version -> {version}")

    out = _expect_ok(_run(exe, ["plan", "daily-drill"], env, tmp), "hipcoach plan daily-drill")
    last = out.strip().splitlines()[-1] if out.strip() else ""
    if not last.startswith("Total:"):
        raise PackageError(f"`hipcoach plan daily-drill` did not end with a Total line: {last!r}")
    say(f"smoke: plan daily-drill -> {out.count(chr(10))} lines, {last!r}")

    assets = _bundled_assets()
    programmes = sorted((assets / "programs").glob("*.toml"))
    if not programmes:
        raise PackageError(f"no programmes in {assets / 'programs'}")
    _expect_ok(_run(exe, ["validate", *map(str, programmes)], env, tmp), "hipcoach validate")
    say(f"smoke: validate {', '.join(p.name for p in programmes)} -> ok")

    sounds = list((assets / "sounds").rglob("*.wav"))  # the German cues in sounds/de/ too
    source_sounds = list((ROOT / "assets" / "sounds").rglob("*.wav"))
    if len(sounds) != len(source_sounds):
        raise PackageError(f"the bundle has {len(sounds)} sounds, assets/sounds has {len(source_sounds)}")
    icons = sorted(p.name for p in (assets / "icons").iterdir())
    if "hipcoach.svg" not in icons:
        raise PackageError(f"the icon is not in the bundle ({assets / 'icons'})")
    say(f"smoke: bundle holds {len(programmes)} programmes, {len(sounds)} sounds, {len(icons)} icon files")

    smoke_menu_install(tmp)

    out = _expect_ok(_run(exe, ["demo-data", "--weeks", "2", "--until", "2026-11-20"], env, tmp, 120),
                     "hipcoach demo-data (database + migrations)")
    say(f"smoke: demo-data -> {out.strip().splitlines()[-1] if out.strip() else '(no output)'}")


def smoke_menu_install(tmp: Path) -> None:
    """install.sh puts the menu files under a prefix, and the entry starts this bundle."""
    prefix = tmp / "prefix"
    script = APP_DIR / "install.sh"
    if not script.is_file():
        raise PackageError(f"{script} is missing")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIPCOACH_", "PYTHON"))}
    result = subprocess.run([str(script), "--prefix", str(prefix)], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    _expect_ok(result, "install.sh --prefix")
    entry = prefix / "share" / "applications" / DESKTOP.name
    exec_line = next((line for line in entry.read_text(encoding="utf-8").splitlines()
                      if line.startswith("Exec=")), "")
    if Path(exec_line.removeprefix("Exec=")).resolve() != _executable().resolve():
        raise PackageError(f"the installed menu entry says {exec_line!r}, not {_executable()}")
    for tool, args in (("desktop-file-validate", [str(entry)]),
                       ("appstreamcli", ["validate-tree", "--no-net", str(prefix)])):
        if shutil.which(tool):
            _expect_ok(subprocess.run([tool, *args], capture_output=True, text=True, check=False), tool)
    if not (prefix / "share" / "man" / "man1" / "hipcoach.1").is_file():
        raise PackageError("install.sh did not install the man page")
    say(f"smoke: install.sh --prefix -> {sum(1 for p in prefix.rglob('*') if p.is_file())} files, "
        "valid, Exec names the bundle")


def _host_libraries() -> set[str]:
    """Sonames this machine can load: the linker cache plus the Qt libraries of PySide6."""
    names: set[str] = set()
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    for line in listing.splitlines()[1:]:
        names.add(line.strip().split(" ", 1)[0])
    try:
        import PySide6

        names.update(p.name for p in (Path(PySide6.__file__).parent / "Qt" / "lib").glob("*.so*"))
    except ImportError:
        pass
    return names


def smoke_libraries() -> None:
    """Every bundled ELF binary finds the libraries it links against (Linux, with ldd).

    A library this machine has but the bundle lacks means the spec left out too much. A
    library this machine lacks too (say libwayland-cursor on a server) is a system
    library PyInstaller deliberately does not bundle: noted, not a failure.
    """
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        say("smoke: library check skipped (needs Linux and ldd)")
        return
    host = _host_libraries()
    problems: set[str] = set()
    system: set[str] = set()
    checked = 0
    for path in sorted(APP_DIR.rglob("*.so*")):
        if path.is_symlink() or not path.is_file() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        checked += 1
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            if "not found" not in line:
                continue
            name = line.split("=>")[0].strip()
            if name in host:
                problems.add(f"{path.relative_to(APP_DIR)} needs {name}")
            else:
                system.add(name)
    if problems:
        raise PackageError("the bundle lacks libraries its binaries need:\n" + "\n".join(sorted(problems)))
    note = f" (not on this machine, left to the user's system: {', '.join(sorted(system))})" if system else ""
    say(f"smoke: all {checked} bundled shared objects resolve their bundled libraries{note}")


def cmd_smoke() -> int:
    exe = _executable()
    smoke_libraries()
    with tempfile.TemporaryDirectory(prefix="hipcoach-smoke-") as name:
        tmp = Path(name)
        data = tmp / "data"
        data.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HIPCOACH_", "PYTHON"))}
        # English whatever the machine's locale: the smoke test reads the words it prints
        env.update(QT_QPA_PLATFORM="offscreen", HIPCOACH_DATA_DIR=str(data), LANGUAGE="en")
        smoke_gui(exe, env, tmp)
        smoke_cli(exe, env, tmp)
    say(f"smoke test passed: {APP_DIR.relative_to(ROOT)} ({folder_size(APP_DIR) / 1e6:.1f} MB)")
    return 0


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/package.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    icons = sub.add_parser("icons", help="render the PNG icon sizes and the hicolor tree")
    icons.add_argument("--check", action="store_true", help="only report files that are out of date")
    build = sub.add_parser("build", help="PyInstaller one-folder build, then the smoke test")
    build.add_argument("--no-smoke", action="store_true", help="skip the smoke test")
    sub.add_parser("smoke", help="smoke-test dist/hipcoach")
    sub.add_parser("lint", help="validate the .desktop and metainfo files")
    args = parser.parse_args(argv)
    try:
        if args.command == "icons":
            return cmd_icons(args.check)
        if args.command == "build":
            return cmd_build(not args.no_smoke)
        if args.command == "smoke":
            return cmd_smoke()
        return cmd_lint()
    except PackageError as exc:
        say(f"FAILED: {exc}")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
