"""The alternatives and the alternative builder's operations."""

from django.urls import path

from oversyn.web.alternatives import views as views

urlpatterns = [
    path(
        "arenden/<str:key>/alternativ/",
        views.alternative_create,
        name="alternative_create",
    ),
    path(
        "arenden/<str:key>/alternativ/<str:alt_id>/",
        views.alternative,
        name="alternative",
    ),
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
]
