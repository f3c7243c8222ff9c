"""Packs the sample project into the wheel, so hpdeck works outside this repository.

``themes/``, ``decks/`` and ``content/`` go into the package as ``hpdeck/starter/``: the themes
every project may name, and what ``hpdeck init`` copies. An editable install (``make``) reads
the checkout's own folders instead (see ``hpdeck.bundled``). Everything else is in
pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SAMPLE = ("themes", "decks", "content")
LEFT_OUT = shutil.ignore_patterns("*.py", "__pycache__", ".*")  # the template's maker script


class BuildWithStarter(build_py):
    """build_py, then the sample project copied into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        here = Path(__file__).parent
        target = Path(self.build_lib) / "hpdeck" / "starter"
        for folder in SAMPLE:
            shutil.rmtree(target / folder, ignore_errors=True)
            shutil.copytree(here / folder, target / folder, ignore=LEFT_OUT)


setup(cmdclass={"build_py": BuildWithStarter})
