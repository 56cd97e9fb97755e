"""The alternatives and the alternative builder's operations (each route is declared beside
its view, :mod:`oversyn.web.platform.routes`)."""

from oversyn.web.alternatives import views

urlpatterns = views.route.patterns
