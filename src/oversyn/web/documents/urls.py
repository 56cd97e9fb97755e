"""The beslutsunderlag: the document page, its preview and downloads."""

from django.urls import path

from oversyn.web.documents import downloads
from oversyn.web.documents import views as views_document

urlpatterns = [
    path("arenden/<str:key>/dokument/", views_document.document, name="document"),
    path(
        "arenden/<str:key>/dokument/forhandsvisning/",
        views_document.preview,
        name="document_preview",
    ),
    path(
        "arenden/<str:key>/dokument/bild/<str:token>/",
        views_document.preview_image,
        name="document_image",
    ),
    path(
        "arenden/<str:key>/dokument/remissvar/<str:remiss_id>/<str:party>/<str:fmt>/",
        downloads.remiss_answer,
        name="remiss_answer_download",
    ),
    path("arenden/<str:key>/arkiv/<str:kind>/", downloads.archive, name="archive_download"),
    path(
        "arenden/<str:key>/dokument/bakgrund/",
        views_document.document_job_start,
        name="document_job_start",
    ),
    path(
        "arenden/<str:key>/dokument/bakgrund/<uuid:job_id>/",
        views_document.document_job_file,
        name="document_job_file",
    ),
    path(
        "arenden/<str:key>/dokument/<str:fmt>/",
        views_document.download,
        name="document_download",
    ),
]
