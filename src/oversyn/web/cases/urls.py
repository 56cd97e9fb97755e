"""The site's case URLs (namespace ``cases``, Swedish paths): this app's pages, then each
area app's ``urlpatterns``."""

from django.urls import path

from oversyn.web.cases import views
from oversyn.web.documents import urls as documents_urls
from oversyn.web.evaluation import urls as evaluation_urls
from oversyn.web.followup import urls as followup_urls
from oversyn.web.platform import urls as platform_urls
from oversyn.web.process import urls as process_urls
from oversyn.web.remiss import urls as remiss_urls

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("arenden/<str:key>/", views.overview, name="overview"),
    path("arenden/<str:key>/export.yaml", views.export_yaml, name="export_yaml"),
    path("arenden/<str:key>/importera/", views.import_yaml, name="import_yaml"),
    path("arenden/<str:key>/organisation/", views.organisation, name="organisation"),
    path("arenden/<str:key>/organisation.xlsx", views.org_export_xlsx, name="org_export_xlsx"),
    path("arenden/<str:key>/organisation/excel/", views.org_import_xlsx, name="org_import_xlsx"),
    path("arenden/<str:key>/organisation/<str:kind>/ny/", views.org_object, name="org_new"),
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
    path("arenden/<str:key>/alternativ/", views.alternative_create, name="alternative_create"),
    path("arenden/<str:key>/alternativ/<str:alt_id>/", views.alternative, name="alternative"),
    path(
        "arenden/<str:key>/alternativ/<str:alt_id>/andra/",
        views.alternative_update,
        name="alternative_update",
    ),
    path(
        "arenden/<str:key>/alternativ/<str:alt_id>/ta-bort/",
        views.alternative_delete,
        name="alternative_delete",
    ),
    path(
        "arenden/<str:key>/alternativ/<str:alt_id>/formular/",
        views.operation_form,
        name="operation_form",
    ),
    path(
        "arenden/<str:key>/alternativ/<str:alt_id>/forhandsvisa/",
        views.operation_preview,
        name="operation_preview",
    ),
    path(
        "arenden/<str:key>/alternativ/<str:alt_id>/andringar/",
        views.operation_add,
        name="operation_add",
    ),
    path(
        "arenden/<str:key>/alternativ/<str:alt_id>/andringar/<int:index>/ta-bort/",
        views.operation_remove,
        name="operation_remove",
    ),
    path("arenden/<str:key>/samverkan/", views.interactions, name="interactions"),
    path(
        "arenden/<str:key>/samverkan/<int:index>/ta-bort/",
        views.interaction_delete,
        name="interaction_delete",
    ),
    path("arenden/<str:key>/samverkan/csv/", views.interactions_upload, name="interactions_upload"),
    path("arenden/<str:key>/uppgifter/", views.case_info, name="case_info"),
    path("arenden/<str:key>/kedjor/", views.journey_save, name="journey_save"),
    path(
        "arenden/<str:key>/kedjor/<str:journey_id>/ta-bort/",
        views.journey_delete,
        name="journey_delete",
    ),
    path("arenden/<str:key>/historik/", views.history, name="history"),
    path("arenden/<str:key>/medlemmar/", views.members, name="members"),
]

# Evaluation, the beslutsunderlag and the municipal case: remiss (and the parties' own
# pages), SWOT/costs/decisions/checklist,
# and follow-up (audit recommendations, responsibilities, goals and indicators).
urlpatterns += (
    evaluation_urls.urlpatterns
    + documents_urls.urlpatterns
    + remiss_urls.urlpatterns
    + process_urls.urlpatterns
    + followup_urls.urlpatterns
    + platform_urls.urlpatterns
)
