"""URLs — SWOT, costs, decisions and minutes, status and deadlines, the process checklist."""

from django.urls import URLPattern, path  # noqa: F401 (the views register here)

urlpatterns: list[URLPattern] = []
