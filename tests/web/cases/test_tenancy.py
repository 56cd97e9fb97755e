"""Municipalities: two municipalities with the same case id, users of each see only their own;
municipality roles; who may create a case; old links redirect to the case's address."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from oversyn.core.model import Municipality as MunicipalityInfo
from oversyn.web.cases import services
from oversyn.web.cases.models import (
    CaseRecord,
    Municipality,
    MunicipalityMembership,
    MunicipalityRole,
    RemissAccess,
)
from oversyn.web.platform import shared
from oversyn.web.platform.permissions import EDIT, VIEW, can, can_create_case
from oversyn.web.platform.selectors import cases_for_user

pytestmark = pytest.mark.django_db


def _in(case, code, name):
    info = case.case.model_copy(update={"municipality": MunicipalityInfo(name=name, code=code)})
    return case.model_copy(update={"case": info})


@pytest.fixture
def two(django_user_model, seed_case):
    """Linköping and Motala, each with a creator (``lin``, ``mot``) and the same case id."""
    lin_m = Municipality.objects.create(code="0580", name="Linköpings kommun")
    mot_m = Municipality.objects.create(code="0583", name="Motala kommun")
    lin = django_user_model.objects.create_user(username="lin", password="pw-lin")
    mot = django_user_model.objects.create_user(username="mot", password="pw-mot")
    reader = django_user_model.objects.create_user(username="lin-lasare", password="pw")
    MunicipalityMembership.objects.create(municipality=lin_m, user=lin, role="skapare")
    MunicipalityMembership.objects.create(municipality=mot_m, user=mot, role="skapare")
    MunicipalityMembership.objects.create(municipality=lin_m, user=reader, role="lasare")
    a = services.case_create(actor=lin, case=_in(seed_case, "0580", "Linköpings kommun"))
    b = services.case_create(actor=mot, case=_in(seed_case, "0583", "Motala kommun"))
    return {"lin": lin, "mot": mot, "reader": reader, "a": a, "b": b}


def test_the_same_case_id_in_two_municipalities_gets_two_addresses(two, seed_case):
    a, b = two["a"], two["b"]
    assert a.case_id == b.case_id == seed_case.case.id
    assert a.key == seed_case.case.id and b.key == f"{seed_case.case.id}~0583"
    assert (a.owner.code, b.owner.code) == ("0580", "0583")
    with pytest.raises(shared.ServiceError, match="finns redan"):
        services.case_create(actor=two["lin"], case=_in(seed_case, "0580", "Linköpings kommun"))


def test_users_of_one_municipality_never_see_the_others_cases(client, two):
    a, b = two["a"], two["b"]
    assert list(cases_for_user(two["lin"])) == [a]
    assert list(cases_for_user(two["mot"])) == [b]
    assert [(r.key, r.role) for r in cases_for_user(two["reader"])] == [(a.key, "lasare")]
    assert can(two["reader"], a, VIEW) and not can(two["reader"], a, EDIT)
    assert not can(two["reader"], b, VIEW)

    client.force_login(two["mot"])
    listing = client.get("/").content.decode()
    assert b.key in listing and f'href="/arenden/{a.key}/"' not in listing
    assert client.get(f"/arenden/{b.key}/").status_code == 200
    for name in ("overview", "history", "export_yaml", "organisation"):
        url = reverse(f"cases:{name}", args=[a.key + "~0580"])
        assert client.get(url).status_code == 404
    # the old link /arenden/<id>/ names Linköping's address, but Motala's user sees only their
    # own case with that id: redirected to it
    response = client.get(f"/arenden/{a.key}/historik/")
    assert response.status_code == 302 and response["Location"] == f"/arenden/{b.key}/historik/"

    client.force_login(two["reader"])
    assert client.get(f"/arenden/{a.key}/").status_code == 200
    assert client.get(f"/arenden/{b.key}/").status_code == 404
    assert client.get(f"/arenden/{a.key}/uppgifter/").status_code == 200
    assert client.post(f"/arenden/{a.key}/uppgifter/", {"title": "x"}).status_code == 403


def test_an_ambiguous_old_link_is_not_guessed(client, two, django_user_model):
    both = django_user_model.objects.create_user(username="region", password="pw")
    for m in Municipality.objects.all():
        MunicipalityMembership.objects.create(municipality=m, user=both, role="lasare")
    client.force_login(both)
    assert client.get(f"/arenden/{two['a'].key}/").status_code == 200  # Linköping's address
    assert client.get(f"/arenden/{two['b'].key}/").status_code == 200
    assert client.get("/arenden/okant/").status_code == 404


def test_only_a_creating_role_creates_cases(client, two, seed_case, users, record):
    lin_m = Municipality.objects.get(code="0580")
    reader, lin = two["reader"], two["lin"]
    assert can_create_case(lin, lin_m) and not can_create_case(reader, lin_m)
    assert not can_create_case(two["mot"], lin_m)
    other = _in(seed_case, "0580", "Linköpings kommun").model_copy(deep=True)
    other.case.id = "nytt"
    with pytest.raises(PermissionDenied):
        services.case_create(actor=reader, case=other)
    with pytest.raises(PermissionDenied):  # a municipality not stored: only global creators
        services.case_create(actor=lin, case=_in(other, "0581", "Norrköpings kommun"))
    # a remiss party (no role at all) may not create a case in the web
    party = users["bedomare"].__class__.objects.create_user(username="part", password="pw")
    RemissAccess.objects.create(case=record, remiss_id="r", party_id="p", user=party)
    client.force_login(party)
    assert "Importera" not in client.get("/").content.decode()
    before = CaseRecord.objects.count()
    assert client.post("/", {}).status_code == 403
    assert CaseRecord.objects.count() == before
    # staff may create anywhere, and the municipality is stored from the case
    staff = party.__class__.objects.create_user(username="staff", password="pw", is_staff=True)
    row = services.case_create(actor=staff, case=_in(other, "0581", "Norrköpings kommun"))
    assert row.owner.code == "0581" and row.key == "nytt"


def test_a_creator_picks_the_municipality_when_importing(client, two, seed_case):
    from oversyn.io.casefile import dump_case

    lin_m = Municipality.objects.get(code="0580")
    client.force_login(two["lin"])
    page = client.get("/").content.decode()
    assert "Linköpings kommun (0580)" in page and "Motala" not in page
    text = dump_case(seed_case).replace("id: ia-till-ifo", "id: importerat", 1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.yaml", text.encode(), content_type="application/yaml")
    response = client.post("/", {"file": upload, "municipality": str(lin_m.pk)})
    assert response.status_code == 302
    row = CaseRecord.objects.get(case_id="importerat")
    assert row.owner == lin_m
    mot_m = Municipality.objects.get(code="0583")
    upload = SimpleUploadedFile("c.yaml", text.encode(), content_type="application/yaml")
    response = client.post("/", {"file": upload, "municipality": str(mot_m.pk)})
    assert "Välj en kommun" in response.content.decode()


def test_demo_gives_the_demo_user_the_creating_role_in_the_example_municipalities():
    from io import StringIO

    from django.core.management import call_command

    call_command("load_examples", stdout=StringIO())
    demo = MunicipalityMembership.objects.filter(user__username="demo")
    assert demo.count() == Municipality.objects.count() >= 3
    assert set(demo.values_list("role", flat=True)) == {MunicipalityRole.SKAPARE}
    assert {r.owner.code for r in CaseRecord.objects.all()} >= {"0580", "0583", "0381"}
    assert not MunicipalityMembership.objects.filter(user__username="remissinstans").exists()


def test_the_290_municipalities_are_shipped_with_their_codes():
    from oversyn.io.municipalities import MUNICIPALITIES, municipality_name

    assert len(MUNICIPALITIES) == 290
    assert municipality_name("0580") == "Linköping" and municipality_name("0180") == "Stockholm"
    assert municipality_name("2584") == "Kiruna" and municipality_name("9999") is None
    assert all(len(c) == 4 and c.isdigit() for c in MUNICIPALITIES)


def test_staff_give_municipality_roles_in_the_admin(admin_client, django_user_model):
    m = Municipality.objects.create(code="0580", name="Linköpings kommun")
    user = django_user_model.objects.create_user(username="ny", password="pw")
    assert admin_client.get("/admin/cases/municipality/").status_code == 200
    response = admin_client.post(
        f"/admin/cases/municipality/{m.pk}/change/",
        {
            "name": m.name,
            "code": m.code,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": str(user.pk),
            "memberships-0-role": "skapare",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert can_create_case(user, m)
