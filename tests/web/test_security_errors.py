"""Error pages (issue 16, item 5): 400, 403, 404, 405 and 500 in the app's layout, in Swedish
(English through i18n), saying what to do, with the request id; nothing internal shown."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import path, reverse

from oversyn.web.urls import handler400, handler403, handler404, handler500  # noqa: F401
from oversyn.web.urls import urlpatterns as real_urlpatterns

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("hemlig intern detalj /etc/passwd")


urlpatterns = [path("krasch/", _boom), *real_urlpatterns]


def _check(response, status: int, *texts: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert '<a class="brand"' in page  # the app's layout (base.html)
    request_id = response["X-Request-Id"]
    assert len(request_id) == 32 and f"<code>{request_id}</code>" in page
    for text in texts:
        assert text in page, text
    for internal in ("Traceback", "/etc/passwd", "hemlig", "CaseRecord", "matches the given query"):
        assert internal not in page
    return page


def test_404_for_an_unknown_case_or_page(client, users):
    client.force_login(users["utredare"])
    page = _check(
        client.get(reverse("cases:overview", args=["finns-inte"])),
        404,
        "Sidan finns inte",
        "Kontrollera adressen",
        "Felkod att uppge för supporten:",
    )
    assert "<title>Sidan finns inte – Översyn</title>" in page
    _check(client.get("/ingen-sadan-sida/"), 404, "Sidan finns inte")


def test_403_says_what_to_do_and_keeps_our_own_reason(client, users, record):
    client.force_login(users["lasare"])
    response = client.post(reverse("cases:case_info", args=[record.key]), {"title": "x"})
    _check(response, 403, "Åtkomst nekad", "Be ärendets utredare om en roll")


def test_405_for_a_get_of_a_post_only_address(client, users, record):
    client.force_login(users["utredare"])
    response = client.get(reverse("cases:interactions_upload", args=[record.key]))
    _check(response, 405, "Fel sätt att öppna sidan", "använd knappen")
    assert response["Allow"] == "POST"


def test_400_for_a_request_django_refuses(client, users, record):
    client.force_login(users["utredare"])
    fields = {f"f{i}": "x" for i in range(1500)}  # DATA_UPLOAD_MAX_NUMBER_FIELDS is 1000
    response = client.post(reverse("cases:case_info", args=[record.key]), fields)
    _check(response, 400, "Felaktig begäran", "försök igen")


def test_csrf_failure_is_a_swedish_403(users, record):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(users["utredare"])
    response = csrf_client.post(reverse("cases:case_info", args=[record.key]), {})
    _check(response, 403, "Åtkomst nekad", "Ladda om sidan")


@override_settings(ROOT_URLCONF=__name__)
def test_500_hides_the_exception_and_gives_the_request_id(client, users):
    client.raise_request_exception = False
    client.force_login(users["utredare"])
    _check(client.get("/krasch/"), 500, "Något gick fel", "kontakta supporten")


@override_settings(ROOT_URLCONF=__name__)
def test_error_pages_in_english(client, users):
    client.raise_request_exception = False
    client.force_login(users["utredare"])
    client.cookies["django_language"] = "en"
    _check(client.get("/krasch/"), 500, "Something went wrong", "Error code to give to support:")
    _check(client.get("/ingen-sadan-sida/"), 404, "Page not found")


def test_database_busy_is_a_503_try_again_page_not_a_500(rf, users):
    from django.db import OperationalError

    from oversyn.web.errors import ErrorPageMiddleware

    request = rf.post("/")
    request.user = users["utredare"]
    request.request_id = "a" * 32
    middleware = ErrorPageMiddleware(lambda r: None)
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 503
    assert "Databasen är upptagen" in response.content.decode()
    assert middleware.process_exception(request, RuntimeError("x")) is None


def test_sqlite_runs_in_wal_with_immediate_transactions():
    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert options["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in options["init_command"]
        assert "busy_timeout" in options["init_command"]
