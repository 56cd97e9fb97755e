"""Job pages (namespace ``cases``)."""

from django.urls import path

from oversyn.web.jobs import views

urlpatterns = [
    path("arenden/<str:key>/jobb/", views.case_jobs, name="case_jobs"),
    path("jobb/<uuid:job_id>/", views.job_detail, name="job"),
    path("jobb/<uuid:job_id>/avbryt/", views.job_cancel, name="job_cancel"),
]
