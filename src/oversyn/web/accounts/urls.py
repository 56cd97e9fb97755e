"""Single sign-on routes (only those switched on) and the logout that knows about them."""

from django.conf import settings
from django.urls import include, path

from oversyn.web.accounts import views

urlpatterns = [
    path("logga-ut/", views.logout, name="logout"),
    path("konto/api-nycklar/", views.api_tokens, name="api_tokens"),
]
if settings.OVERSYN_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
if settings.OVERSYN_SAML_ENABLED:
    urlpatterns.append(path("saml2/", include("djangosaml2.urls")))
