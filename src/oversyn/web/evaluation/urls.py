"""Evaluation: criteria (gates, principles, metrics), weights, scoring and results (each route
is declared beside its view, :mod:`oversyn.web.platform.routes`)."""

from oversyn.web.evaluation import views

urlpatterns = views.route.patterns
