"""URLs — Remiss: the investigator's remiss pages and a party's own inbox and answer page
(each route is declared beside its view, :mod:`oversyn.web.platform.routes`)."""

from oversyn.web.remiss import views

urlpatterns = views.route.patterns
