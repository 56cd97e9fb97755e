"""URLs — Follow-up: audit recommendations, the responsibility matrix, goals and indicators."""

from django.urls import URLPattern, path  # noqa: F401 (the views register here)

urlpatterns: list[URLPattern] = []
