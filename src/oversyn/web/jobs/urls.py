"""Job pages (namespace ``cases``; each route is declared beside its view,
:mod:`oversyn.web.platform.routes`)."""

from oversyn.web.jobs import views

urlpatterns = views.route.patterns
