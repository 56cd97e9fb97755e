"""URLs — Remiss: the investigator's remiss pages and a party's own inbox and answer page."""

from django.urls import URLPattern, path  # noqa: F401 (the views register here)

urlpatterns: list[URLPattern] = []
