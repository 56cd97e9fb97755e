"""The baseline organisation, its Excel import/export, interactions and journeys."""

from django.urls import path

from oversyn.web.organisation import views as views

urlpatterns = [
    path("arenden/<str:key>/organisation/", views.organisation, name="organisation"),
    path(
        "arenden/<str:key>/organisation.xlsx",
        views.org_export_xlsx,
        name="org_export_xlsx",
    ),
    path(
        "arenden/<str:key>/organisation/excel/",
        views.org_import_xlsx,
        name="org_import_xlsx",
    ),
    path(
        "arenden/<str:key>/organisation/<str:kind>/ny/",
        views.org_object,
        name="org_new",
    ),
    path(
        "arenden/<str:key>/organisation/<str:kind>/<str:obj_id>/",
        views.org_object,
        name="org_object",
    ),
    path(
        "arenden/<str:key>/organisation/<str:kind>/<str:obj_id>/ta-bort/",
        views.org_object_delete,
        name="org_object_delete",
    ),
    path("arenden/<str:key>/samverkan/", views.interactions, name="interactions"),
    path(
        "arenden/<str:key>/samverkan/<int:index>/ta-bort/",
        views.interaction_delete,
        name="interaction_delete",
    ),
    path(
        "arenden/<str:key>/samverkan/csv/",
        views.interactions_upload,
        name="interactions_upload",
    ),
    path("arenden/<str:key>/samverkan/poster/", views.records_upload, name="records_upload"),
    path(
        "arenden/<str:key>/samverkan/poster/<str:upload_id>/",
        views.records_map,
        name="records_map",
    ),
    path(
        "arenden/<str:key>/samverkan/karta.png",
        views.interactions_heatmap,
        name="interactions_heatmap",
    ),
    path("arenden/<str:key>/kedjor/", views.journey_save, name="journey_save"),
    path(
        "arenden/<str:key>/kedjor/<str:journey_id>/ta-bort/",
        views.journey_delete,
        name="journey_delete",
    ),
]
