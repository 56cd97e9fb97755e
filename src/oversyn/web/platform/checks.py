"""System checks (``manage.py check``, also run by ``migrate`` and ``runserver``).

``oversyn.W001``: a message catalogue (``django.po``) without its compiled ``django.mo``, or
with one older than the catalogue. The .mo files are build products (``make install``, the
wheel build and the container compile them); without one, Django falls back silently to the
Swedish source strings, so an English user sees Swedish and nobody is told why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


def catalogue_problems(paths: list[Path]) -> list[Warning]:
    """A warning for each ``django.po`` below ``paths`` whose ``django.mo`` is missing or stale."""
    found = []
    for root in paths:
        for po in sorted(Path(root).glob("*/LC_MESSAGES/django.po")):
            mo = po.with_suffix(".mo")
            if not mo.exists():
                state = "saknas"
            elif mo.stat().st_mtime < po.stat().st_mtime:
                state = "är äldre än django.po"
            else:
                continue
            found.append(
                Warning(
                    f"Den kompilerade översättningen {mo} {state}: "
                    f"gränssnittet visas då på svenska för alla språk.",
                    hint=f"Kör 'make install' eller 'msgfmt --check -o {mo} {po}'.",
                    id="oversyn.W001",
                )
            )
    return found


@register()
def compiled_catalogues(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    return catalogue_problems([Path(p) for p in settings.LOCALE_PATHS])
