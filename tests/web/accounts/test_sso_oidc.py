"""Single sign-on with OpenID Connect against a REAL provider on loopback, in Chromium.

The provider is the npm package ``oidc-provider`` (tests/web/accounts/oidc, installed by ``make
test`` with ``npm ci``), started with node on a free loopback port. Anna's group ``ia-utredare``
maps to utredare in the IA → IFO case; Bertil's group maps to nothing. Anna logs in through the
provider's own login page, lands on the case list and sees the case, then logs out (at the
provider too) and is back on our login page. Bertil logs in and sees no case. Every request the
browser makes outside 127.0.0.1 is refused by the test."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from oversyn.web.accounts.models import ExternalIdentity, SsoGrant
from oversyn.web.cases.models import AuditRecord, Membership, Role

OIDC_DIR = Path(__file__).parent / "oidc"
CHROMIUM = Path("/usr/bin/chromium")
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)"),
]

USERS = {
    "anna": {
        "password": "anna-pw",
        "email": "anna.andersson@enkoping.se",
        "name": "Anna Andersson",
        "groups": ["ia-utredare", "alla-anstallda"],
    },
    "bertil": {
        "password": "bertil-pw",
        "email": "bertil@enkoping.se",
        "name": "Bertil Berg",
        "groups": ["alla-anstallda"],
    },
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def provider(live_server, tmp_path, settings):
    """oidc-provider on loopback, and our settings pointed at it."""
    assert NODE, "node is needed (requirements-apt.txt: nodejs)"
    assert (OIDC_DIR / "node_modules" / "oidc-provider").is_dir(), (
        "tests/web/accounts/oidc is not installed: run `make test` (npm ci)"
    )
    port = _free_port()
    conf = tmp_path / "oidc.json"
    conf.write_text(
        json.dumps(
            {
                "client_id": "oversyn",
                "client_secret": "test-secret-not-used-elsewhere",
                "redirect_uri": f"{live_server.url}/oidc/callback/",
                "post_logout_redirect_uri": f"{live_server.url}/logga-in/",
                "users": USERS,
            }
        )
    )
    proc = subprocess.Popen(
        [NODE, str(OIDC_DIR / "provider.mjs"), str(port), str(conf)],
        cwd=OIDC_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("ready "), proc.stderr.read()
        issuer = line.split()[1]
        settings.OIDC_RP_CLIENT_ID = "oversyn"
        settings.OIDC_RP_CLIENT_SECRET = "test-secret-not-used-elsewhere"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/auth"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/me"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/jwks"
        settings.OVERSYN_OIDC_LOGOUT_ENDPOINT = f"{issuer}/session/end"
        settings.OVERSYN_SSO_GROUP_ROLES = {"ia-utredare": ["case:ia-till-ifo:utredare"]}
        csp = json.loads(json.dumps(settings.CONTENT_SECURITY_POLICY))
        csp["DIRECTIVES"]["form-action"].append(issuer)  # the logout goes on to the provider
        settings.CONTENT_SECURITY_POLICY = csp
        yield issuer
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")

    def loopback_only(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", loopback_only)
    yield context.new_page()
    context.close()


def _sso_login(page, live_server, login, screenshot=None):
    page.goto(live_server.url + "/logga-in/")
    if screenshot:
        page.screenshot(path=str(screenshot))
    page.get_by_role("link", name="Logga in med kommunens konto (OpenID Connect)").click()
    page.wait_for_selector("text=Testleverantörens inloggning")
    page.fill("#login", login)
    page.fill("#password", USERS[login]["password"])
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(live_server.url + "/")


def test_login_sees_own_cases_and_logs_out(
    provider, page, live_server, record, django_user_model, screenshot_dir
):
    _sso_login(page, live_server, "anna", screenshot=screenshot_dir / "login-sso.png")
    assert page.get_by_role("link", name=record.title).is_visible()
    assert page.locator(".who").inner_text() == "anna"

    anna = django_user_model.objects.get(username="anna")
    assert anna.email == "anna.andersson@enkoping.se"
    assert (anna.first_name, anna.last_name) == ("Anna", "Andersson")
    assert not anna.has_usable_password()
    assert ExternalIdentity.objects.get(user=anna).provider == "oidc"
    assert Membership.objects.get(case=record, user=anna).role == Role.UTREDARE
    assert SsoGrant.objects.get(user=anna).scope == "case:ia-till-ifo"
    audit = AuditRecord.objects.filter(case=record, object_type="membership", object_id="anna")
    assert [a.user_name for a in audit] == ["SSO (oidc)"]

    page.goto(f"{live_server.url}/arenden/{record.key}/")
    assert page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("button", name="Ja, logga ut").click()  # the provider's own logout page
    page.wait_for_url(live_server.url + "/logga-in/")
    page.goto(live_server.url + "/")
    assert page.url.startswith(live_server.url + "/logga-in/")

    # the next login is the same user (found by the provider's subject), roles unchanged
    _sso_login(page, live_server, "anna")
    assert django_user_model.objects.filter(email="anna.andersson@enkoping.se").count() == 1
    assert Membership.objects.filter(user=anna).count() == 1


def test_group_without_role_sees_nothing(provider, page, live_server, record, django_user_model):
    _sso_login(page, live_server, "bertil")
    bertil = django_user_model.objects.get(username="bertil")
    assert not Membership.objects.filter(user=bertil).exists()
    assert page.get_by_role("link", name=record.title).count() == 0
    assert page.goto(f"{live_server.url}/arenden/{record.key}/").status == 404
