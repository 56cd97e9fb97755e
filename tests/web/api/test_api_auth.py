"""Authentication: personal tokens (hashed, scoped, revocable, last use recorded), the session
with CSRF, the user's own token page, and the OpenAPI document and docs page."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import Client
from django.urls import reverse

from oversyn.web.api.models import ApiToken
from oversyn.web.api.tokens import token_create

pytestmark = pytest.mark.django_db


def test_no_credentials_and_bad_tokens_are_401(api, record):
    assert api(None).get("/cases").status_code == 401
    bad = api(None)
    bad.secret = "ovs_fel"
    response = bad.get("/cases")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert "API-nyckel" in response.json()["detail"]


def test_a_token_is_stored_hashed_and_records_its_last_use(api_for, users, record):
    token, secret = token_create(user=users["lasare"], name="BI", scope="read")
    assert secret not in (token.hashed_secret, token.prefix)
    assert token.hashed_secret == hashlib.sha256(secret.encode()).hexdigest()
    assert token.last_used is None


def test_read_tokens_read_and_are_refused_every_write(api_for, users, record):
    reader = api_for(users["utredare"], "read")
    assert reader.get(f"/cases/{record.key}").status_code == 200
    assert ApiToken.objects.get(user=users["utredare"], scope="read").last_used is not None
    response = reader.post(f"/cases/{record.key}/items/cost_line", {"label": "x"})
    assert response.status_code == 403 and "bara läsa" in response.json()["detail"]
    writer = api_for(users["utredare"], "write")
    assert writer.post(f"/cases/{record.key}/items/cost_line", {"label": "x"}).status_code == 422


def test_a_revoked_token_and_an_inactive_user_are_401(api_for, users, record):
    caller = api_for(users["lasare"])
    assert caller.get("/cases").status_code == 200
    ApiToken.objects.filter(user=users["lasare"]).update(revoked="2026-01-01T00:00Z")
    assert caller.get("/cases").status_code == 401
    other = api_for(users["bedomare"])
    users["bedomare"].is_active = False
    users["bedomare"].save()
    assert other.get("/cases").status_code == 401


def test_the_session_works_and_writes_need_the_csrf_token(users, record):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["utredare"])
    assert client.get("/api/v1/cases").status_code == 200
    url = f"/api/v1/cases/{record.key}/items/cost_line"
    body = json.dumps({"label": "Sessionspost", "kind": "yearly", "alternative": "ia-till-ifo"})
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    client.get(reverse("cases:overview", kwargs={"key": record.key}))  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    made = client.post(url, body, content_type="application/json", headers={"X-CSRFToken": csrf})
    assert made.status_code in (201, 422), made.content  # past authentication and CSRF
    assert made.status_code != 403


def test_the_token_page_makes_shows_once_and_revokes(client, users):
    url = reverse("api_tokens")
    assert client.get(url).status_code == 302  # to the login
    client.force_login(users["lasare"])
    page = client.get(url)
    assert page.status_code == 200 and "Du har inga API-nycklar" in page.content.decode()
    made = client.post(url, {"name": "Power BI", "scope": "read"})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=users["lasare"])
    html = made.content.decode()
    secret = html.split('id="new-secret" type="text" readonly value="')[1].split('"')[0]
    assert (
        secret.startswith("ovs_")
        and token.hashed_secret == hashlib.sha256(secret.encode()).hexdigest()
    )
    again = client.get(url).content.decode()
    assert secret not in again and "Power BI" in again and "aldrig" in again
    bad = client.post(url, {"name": "", "scope": "admin"})
    assert bad.status_code == 400 and "Namn måste fyllas i" in bad.content.decode()
    # another user's token is not found, and a revoke only touches one's own
    theirs, _secret = token_create(user=users["bedomare"], name="deras", scope="write")
    client.post(url, {"revoke": str(theirs.pk)})
    theirs.refresh_from_db()
    assert theirs.revoked is None
    done = client.post(url, {"revoke": str(token.pk)})
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None
    assert "återkallad" in client.get(url).content.decode()


def test_openapi_document_and_docs_page_work_without_a_cdn_under_the_csp(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Översyn API"
    ops = {op["operationId"] for methods in schema["paths"].values() for op in methods.values()}
    assert {"case_list", "case_create", "case_export", "case_import", "cost_line_update"} <= ops
    assert {"alternative_analysis", "evaluation_results", "document_download"} <= ops
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    # no inline script runs: the only inline <script> is a JSON data block
    import re

    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all('type="application/json"' in attrs for attrs in inline)
