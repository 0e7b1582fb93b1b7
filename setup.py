"""Package discovery that pyproject.toml cannot express: the top-level assets/ folder
ships inside the wheel as the ``hipcoach.assets`` package (see package-dir)."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["hipcoach", "hipcoach.*"]), "hipcoach.assets"])
