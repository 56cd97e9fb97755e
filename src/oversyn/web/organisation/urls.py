"""The baseline organisation, its Excel import/export, interactions and journeys (each route
is declared beside its view, :mod:`oversyn.web.platform.routes`)."""

from oversyn.web.organisation import views

urlpatterns = views.route.patterns
