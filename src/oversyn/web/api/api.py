"""The :class:`NinjaAPI` at ``/api/v1/``: the routers, the handlers, the docs.

The OpenAPI document is ``/api/v1/openapi.json``; the interactive docs ``/api/v1/docs``
(Swagger UI from ninja's own static files — no CDN — which run under the site's CSP: no
inline script, the settings are a JSON data block read by ninja's ``swagger-ui-init.js``).
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from oversyn.web.api import cases, errors, items, results
from oversyn.web.api.auth import AUTH

DESCRIPTION = """Översyn's REST API. Authenticate with a personal token
(`Authorization: Bearer ovs_…`, made on *Konto → API-nycklar*) or with the web session (send
`X-CSRFToken` on writes). Every item and case has an `ETag`; writes need `If-Match` (428
without, 412 when stale). Refused input is 422 with located messages in the request's
language (`Accept-Language: sv` or `en`). A case you cannot see is 404. See docs/api.md."""


def build() -> NinjaAPI:
    api = NinjaAPI(
        title="Översyn API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        auth=AUTH,
        docs=Swagger(settings={"persistAuthorization": False}),
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    errors.install(api)
    api.add_router("", cases.router)
    api.add_router("", items.build_router())
    api.add_router("", results.router)
    return api


api = build()
