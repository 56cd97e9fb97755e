"""The generic pages every registered item kind gets (under the case, Swedish paths; each
route is declared beside its view, :mod:`oversyn.web.platform.routes`)."""

from oversyn.web.platform import views

urlpatterns = views.route.patterns
