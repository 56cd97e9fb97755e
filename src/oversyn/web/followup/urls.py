"""URLs — Follow-up: audit recommendations, the responsibility matrix, goals and indicators.

The list, edit and delete pages of each kind come from its :class:`~oversyn.web.platform.pages.
KindPage` (``followup_audit``, ``followup_audit_new|_edit|_delete`` …); an indicator's values
and the Kolada upload are this app's own, each declared beside its view.
"""

from oversyn.web.followup import views
from oversyn.web.platform.pages import urls_for

urlpatterns = [*urls_for(views.PAGES), *views.route.patterns]
