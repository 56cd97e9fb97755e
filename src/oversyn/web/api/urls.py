"""``/api/v1/``: the REST API's routes (namespace ``api``)."""

from django.urls import path

from oversyn.web.api.api import api

urlpatterns = [path("api/v1/", api.urls)]
