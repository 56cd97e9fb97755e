"""Invitations and the case's mailings (each route is declared beside its view,
:mod:`oversyn.web.platform.routes`)."""

from oversyn.web.notifications import views

urlpatterns = views.route.patterns
