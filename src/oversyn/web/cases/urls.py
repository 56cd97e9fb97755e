"""The site's case URLs (namespace ``cases``, Swedish paths): this app's pages, then each
area app's ``urlpatterns``."""

from django.urls import path

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

urlpatterns = [
    path("", views.case_list, name="list"),
    path("nytt-arende/", views.case_new, name="case_new"),
    path("arenden/<str:key>/", views.overview, name="overview"),
    path("arenden/<str:key>/export.yaml", views.export_yaml, name="export_yaml"),
    path("arenden/<str:key>/importera/", views.import_yaml, name="import_yaml"),
    path("arenden/<str:key>/uppgifter/", views.case_info, name="case_info"),
    path("arenden/<str:key>/besparing/", views.finance, name="finance"),
    path("arenden/<str:key>/historik/", views.history, name="history"),
    path("arenden/<str:key>/historik/jamfor/", views.revision_diff, name="revision_diff"),
    path("arenden/<str:key>/historik/<int:version>/", views.revision_show, name="revision"),
    path(
        "arenden/<str:key>/historik/<int:version>/aterstall/",
        views.revision_restore,
        name="revision_restore",
    ),
    path("arenden/<str:key>/medlemmar/", views.members, name="members"),
]

# Evaluation, the beslutsunderlag and the municipal case: remiss (and the parties' own
# pages), SWOT/costs/decisions/checklist,
# and follow-up (audit recommendations, responsibilities, goals and indicators).
urlpatterns += (
    organisation_urls.urlpatterns
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
