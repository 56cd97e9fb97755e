"""The design search (Organisationssökning; namespace ``cases``; each route is declared
beside its view, :mod:`oversyn.web.platform.routes`)."""

from oversyn.web.designsearch import views

urlpatterns = views.route.patterns
