"""Template context every page gets from the platform."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from oversyn.web.platform import registry


def item_menu(request: HttpRequest) -> dict[str, Any]:
    """``item_menu``: the registered kinds that have a generic menu entry, by menu group."""
    return {"item_menu": registry.menu()}
