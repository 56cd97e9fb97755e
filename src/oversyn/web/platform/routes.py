"""An app's URL patterns, each declared once beside its view.

A views module makes one ``route = Routes()`` and writes the path and the URL name above the
view (outermost, so the pattern gets the view with all its decorators)::

    @route("samverkan/", "interactions")
    @case_view()
    def interactions(request, access): ...

    journey_delete = route("kedjor/<str:journey_id>/ta-bort/", "journey_delete")(
        posted_button(...)
    )

The path is under the case (``arenden/<str:key>/``) unless ``case=False`` (a party's own
inbox, an invitation).  The app's ``urls.py`` is ``urlpatterns = views.route.patterns``: the
patterns in the order they are declared in the module (Django tries them in that order, so a
literal path such as ``dokument/forhandsvisning/`` is declared before ``dokument/<str:fmt>/``).
URL names are those the pages always had (links, tests and bookmarks keep working).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.urls import URLPattern, path

CASE = "arenden/<str:key>/"

V = TypeVar("V", bound=Callable[..., Any])


class Routes:
    """The URL patterns of one views module, in the order they were declared."""

    def __init__(self) -> None:
        self.patterns: list[URLPattern] = []

    def __call__(self, route: str, name: str, *, case: bool = True) -> Callable[[V], V]:
        """A decorator: ``route`` (under the case unless ``case`` is False) names the view
        ``name``; the view itself is returned unchanged."""

        def add(view: V) -> V:
            self.patterns.append(path((CASE if case else "") + route, view, name=name))
            return view

        return add
