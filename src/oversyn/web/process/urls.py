"""URLs — SWOT, costs, decisions and minutes, status and deadlines, the process checklist."""

from django.urls import URLPattern, path

from oversyn.web.process import views as v

P = "arenden/<str:key>/"

urlpatterns: list[URLPattern] = [
    path(P + "status/", v.status, name="process_status"),
    path(P + "status/ny/", v.status_add, name="status_add"),
    path(P + "status/per-dag/", v.as_of_save, name="as_of_save"),
    path(P + "status/<int:index>/ta-bort/", v.status_delete, name="status_delete"),
    path(P + "status/tidsfrister/", v.deadline_save, name="deadline_save"),
    path(
        P + "status/tidsfrister/<str:deadline_id>/ta-bort/",
        v.deadline_delete,
        name="deadline_delete",
    ),
    path(P + "swot/", v.swot, name="process_swot"),
    path(P + "swot/<str:alt_id>/", v.swot_save, name="swot_save"),
    path(P + "swot/<str:alt_id>/ta-bort/", v.swot_delete, name="swot_delete"),
    path(P + "kostnader/", v.costs, name="process_costs"),
    path(P + "kostnader/spara/", v.cost_save, name="cost_save"),
    path(P + "kostnader/<str:cost_id>/ta-bort/", v.cost_delete, name="cost_delete"),
    path(P + "beslut/", v.decisions, name="process_decisions"),
    path(P + "beslut/spara/", v.decision_save, name="decision_save"),
    path(P + "beslut/<str:decision_id>/ta-bort/", v.decision_delete, name="decision_delete"),
    path(
        P + "beslut/<str:decision_id>/utdrag/<str:fmt>/",
        v.decision_extract,
        name="decision_extract",
    ),
    path(P + "egna-avsnitt/", v.sections, name="process_sections"),
    path(P + "egna-avsnitt/spara/", v.section_save, name="section_save"),
    path(P + "egna-avsnitt/<str:section_id>/ta-bort/", v.section_delete, name="section_delete"),
    path(P + "checklista/", v.checklist, name="process_checklist"),
    path(P + "checklista/spara/", v.checklist_save, name="checklist_save"),
]
