"""Every operation of the REST API × every role × own and other case: the API's route matrix
(tests/web/test_security_routes.py leaves the ``api`` namespace to this test).

The operations come from the API's own OpenAPI document, so a new operation is in the matrix
without a line here.  Each request is the smallest one (an empty JSON object, the ETag the
caller read in ``If-Match``); the permission decides the answer:

* no credentials → 401; a case the caller has no role in → 404 (never 403: no leak);
* a role without the operation's permission, or a read-scope token on a write → 403;
* an allowed caller → anything but 401/403/404 and never a 500;

and a refused request changes nothing (the case row and its audit rows are compared).
"""

from __future__ import annotations

import contextlib

import pytest

from oversyn.web.api.api import api as ninja_api
from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.platform import registry
from oversyn.web.platform.permissions import EDIT, ROLE_PERMISSIONS, VIEW
from oversyn.web.platform.repository import load, token

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCHEMA = ninja_api.get_openapi_schema()
OPERATIONS = [
    (method.upper(), path.removeprefix("/api/v1"), op["operationId"])
    for path, methods in SCHEMA["paths"].items()
    for method, op in methods.items()
]
CALLERS = (
    "anonymous",
    "outsider",
    "lasare",
    "bedomare",
    "utredare-read",
    "utredare",
)  # last: it may delete


def _permission(path: str, method: str) -> str | None:
    """What the operation needs in the case (None: not case-scoped)."""
    if "{key}" not in path:
        return None
    if method == "GET":
        return VIEW
    parts = path.split("/")
    if "items" in parts:
        return registry.get(parts[parts.index("items") + 1]).permission
    return EDIT


def _kind(path: str) -> registry.ItemKind | None:
    parts = path.split("/")
    return registry.get(parts[parts.index("items") + 1]) if "items" in parts else None


def _url(path: str, record) -> tuple[str, str]:
    """The operation's URL in ``record`` (an existing item where there is one) and its ETag."""
    case = load(CaseRecord.objects.get(pk=record.pk))
    etag = token(case)
    url = path.replace("{key}", record.key).replace("{alt_id}", "nulage")
    url = url.replace("{fmt}", "html")
    if "{item_id}" in url:
        kind = registry.get(path.split("/")[path.split("/").index("items") + 1])
        items = kind.items(case)
        item = items[0] if items else None
        url = url.replace("{item_id}", str(getattr(item, kind.key)) if item else "saknas")
        etag = token(item) if item else "saknas"
    return url, etag


def test_every_operation_by_role(api, users, tokens, record, other_record):
    """One test over every operation (one database: the cases are set up once); an item kind
    without items in a case gets one first, so every item URL names a real item."""
    from oversyn.web.api.tokens import token_create

    read_secret = token_create(user=users["utredare"], name="read", scope="read")[1]
    for kind in registry.kinds():
        for owner, row in ((users["utredare"], record), (users["outsider"], other_record)):
            case = load(CaseRecord.objects.get(pk=row.pk))
            if not kind.items(case):
                with contextlib.suppress(registry.ServiceError):  # examples sharing an id
                    registry.item_save(
                        actor=owner, record=row, kind=kind, item_id=None, data=kind.example(case)
                    )
    failures: list[str] = []
    counted = 0
    for method, path, operation in OPERATIONS:
        counted += _operation(
            api, read_secret, record, other_record, method, path, operation, failures
        )
    assert failures == [], "\n".join(failures)
    assert counted > 1000, counted


def _operation(api, read_secret, record, other_record, method, path, operation, failures) -> int:
    counted = 0
    for which, case_record in (("own", record), ("other", other_record)):
        if "{key}" not in path and which == "other":
            continue
        for caller in CALLERS:
            if caller == "outsider" and which == "other":
                continue  # the outsider's own case: not what this row is about
            if caller == "utredare-read":
                client = api("utredare")
                client.secret = read_secret
            else:
                client = api(None if caller == "anonymous" else caller)
            url, etag = _url(path, case_record)
            row = CaseRecord.objects.get(pk=case_record.pk)
            audits = AuditRecord.objects.count()
            body = "" if method in ("GET", "DELETE") else {}
            response = client.call(method, url, body, headers={"If-Match": f'"{etag}"'})
            counted += 1
            status = response.status_code
            role = caller.removesuffix("-read")
            need = _permission(path, method)
            if caller == "anonymous":
                want = {401}
            elif operation == "case_create":  # the web's rule: a creating role (conftest)
                want = None if role in ("utredare", "outsider") and "read" not in caller else {403}
            elif need is not None and (which == "other" or role == "outsider"):
                want = {404}
            elif (need is not None and need not in ROLE_PERMISSIONS[role]) or (
                method != "GET" and caller == "utredare-read"
            ):
                want = {403}
            else:
                want = None  # allowed: anything but a refusal or a server error
            if want is not None and "saknas" in url:
                want = want | {404}  # no such item in this case: 404 before the permission
            if status >= 500 or (want is not None and status not in want):
                failures.append(f"{method} {url} as {caller} ({which}): {status}, want {want}")
            elif want is None and (status in (401, 403) or (status == 404 and "saknas" not in url)):
                failures.append(f"{method} {url} as {caller} ({which}): refused {status}")
            if want is not None or method == "GET":
                after = CaseRecord.objects.get(pk=case_record.pk)
                if after.version != row.version or AuditRecord.objects.count() != audits:
                    failures.append(f"{method} {url} as {caller} ({which}): {status} but wrote")
    return counted
