"""URL configuration: the cases app, login/logout, language switch and the Django admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("", include("oversyn.web.accounts.urls")),  # logga-ut/ (also after SSO), oidc/, saml2/
    path("", include("oversyn.web.ops.urls")),  # halsa/
    path("", include("oversyn.web.notifications.urls")),  # inbjudan/, utskick
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("oversyn.web.cases.urls")),
    path("", include("oversyn.web.api.urls")),  # api/v1/: the REST API (docs/api.md)
]

# Error pages in the app's layout, in Swedish, with the request id (oversyn.web.errors).
handler400 = "oversyn.web.errors.bad_request"
handler403 = "oversyn.web.errors.permission_denied"
handler404 = "oversyn.web.errors.page_not_found"
handler500 = "oversyn.web.errors.server_error"
