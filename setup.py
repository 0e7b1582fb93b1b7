"""Package discovery that pyproject.toml cannot express: the top-level assets/ folder
ships inside the wheel as the ``hipcoach.assets`` package, and packaging/share/ (the
.desktop file, AppStream metainfo and hicolor icons) as ``hipcoach.share`` (see
package-dir)."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["hipcoach", "hipcoach.*"]), "hipcoach.assets",
                "hipcoach.share"])
