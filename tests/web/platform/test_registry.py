"""The registry test: every registered case item kind, created, edited and deleted through the
web and through the REST API as each role, with the audit row and the permission outcome
checked.

One parametrised test over ``registry.kinds()`` × roles × channel (web, api): a kind
registered tomorrow (a risk register) is tested by registering it with an ``example``.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from oversyn.web.cases.models import Action, AuditRecord, CaseRecord
from oversyn.web.platform import registry
from oversyn.web.platform.permissions import ROLE_PERMISSIONS
from oversyn.web.platform.repository import load, token

ROLES = ("utredare", "bedomare", "lasare", "outsider")


def _edit_field(kind: registry.ItemKind) -> str:
    fields = kind.model.model_fields
    return next(f for f in ("note", "description", "title", "motivation") if f in fields)


def _case(record):
    return load(CaseRecord.objects.get(pk=record.pk))


def _audits(record):
    return AuditRecord.objects.filter(case=record).order_by("pk")


def test_every_kind_is_registered_once_with_an_example():
    names = [k.name for k in registry.kinds()]
    assert len(names) == len(set(names))
    assert {"unit", "administration", "committee", "service_area", "remiss", "swot"} <= set(names)
    assert {"cost_line", "decision", "audit_recommendation", "responsibility", "goal"} <= set(names)
    assert "checklist_entry" in names
    assert {"gate", "principle", "metric", "journey", "deadline"} <= set(names)
    assert all(k.example is not None for k in registry.kinds())
    assert registry.get("cost_line").path == ("costs",)
    assert registry.by_path("baseline", "units").name == "unit"


class Web:
    """The generic item pages (form posts, ``base`` carries the item's token)."""

    ok_create = ok_edit = ok_delete = 302

    def __init__(self, client, record, kind, user, secret):
        client.force_login(user)
        self.client, self.args = client, {"key": record.key, "kind": kind.name}

    def create(self, example):
        return self.client.post(reverse("cases:item_new", kwargs=self.args), example)

    def edit(self, item_id, data, base):
        url = reverse("cases:item_edit", kwargs={**self.args, "item_id": item_id})
        return self.client.post(url, {**data, "base": base})

    def delete(self, item_id, base):
        url = reverse("cases:item_delete", kwargs={**self.args, "item_id": item_id})
        return self.client.post(url, {"base": base})


class Api:
    """The REST API (a write-scope Bearer token; the ETag goes in ``If-Match``)."""

    ok_create, ok_edit, ok_delete = 201, 200, 204

    def __init__(self, client, record, kind, user, secret):
        self.client = client
        self.url = f"/api/v1/cases/{record.key}/items/{kind.name}"
        self.headers = {"Authorization": f"Bearer {secret}"}

    def create(self, example):
        body = json.dumps(example)
        return self.client.post(
            self.url, body, content_type="application/json", headers=self.headers
        )

    def edit(self, item_id, data, base):
        return self.client.put(
            f"{self.url}/{item_id}",
            json.dumps(data),
            content_type="application/json",
            headers={**self.headers, "If-Match": f'"{base}"'},
        )

    def delete(self, item_id, base):
        return self.client.delete(
            f"{self.url}/{item_id}", headers={**self.headers, "If-Match": f'"{base}"'}
        )


def _api_example(kind, example):
    """The web form's example as the API's JSON: list fields given as comma-separated text in
    the form are lists in JSON."""
    out = dict(example)
    for name, value in example.items():
        info = kind.model.model_fields.get(name)
        if info is not None and isinstance(value, str) and "list" in str(info.annotation):
            out[name] = [v.strip() for v in value.split(",") if v.strip()]
    return out


@pytest.mark.parametrize("channel", (Web, Api), ids=("web", "api"))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", registry.kinds(), ids=lambda k: k.name)
def test_item_kind_create_edit_delete(client, users, record, kind, role, channel):
    from oversyn.web.api.tokens import token_create

    case = _case(record)
    example = kind.example(case)
    if channel is Api:
        example = _api_example(kind, example)
    item_id = example[kind.key]
    field = _edit_field(kind)
    allowed = role != "outsider" and kind.permission in ROLE_PERMISSIONS[role]
    refused = 404 if role == "outsider" else 403
    secret = token_create(user=users[role], name="registertest", scope="write")[1]
    via = channel(client, record, kind, users[role], secret)

    # create
    before = _audits(record).count()
    response = via.create(example)
    if not allowed:
        assert response.status_code == refused
        assert _audits(record).count() == before and kind.find(_case(record), item_id) is None
        # the item exists (made by the utredare through the same action) and stays untouched
        registry.item_save(
            actor=users["utredare"], record=record, kind=kind, item_id=None, data=example
        )
    else:
        assert response.status_code == via.ok_create, response.content.decode()[:2000]
        audit = _audits(record).last()
        assert (audit.action, audit.object_type, audit.object_id) == (
            Action.CREATE,
            kind.object_type,
            str(item_id),
        )
        assert audit.user == users[role] and audit.after[kind.key] == item_id
        if channel is Api:
            assert response.json()[kind.key] == item_id
            assert response["ETag"] == f'"{token(kind.find(_case(record), item_id))}"'
    item = kind.find(_case(record), item_id)
    assert item is not None
    stored = _audits(record).count()

    # edit
    response = via.edit(item_id, {**example, field: "Ändrad av registertestet"}, token(item))
    if not allowed:
        assert response.status_code == refused
        assert _audits(record).count() == stored
        assert kind.find(_case(record), item_id) == item
    else:
        assert response.status_code == via.ok_edit, response.content.decode()[:2000]
        audit = _audits(record).last()
        assert (audit.action, audit.object_id) == (Action.UPDATE, str(item_id))
        assert getattr(kind.find(_case(record), item_id), field) == "Ändrad av registertestet"
        assert audit.after[field] == "Ändrad av registertestet"
    item = kind.find(_case(record), item_id)
    stored = _audits(record).count()

    # delete
    response = via.delete(item_id, token(item))
    if not allowed:
        assert response.status_code == refused
        assert _audits(record).count() == stored and kind.find(_case(record), item_id) == item
    else:
        assert response.status_code == via.ok_delete
        audit = _audits(record).last()
        assert (audit.action, audit.object_id, audit.after) == (Action.DELETE, str(item_id), None)
        assert kind.find(_case(record), item_id) is None


def test_a_stale_edit_is_refused_and_keeps_the_input(client, users, record):
    kind = registry.get("cost_line")
    example = kind.example(_case(record))
    registry.item_save(
        actor=users["utredare"], record=record, kind=kind, item_id=None, data=example
    )
    client.force_login(users["utredare"])
    url = reverse(
        "cases:item_edit", kwargs={"key": record.key, "kind": kind.name, "item_id": "registertest"}
    )
    response = client.post(url, {**example, "note": "Min ändring", "base": "gammal"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Någon annan har sparat" in text and "Min ändring" in text
    assert kind.find(_case(record), "registertest").note == ""


def test_a_bad_value_gets_a_located_message_and_nothing_is_stored(client, users, record):
    kind = registry.get("cost_line")
    client.force_login(users["utredare"])
    before = _audits(record).count()
    response = client.post(
        reverse("cases:item_new", kwargs={"key": record.key, "kind": kind.name}),
        {**kind.example(_case(record)), "low": "mycket"},
    )
    assert response.status_code == 400
    assert "low" in response.content.decode()
    assert _audits(record).count() == before
    assert kind.find(_case(record), "registertest") is None


def test_unknown_kind_is_404(client, users, record):
    client.force_login(users["utredare"])
    response = client.get(reverse("cases:item_list", kwargs={"key": record.key, "kind": "nej"}))
    assert response.status_code == 404


def test_item_list_shows_the_items(client, users, record):
    client.force_login(users["lasare"])
    response = client.get(
        reverse("cases:item_list", kwargs={"key": record.key, "kind": "administration"})
    )
    assert response.status_code == 200
    for adm in _case(record).baseline.administrations:
        assert adm.name in response.content.decode()


def test_a_new_item_without_id_gets_one_from_its_name(users, record):
    kind = registry.get("cost_line")
    example = {k: v for k, v in kind.example(_case(record)).items() if k != "id"}
    utredare = users["utredare"]
    for _ in range(2):
        registry.item_save(actor=utredare, record=record, kind=kind, item_id=None, data=example)
    ids = [c.id for c in _case(record).costs]
    assert ids[-2:] == ["registertestpost", "registertestpost-2"]


def test_a_kind_with_a_menu_group_gets_a_link_in_the_case_menu(client, users, record, monkeypatch):
    kind = registry.ItemKind(
        name="menutest",
        model=registry.get("cost_line").model,
        path=("costs",),
        label=lambda: "Posten",
        plural=lambda: "Menytestposter",
        display=registry.first_text("label"),
        object_type="costs",
        menu="arendet",
    )
    monkeypatch.setitem(registry._KINDS, kind.name, kind)
    client.force_login(users["lasare"])
    html = client.get(reverse("cases:overview", kwargs={"key": record.key})).content.decode()
    url = reverse("cases:item_list", kwargs={"key": record.key, "kind": "menutest"})
    assert f'<a href="{url}">Menytestposter</a>' in html


def test_a_taken_id_is_refused_once_by_the_core_rule(users, record):
    """No kind pre-checks ids: the whole-case validation's uniqueness rule refuses a taken id
    (for every list, from every caller) with the one friendly message."""
    case = _case(record)
    for kind in registry.kinds():
        if kind.key != "id" or not kind.items(case):
            continue
        taken = kind.items(case)[0]
        data = {**kind.example(case), "id": taken.id}
        with pytest.raises(registry.ServiceError, match=f"Id {taken.id} används redan"):
            registry.item_save(
                actor=users["utredare"], record=record, kind=kind, item_id=None, data=data
            )
    assert _case(record) == case


def test_deleting_a_criterion_takes_its_scores_and_weight(users, record):
    from oversyn.web.evaluation import actions as evaluation

    kind = registry.get("principle")
    principle = _case(record).evaluation.principles[0]
    scores = [
        {"alternative": alt, "criterion": p.id, "score": 2, "motivation": "skäl"}
        for alt in ("nulage", "ia-till-ifo")
        for p in _case(record).evaluation.principles
    ]
    evaluation.scores_save(
        actor=users["bedomare"],
        record=record,
        scores=scores,
        base=evaluation.scores_token(_case(record).evaluation, "bedomare"),
    )
    case = _case(record)
    scored = [a for a in case.evaluation.assessments if a.criterion == principle.id]
    assert len(scored) == 2
    registry.item_delete(
        actor=users["utredare"],
        record=record,
        kind=kind,
        item_id=principle.id,
        base=token(principle),
    )
    after = _case(record).evaluation
    assert principle.id not in {p.id for p in after.principles}
    assert not [a for a in after.assessments if a.criterion == principle.id]
    assert len(after.assessments) == len(case.evaluation.assessments) - len(scored)


def test_a_list_field_is_one_comma_separated_input_or_names_one_per_line(client, users, record):
    kind = registry.get("journey")
    units = [u.id for u in _case(record).baseline.units[:3]]
    client.force_login(users["utredare"])
    response = client.post(
        reverse("cases:item_new", kwargs={"key": record.key, "kind": kind.name}),
        {"name": "Kommatestkedjan", "steps": ", ".join(units), "volume": "5"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    journey = kind.find(_case(record), "kommatestkedjan")
    assert journey.steps == units
    page = client.get(
        reverse(
            "cases:item_edit", kwargs={"key": record.key, "kind": kind.name, "item_id": journey.id}
        )
    ).content.decode()
    # the steps are units: the form shows their names, one per line, and takes names too
    names = {u.id: u.name for u in _case(record).baseline.units}
    assert "\n".join(names[u] for u in units) in page
    renamed = client.post(
        reverse(
            "cases:item_edit", kwargs={"key": record.key, "kind": kind.name, "item_id": journey.id}
        ),
        {
            "name": "Kommatestkedjan",
            "steps": "\n".join(names[u].upper() for u in reversed(units)),
            "volume": "5",
            "base": token(journey),
        },
    )
    assert renamed.status_code == 302, renamed.content.decode()[:2000]
    assert kind.find(_case(record), "kommatestkedjan").steps == list(reversed(units))
    wrong = client.post(
        reverse("cases:item_new", kwargs={"key": record.key, "kind": kind.name}),
        {"name": "Felkedjan", "steps": f"{names[units[0]]}\nIngen sådan enhet", "volume": "5"},
    )
    assert wrong.status_code == 400 and "Ingen sådan enhet" in wrong.content.decode()
