"""Install the Debian packages HipCoach needs, when they are missing and we may.

Used by the Makefile on a fresh machine. Prints what it does; never fails the build
for a package it is not permitted to install (it says what to install instead).
``--venv-only`` makes sure ``python3 -m venv`` works (Debian ships it separately).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def _missing(packages: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for name in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name],
            capture_output=True, text=True, check=False,
        )
        if "install ok installed" not in result.stdout:
            missing.append(name)
    return missing


def _apt_install(packages: list[str]) -> bool:
    if not packages:
        return True
    if not shutil.which("apt-get"):
        print(f"system_deps: not a Debian system; please install: {' '.join(packages)}")
        return False
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") and subprocess.run(
            ["sudo", "-n", "true"], capture_output=True, check=False
        ).returncode == 0:
            prefix = ["sudo", "-n"]
        else:
            print(f"system_deps: not root; please install: sudo apt-get install {' '.join(packages)}")
            return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"system_deps: installing {' '.join(packages)}")
    update = subprocess.run([*prefix, "apt-get", "update", "-qq"], env=env, check=False)
    if update.returncode != 0:
        print("system_deps: apt-get update failed; trying the install anyway")
    result = subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        env=env, check=False,
    )
    return result.returncode == 0


def _venv_works() -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", "import ensurepip, venv"], capture_output=True, check=False
    )
    return probe.returncode == 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--venv-only"]:
        if not _venv_works():
            version = f"{sys.version_info.major}.{sys.version_info.minor}"
            _apt_install([f"python{version}-venv"]) or _apt_install(["python3-venv"])
        return 0
    _apt_install(_missing(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
