"""The third SSO scope: ``municipality:<kommunkod>:<role>`` gives a role for every case of a
municipality; it follows the groups, and a role set by hand stays."""

from __future__ import annotations

import pytest

from oversyn.web.accounts.roles import MappingError, grants_from_claims, parse_grant
from oversyn.web.accounts.services import sso_roles_apply
from oversyn.web.cases.models import Municipality, MunicipalityMembership
from oversyn.web.platform.permissions import can_create_case
from oversyn.web.platform.selectors import cases_for_user

pytestmark = pytest.mark.django_db


def test_the_municipality_scope_is_parsed_and_the_strongest_role_wins():
    assert parse_grant("municipality:0580:skapare") == ("municipality:0580", "skapare")
    for bad in ("municipality:580:skapare", "municipality:0580:utredare", "municipality:0580"):
        with pytest.raises(MappingError):
            parse_grant(bad)
    mapping = {"a": ["municipality:0580:lasare"], "b": ["municipality:0580:skapare"]}
    claims = {"groups": ["a", "b"]}
    assert grants_from_claims(claims, mapping) == [("municipality:0580", "skapare")]


def test_municipality_roles_follow_the_groups(record, django_user_model):
    owner = record.owner
    owner.code = "0580"
    owner.save()
    eva = django_user_model.objects.create_user(username="eva")
    sso_roles_apply(user=eva, grants=[("municipality:0580", "skapare")], source="oidc")
    assert can_create_case(eva, owner)
    assert [r.key for r in cases_for_user(eva)] == [record.key]
    sso_roles_apply(user=eva, grants=[("municipality:0580", "lasare")], source="oidc")
    assert not can_create_case(eva, owner) and list(cases_for_user(eva)) == [record]
    sso_roles_apply(user=eva, grants=[], source="oidc")
    assert not MunicipalityMembership.objects.filter(user=eva).exists()
    assert list(cases_for_user(eva)) == []
    # a municipality with no cases here yet is granted at a later login
    sso_roles_apply(user=eva, grants=[("municipality:0583", "lasare")], source="oidc")
    assert not MunicipalityMembership.objects.filter(user=eva).exists()


def test_a_municipality_role_set_by_hand_is_left_alone(django_user_model):
    m = Municipality.objects.create(code="0583", name="Motala kommun")
    ulla = django_user_model.objects.create_user(username="ulla")
    MunicipalityMembership.objects.create(municipality=m, user=ulla, role="lasare")
    sso_roles_apply(user=ulla, grants=[("municipality:0583", "skapare")], source="saml")
    assert MunicipalityMembership.objects.get(user=ulla).role == "lasare"
    sso_roles_apply(user=ulla, grants=[], source="saml")
    assert MunicipalityMembership.objects.get(user=ulla).role == "lasare"
