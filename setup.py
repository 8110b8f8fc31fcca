"""Lets scrapyd-deploy build the egg (setup.py bdist_egg); all metadata is in pyproject.toml.

The egg holds the crawler only: ``levant`` and the ``settings`` profiles, without
``settings/demo.py`` (the offline mirror's profile, for ``make demo`` and the tests in a
checkout, like ``levant_dev``, which pyproject.toml leaves out).
"""

from setuptools import setup
from setuptools.command.build_py import build_py

DEVELOPMENT_MODULES = {("settings", "demo")}


class BuildPyWithoutDevelopmentModules(build_py):
    def find_package_modules(self, package: str, package_dir: str) -> list[tuple[str, str, str]]:
        modules = super().find_package_modules(package, package_dir)
        return [m for m in modules if (m[0], m[1]) not in DEVELOPMENT_MODULES]


setup(cmdclass={"build_py": BuildPyWithoutDevelopmentModules})
