"""URLs — Follow-up: audit recommendations, the responsibility matrix, goals and indicators.

The list, edit and delete pages of each kind come from its :class:`~oversyn.web.platform.pages.
KindPage` (``followup_audit``, ``followup_audit_new|_edit|_delete`` …); an indicator's values
and the Kolada upload are this app's own.
"""

from django.urls import URLPattern, path

from oversyn.web.followup import views as v
from oversyn.web.platform.pages import urls_for

_IND = "arenden/<str:key>/mal/<str:goal_id>/indikatorer/<str:ind_id>/"

urlpatterns: list[URLPattern] = [
    *urls_for(v.PAGES),
    path(_IND + "varden/", v.value_add, name="followup_value_add"),
    path(_IND + "varden/ta-bort/", v.value_delete, name="followup_value_delete"),
    path(_IND + "kolada/", v.kolada_upload, name="followup_kolada"),
]
