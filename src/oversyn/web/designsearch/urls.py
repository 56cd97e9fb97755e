"""The design search (Organisationssökning; namespace ``cases``)."""

from django.urls import path

from oversyn.web.designsearch import views

urlpatterns = [
    path("arenden/<str:key>/sok/", views.design_search, name="design_search"),
    path(
        "arenden/<str:key>/sok/<uuid:job_id>/",
        views.design_search_result,
        name="design_search_result",
    ),
    path(
        "arenden/<str:key>/sok/<uuid:job_id>/lagg-till/",
        views.design_search_adopt,
        name="design_search_adopt",
    ),
]
