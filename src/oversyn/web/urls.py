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
]
