"""The site's case URLs (namespace ``cases``, Swedish paths): this app's pages, then each
area app's ``urlpatterns``."""

from oversyn.web.alternatives import urls as alternatives_urls
from oversyn.web.cases import views
from oversyn.web.designsearch import urls as designsearch_urls
from oversyn.web.documents import urls as documents_urls
from oversyn.web.evaluation import urls as evaluation_urls
from oversyn.web.followup import urls as followup_urls
from oversyn.web.jobs import urls as jobs_urls
from oversyn.web.organisation import urls as organisation_urls
from oversyn.web.platform import urls as platform_urls
from oversyn.web.process import urls as process_urls
from oversyn.web.remiss import urls as remiss_urls

app_name = "cases"

# This app's pages (each declared beside its view), then the organisation, alternatives,
# evaluation, the beslutsunderlag and the municipal case: remiss (and the parties' own
# pages), SWOT/costs/decisions/checklist, and follow-up (audit recommendations,
# responsibilities, goals and indicators).
urlpatterns = (
    views.route.patterns
    + organisation_urls.urlpatterns
    + alternatives_urls.urlpatterns
    + evaluation_urls.urlpatterns
    + documents_urls.urlpatterns
    + remiss_urls.urlpatterns
    + process_urls.urlpatterns
    + followup_urls.urlpatterns
    + platform_urls.urlpatterns
    + jobs_urls.urlpatterns
    + designsearch_urls.urlpatterns
)
