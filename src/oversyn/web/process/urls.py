"""URLs — SWOT, costs, decisions and minutes, status and deadlines, the process checklist
(each route is declared beside its view, :mod:`oversyn.web.platform.routes`)."""

from oversyn.web.process import views

urlpatterns = views.route.patterns
