from django.urls import path

from oversyn.web.ops import health

urlpatterns = [path("halsa/", health.halsa, name="halsa")]
