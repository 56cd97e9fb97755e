"""The generic pages every registered item kind gets (under the case, Swedish paths)."""

from django.urls import path

from oversyn.web.platform import views

urlpatterns = [
    path("arenden/<str:key>/poster/<str:kind>/", views.item_list, name="item_list"),
    path("arenden/<str:key>/poster/<str:kind>/ny/", views.item_edit, name="item_new"),
    path("arenden/<str:key>/poster/<str:kind>/<str:item_id>/", views.item_edit, name="item_edit"),
    path(
        "arenden/<str:key>/poster/<str:kind>/<str:item_id>/ta-bort/",
        views.item_delete,
        name="item_delete",
    ),
]
