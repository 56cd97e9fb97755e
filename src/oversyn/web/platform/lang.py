"""The core's language ("sv"/"en") for the current request's Django language."""

from __future__ import annotations

from django.utils.translation import get_language

from oversyn.core.i18n import Lang


def current_lang() -> Lang:
    language = get_language() or "sv"
    return "en" if language.startswith("en") else "sv"
