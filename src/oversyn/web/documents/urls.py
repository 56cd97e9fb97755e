"""The beslutsunderlag: the document page, its preview and downloads (each route is declared
beside its view, :mod:`oversyn.web.platform.routes`)."""

from oversyn.web.documents import downloads, views

urlpatterns = views.route.patterns + downloads.route.patterns
