"""The package's one build step beyond setuptools' own: the message catalogues are compiled.

A compiled catalogue (``django.mo``) is a build product and is not in the repository; the
build compiles every ``locale/<lang>/LC_MESSAGES/*.po`` with gettext's ``msgfmt --check``
(requirements-apt.txt lists gettext): into the wheel (``pip install .``, the container
image), or — for an editable install (``make install``) — next to the ``.po`` in ``src/``.
Everything else is declared in pyproject.toml.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SRC = Path(__file__).resolve().parent / "src"


def compile_catalogues(root: Path) -> list[Path]:
    """``msgfmt --check`` every catalogue under ``root``; the compiled files."""
    compiled = []
    for po in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
        compiled.append(mo)
    return compiled


class BuildPyWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        editable = getattr(self, "editable_mode", False)
        compile_catalogues(SRC if editable else Path(self.build_lib))


setup(cmdclass={"build_py": BuildPyWithCatalogues})
