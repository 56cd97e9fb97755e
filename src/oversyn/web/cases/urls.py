from django.urls import path

from oversyn.web.cases import (
    urls_followup,
    urls_process,
    urls_remiss,
    views,
    views_archive,
    views_document,
    views_evaluation,
)

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
    path(
        "arenden/<str:key>/utvardering/kriterier/",
        views_evaluation.criteria,
        name="eval_criteria",
    ),
    path(
        "arenden/<str:key>/utvardering/alternativ/",
        views_evaluation.alternatives_save,
        name="eval_alternatives",
    ),
    path("arenden/<str:key>/utvardering/krav/", views_evaluation.gate_save, name="gate_save"),
    path(
        "arenden/<str:key>/utvardering/krav/<str:gate_id>/ta-bort/",
        views_evaluation.gate_delete,
        name="gate_delete",
    ),
    path(
        "arenden/<str:key>/utvardering/principer/",
        views_evaluation.principle_save,
        name="principle_save",
    ),
    path(
        "arenden/<str:key>/utvardering/principer/<str:principle_id>/ta-bort/",
        views_evaluation.principle_delete,
        name="principle_delete",
    ),
    path(
        "arenden/<str:key>/utvardering/matt/",
        views_evaluation.metric_save,
        name="metric_save",
    ),
    path(
        "arenden/<str:key>/utvardering/matt/<str:metric_id>/ta-bort/",
        views_evaluation.metric_delete,
        name="metric_delete",
    ),
    path(
        "arenden/<str:key>/utvardering/vikter/", views_evaluation.weights_save, name="weights_save"
    ),
    path("arenden/<str:key>/utvardering/poang/", views_evaluation.scoring, name="eval_scoring"),
    path("arenden/<str:key>/utvardering/", views_evaluation.results, name="eval_results"),
    path("arenden/<str:key>/dokument/", views_document.document, name="document"),
    path(
        "arenden/<str:key>/dokument/forhandsvisning/",
        views_document.preview,
        name="document_preview",
    ),
    path(
        "arenden/<str:key>/dokument/remissvar/<str:remiss_id>/<str:party>/<str:fmt>/",
        views_archive.remiss_answer,
        name="remiss_answer_download",
    ),
    path("arenden/<str:key>/arkiv/<str:kind>/", views_archive.archive, name="archive_download"),
    path(
        "arenden/<str:key>/dokument/<str:fmt>/",
        views_document.download,
        name="document_download",
    ),
    path("arenden/<str:key>/historik/", views.history, name="history"),
    path("arenden/<str:key>/medlemmar/", views.members, name="members"),
]

# The municipal case: remiss (and the parties' own pages), SWOT/costs/decisions/checklist,
# and follow-up (audit recommendations, responsibilities, goals and indicators).
urlpatterns += urls_remiss.urlpatterns + urls_process.urlpatterns + urls_followup.urlpatterns
