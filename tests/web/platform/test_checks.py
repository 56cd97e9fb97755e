"""System checks: oversyn.W001 (a message catalogue without its compiled .mo)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from oversyn.web.platform.checks import catalogue_problems


def _catalogue(tmp_path: Path) -> Path:
    source = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    return Path(shutil.copy(source, folder / "django.po"))


def test_the_installed_catalogues_are_compiled():
    assert catalogue_problems([Path(p) for p in settings.LOCALE_PATHS]) == []
    call_command("check", fail_level="WARNING")  # no warning of ours (or anybody's)


def test_a_missing_catalogue_is_named_with_the_command_that_makes_it(tmp_path):
    po = _catalogue(tmp_path)
    (problem,) = catalogue_problems([tmp_path])
    assert problem.id == "oversyn.W001"
    assert "django.mo saknas" in problem.msg and "på svenska" in problem.msg
    assert f"msgfmt --check -o {po.with_suffix('.mo')} {po}" in problem.hint


def test_a_catalogue_older_than_its_source_is_stale(tmp_path):
    po = _catalogue(tmp_path)
    mo = po.with_suffix(".mo")
    mo.write_bytes(b"")
    os.utime(mo, (1, 1))
    (problem,) = catalogue_problems([tmp_path])
    assert "är äldre än django.po" in problem.msg
    os.utime(mo, None)
    assert catalogue_problems([tmp_path]) == []
