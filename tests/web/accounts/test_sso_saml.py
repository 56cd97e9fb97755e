"""SAML 2.0 round trip in Chromium against a pysaml2 IdP on loopback.

The IdP is pysaml2's own ``saml2.server.Server`` behind a small HTTP server in the test, with
its own key and certificate; our SP (djangosaml2) has another pair.  They know each other by
metadata files written here.  Cecilia is already logged in at the IdP (as at a municipality's
ADFS): she clicks "Logga in med kommunens konto (SAML)", our SP sends a signed AuthnRequest
(HTTP-Redirect), the IdP answers with a signed assertion (HTTP-POST) carrying ``uid``, ``mail``
and ``groups``; she lands on the case list with the role her group gives and sees the case.
She logs out: single logout at the IdP (HTTP-Redirect both ways) and back to our login page.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from oversyn.web.accounts.models import ExternalIdentity
from oversyn.web.accounts.saml_config import saml_config
from oversyn.web.cases.models import AuditRecord, Membership, Role

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)"),
    pytest.mark.skipif(not shutil.which("xmlsec1"), reason="needs xmlsec1 (make sysdeps)"),
]

IDENTITIES = {
    "cecilia": {
        "uid": ["cecilia"],
        "mail": ["cecilia.c@enkoping.se"],
        "givenName": ["Cecilia"],
        "sn": ["Carlsson"],
        "groups": ["ia-lasare"],
    },
    "david": {
        "uid": ["david"],
        "mail": ["david@enkoping.se"],
        "givenName": ["David"],
        "sn": ["Dahl"],
        "groups": ["alla-anstallda"],
    },
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _keypair(folder: Path, name: str) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


class IdP:
    """pysaml2's Server on loopback: SSO and SLO over HTTP-Redirect, answers over HTTP-POST."""

    def __init__(self, folder: Path, sp_metadata: str):
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.config import IdPConfig
        from saml2.saml import NAMEID_FORMAT_PERSISTENT

        self.port = _free_port()
        # the same site as the live server (localhost): the IdP's POST back carries our SAML
        # session cookie, as it does over https with SameSite=None in production
        self.base = f"http://localhost:{self.port}"
        key, cert = _keypair(folder, "idp")
        conf = IdPConfig()
        conf.load(
            {
                "entityid": f"{self.base}/metadata",
                "xmlsec_binary": shutil.which("xmlsec1"),
                "service": {
                    "idp": {
                        "name": "Testkommunens IdP",
                        "endpoints": {
                            "single_sign_on_service": [(f"{self.base}/sso", BINDING_HTTP_REDIRECT)],
                            "single_logout_service": [(f"{self.base}/slo", BINDING_HTTP_REDIRECT)],
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "policy": {
                            "default": {"lifetime": {"minutes": 15}, "attribute_restrictions": None}
                        },
                        "sign_assertion": True,
                        "sign_response": True,
                        "want_authn_requests_signed": True,
                    }
                },
                "key_file": key,
                "cert_file": cert,
                "metadata": {"local": [sp_metadata]},
                "allow_unknown_attributes": True,
            }
        )
        self.config = conf
        self.current = "cecilia"
        self.logouts = 0
        self._server = None

    def metadata(self) -> str:
        from saml2.metadata import entity_descriptor

        return str(entity_descriptor(self.config))

    def start(self) -> None:
        from saml2.server import Server

        idp = self
        server = Server(config=self.config)

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlparse(self.path)
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/sso":
                    self._sso(q)
                elif url.path == "/slo":
                    self._slo(q)
                else:
                    self.send_error(404)

            def _sso(self, q):
                from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
                from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

                req = server.parse_authn_request(  # the SP's signature is checked
                    q["SAMLRequest"],
                    BINDING_HTTP_REDIRECT,
                    relay_state=q.get("RelayState"),
                    sigalg=q.get("SigAlg"),
                    signature=q.get("Signature"),
                )
                args = server.response_args(req.message, [BINDING_HTTP_POST])
                who = idp.current
                response = server.create_authn_response(
                    identity=IDENTITIES[who],
                    userid=who,
                    name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"{who}-persistent-id"),
                    authn={
                        "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password",
                        "authn_auth": idp.base,
                    },
                    sign_assertion=True,
                    sign_response=True,
                    **args,
                )
                encoded = base64.b64encode(str(response).encode()).decode()
                relay = html.escape(q.get("RelayState", ""))
                page = (
                    '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
                    "<title>Testkommunens IdP</title></head><body>"
                    f"<h1>Inloggad som {who}</h1>"
                    f'<form method="post" action="{html.escape(args["destination"])}">'
                    f'<input type="hidden" name="SAMLResponse" value="{encoded}">'
                    f'<input type="hidden" name="RelayState" value="{relay}">'
                    '<button type="submit">Fortsätt till tjänsten</button></form></body></html>'
                )
                self._send(200, page, "text/html; charset=utf-8")

            def _slo(self, q):
                from saml2 import BINDING_HTTP_REDIRECT

                req = server.parse_logout_request(
                    q["SAMLRequest"],
                    BINDING_HTTP_REDIRECT,
                    relay_state=q.get("RelayState"),
                    sigalg=q.get("SigAlg"),
                    signature=q.get("Signature"),
                )
                response = server.create_logout_response(req.message, [BINDING_HTTP_REDIRECT])
                binding, destination = server.pick_binding(
                    "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", req
                )
                http_args = server.apply_binding(
                    binding, str(response), destination, q.get("RelayState", ""), response=True
                )
                idp.logouts += 1
                location = dict(http_args["headers"])["Location"]
                self.send_response(302)
                self.send_header("Location", location)
                self.end_headers()

            def _send(self, status, body, content_type):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("localhost", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()


@pytest.fixture
def idp(live_server, tmp_path, settings):
    from saml2.config import SPConfig
    from saml2.metadata import entity_descriptor

    sp_key, sp_cert = _keypair(tmp_path, "sp")
    idp_meta = tmp_path / "idp-metadata.xml"
    sp_meta = tmp_path / "sp-metadata.xml"
    sp_only = saml_config(base=live_server.url, key=sp_key, cert=sp_cert)
    sp_conf = SPConfig()
    sp_conf.load(sp_only)
    sp_meta.write_text(str(entity_descriptor(sp_conf)))

    server = IdP(tmp_path, str(sp_meta))
    idp_meta.write_text(server.metadata())
    server.start()
    settings.SAML_CONFIG = saml_config(
        base=live_server.url, metadata_file=str(idp_meta), key=sp_key, cert=sp_cert
    )
    settings.OVERSYN_SSO_GROUP_ROLES = {"ia-lasare": ["case:ia-till-ifo:lasare"]}
    # plain http here: a SameSite=None cookie needs Secure (https), so Lax on loopback
    settings.SAML_SESSION_COOKIE_SAMESITE = "Lax"
    csp = json.loads(json.dumps(settings.CONTENT_SECURITY_POLICY))
    csp["DIRECTIVES"]["form-action"].append(server.base)  # the logout goes on to the IdP
    settings.CONTENT_SECURITY_POLICY = csp
    yield server
    server.stop()


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


def _saml_login(page, live_server):
    page.goto(live_server.url + "/logga-in/")
    page.get_by_role("link", name="Logga in med kommunens konto (SAML)").click()
    page.get_by_role("button", name="Fortsätt till tjänsten").click()  # the IdP's answer
    page.wait_for_url(live_server.url + "/")


def test_saml_round_trip(idp, page, live_server, record, django_user_model):
    _saml_login(page, live_server)
    assert page.get_by_role("link", name=record.title).is_visible()
    cecilia = django_user_model.objects.get(username="cecilia")
    assert (cecilia.email, cecilia.first_name, cecilia.last_name) == (
        "cecilia.c@enkoping.se",
        "Cecilia",
        "Carlsson",
    )
    assert ExternalIdentity.objects.get(user=cecilia).provider == "saml"
    assert Membership.objects.get(case=record, user=cecilia).role == Role.LASARE
    assert AuditRecord.objects.get(case=record, object_id="cecilia").user_name == "SSO (saml)"

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(live_server.url + "/logga-in/")
    assert idp.logouts == 1
    page.goto(live_server.url + "/")
    assert page.url.startswith(live_server.url + "/logga-in/")


def test_saml_group_without_role_sees_nothing(idp, page, live_server, record, django_user_model):
    idp.current = "david"
    _saml_login(page, live_server)
    david = django_user_model.objects.get(username="david")
    assert not Membership.objects.filter(user=david).exists()
    assert page.get_by_role("link", name=record.title).count() == 0
