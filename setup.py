"""Package discovery that pyproject.toml cannot express: the top-level assets/ folder
ships inside the wheel as the ``hipcoach.assets`` package, and packaging/share/ (the
.desktop file, AppStream metainfo and hicolor icons) as ``hipcoach.share`` (see
package-dir). The build also compiles the translations in po/ into the package
(``hipcoach/locale/LANG/LC_MESSAGES/hipcoach.mo``)."""

import sys
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        sys.path.insert(0, str(ROOT))  # the source tree: the build may run from elsewhere
        from hipcoach.i18n_compile import compile_all

        compile_all(ROOT / "po", Path(self.build_lib) / "hipcoach" / "locale")


setup(packages=[*find_packages(include=["hipcoach", "hipcoach.*"]), "hipcoach.assets",
                "hipcoach.share"],
      cmdclass={"build_py": BuildWithTranslations})
