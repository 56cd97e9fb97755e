"""URLs — SWOT, costs, decisions and minutes, status and deadlines, the process checklist
(each route is declared beside its view, :mod:`oversyn.web.platform.routes`; the costs,
decisions and own sections by their :class:`~oversyn.web.platform.pages.ListFormPage`)."""

from oversyn.web.platform.pages import list_form_urls
from oversyn.web.process import views

urlpatterns = [*views.route.patterns, *list_form_urls(views.LIST_PAGES)]
