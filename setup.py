"""Lets scrapyd-deploy build the egg (setup.py bdist_egg); all metadata is in pyproject.toml."""

from setuptools import setup

setup()
