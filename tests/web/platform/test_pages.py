"""The real pages a registered kind gets from its :class:`~oversyn.web.platform.pages.KindPage`.

One generated test runs over every page an app declared (``pages.all_pages()``): the list,
the new-item form and its refusal of an empty form, and — for a page whose kind has items in
the worked example — the edit form and the delete, stale and current, with the audit row.
Worked example: seed 004 (examples/motala-2018.yaml), which has audit recommendations,
responsibility areas and goals.
"""

from __future__ import annotations

import dataclasses
import importlib

import pytest
from django.conf import settings
from django.urls import reverse

from oversyn.web.cases.models import Action, AuditRecord, CaseRecord
from oversyn.web.followup import views as followup_views
from oversyn.web.platform import pages, registry
from oversyn.web.platform.repository import load, token

pytestmark = pytest.mark.django_db
importlib.import_module(settings.ROOT_URLCONF)  # every app's pages are made with its URLs


def _case(record):
    return load(CaseRecord.objects.get(pk=record.pk))


def _version(record):
    return CaseRecord.objects.get(pk=record.pk).version


def _parent_and_item(page, case):
    """(URL arguments of the page's list, an existing item or None)."""
    kind = page.registered
    if page.within is None:
        items = kind.items(case)
        return {}, (items[0] if items else None)
    parents = kind.items(case)
    with_children = [p for p in parents if getattr(p, page.within.field)]
    parent = (with_children or parents)[0]
    children = getattr(parent, page.within.field)
    return {page.within.arg: getattr(parent, kind.key)}, (children[0] if children else None)


def test_every_page_is_generated_with_its_url_names():
    names = {p.item_name for p in pages.all_pages()}
    assert {"followup_audit", "followup_responsibility", "followup_goal"} <= names
    assert "followup_indicator" in names
    key = "k"
    assert reverse("cases:followup_audit", args=[key]) == "/arenden/k/revision/"
    assert reverse("cases:followup_audit_new", args=[key]) == "/arenden/k/revision/ny/"
    assert reverse("cases:followup_audit_edit", args=[key, "r1"]) == "/arenden/k/revision/r1/"
    assert (
        reverse("cases:followup_indicator_delete", args=[key, "g", "i"])
        == "/arenden/k/mal/g/indikatorer/i/ta-bort/"
    )


@pytest.mark.parametrize("page", pages.all_pages(), ids=lambda p: p.item_name)
def test_kind_page_list_new_edit_delete(client, users, motala_record, page):
    record = motala_record
    case = _case(record)
    parent, item = _parent_and_item(page, case)
    args = [record.key, *parent.values()]

    # the list (a nested kind is listed on its parent's page)
    client.force_login(users["lasare"])
    listed = client.get(reverse(f"cases:{page.list_name}", args=[record.key]))
    assert listed.status_code == 200
    # a läsare may not open the form; a non-member does not see the case
    assert client.get(reverse(f"cases:{page.item_name}_new", args=args)).status_code == 403
    client.force_login(users["outsider"])
    assert client.get(reverse(f"cases:{page.item_name}_new", args=args)).status_code == 404

    # an empty form is refused with located errors; nothing is stored
    client.force_login(users["utredare"])
    new_url = reverse(f"cases:{page.item_name}_new", args=args)
    assert client.get(new_url).status_code == 200
    version = _version(record)
    refused = client.post(new_url, {"base": ""})
    assert refused.status_code == 400
    assert 'class="errorbox" role="alert"' in refused.content.decode()
    assert _version(record) == version

    if item is None:
        return
    item_id = item.id
    edit_url = reverse(f"cases:{page.item_name}_edit", args=[*args, item_id])
    shown = client.get(edit_url)
    assert shown.status_code == 200 and item_id in shown.content.decode()
    delete_url = reverse(f"cases:{page.item_name}_delete", args=[*args, item_id])
    assert client.get(delete_url).status_code == 405

    # a stale delete is refused and goes back to the form; the item stays
    stale = client.post(delete_url, {"base": "stale"})
    assert stale.status_code == 302 and stale.url == edit_url
    assert _version(record) == version

    # the current token removes it, with its audit row
    base = token(item) if page.within is None else token(page.registered.find(case, args[1]))
    done = client.post(delete_url, {"base": base})
    assert done.status_code == 302 and done.url.startswith(
        reverse(f"cases:{page.back or page.list_name}", args=[record.key])
    )
    after = _case(record)
    remaining = (
        page.registered.items(after)
        if page.within is None
        else getattr(page.registered.find(after, args[1]), page.within.field)
    )
    assert item_id not in {o.id for o in remaining}
    audit = AuditRecord.objects.filter(case=record).order_by("pk").last()
    expected = Action.DELETE if page.within is None else Action.UPDATE  # saved as the parent
    assert audit.action == expected and audit.user == users["utredare"]


def test_messages_come_from_the_kinds_label_unless_given():
    audit = followup_views.AUDIT_PAGE
    assert audit.messages() == {
        "not_found": "Rekommendationen finns inte.",
        "saved": "Rekommendationen sparades.",
        "deleted": "Rekommendationen togs bort.",
    }
    assert followup_views.INDICATOR_PAGE.messages()["saved"] == "Indikatorn sparades."


def test_a_page_whose_list_is_not_the_kinds_url_name_is_refused():
    wrong = dataclasses.replace(followup_views.GOAL_PAGE, list_name="followup_audit")
    with pytest.raises(ValueError, match="url_name 'followup_goals'"):
        pages.urls_for([wrong])


def test_save_keeps_the_fields_the_form_does_not_carry(users, motala_record):
    """A goal's form has no indicators: ``keep`` takes them from the stored goal."""
    kind = registry.get("goal")
    goal = kind.items(_case(motala_record))[0]
    indicator = {"id": "arbete", "name": "Andel i arbete", "unit": "%"}
    with_indicator = goal.model_dump(mode="json") | {"indicators": [indicator]}
    registry.item_save(
        actor=users["utredare"],
        record=motala_record,
        kind=kind,
        item_id=goal.id,
        data=with_indicator,
        base=token(goal),
    )
    stored = kind.find(_case(motala_record), goal.id)
    save, _delete = registry.named_actions("goal", "goal_id", keep=("indicators",))
    save(
        actor=users["utredare"],
        record=motala_record,
        goal_id=goal.id,
        data={"id": goal.id, "text": "Ett nytt mål"},
        base=token(stored),
    )
    changed = kind.find(_case(motala_record), goal.id)
    assert changed.text == "Ett nytt mål"
    assert [i.id for i in changed.indicators] == ["arbete"]


def test_the_case_menu_links_a_kind_with_a_page_of_its_own(
    client, users, motala_record, monkeypatch
):
    kind = dataclasses.replace(registry.get("goal"), name="menu_goal", menu="utredning")
    monkeypatch.setitem(registry._KINDS, "menu_goal", kind)
    client.force_login(users["lasare"])
    html = client.get(reverse("cases:overview", args=[motala_record.key])).content.decode()
    goals = reverse("cases:followup_goals", args=[motala_record.key])
    assert f'href="{goals}">Mål</a>' in html
    assert "/poster/menu_goal/" not in html
