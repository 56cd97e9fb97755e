"""sso_roles_apply: roles from the provider's groups follow the groups; hand-set roles stay."""

from __future__ import annotations

import pytest

from oversyn.web.accounts.models import SsoGrant
from oversyn.web.accounts.services import sso_roles_apply
from oversyn.web.cases.models import AuditRecord, Membership, Role

pytestmark = pytest.mark.django_db


def test_roles_follow_the_groups(record, django_user_model):
    eva = django_user_model.objects.create_user(username="eva")
    sso_roles_apply(user=eva, grants=[("case:ia-till-ifo", "lasare")], source="oidc")
    assert Membership.objects.get(case=record, user=eva).role == Role.LASARE

    # a new group gives a stronger role: changed, audited as the provider
    sso_roles_apply(user=eva, grants=[("case:ia-till-ifo", "bedomare")], source="oidc")
    assert Membership.objects.get(case=record, user=eva).role == Role.BEDOMARE

    # the group is gone: the role is taken away
    sso_roles_apply(user=eva, grants=[], source="oidc")
    assert not Membership.objects.filter(case=record, user=eva).exists()
    assert not SsoGrant.objects.filter(user=eva).exists()
    trail = AuditRecord.objects.filter(case=record, object_id="eva").order_by("time", "id")
    assert [(a.action, a.user_name) for a in trail] == [
        ("create", "SSO (oidc)"),
        ("update", "SSO (oidc)"),
        ("delete", "SSO (oidc)"),
    ]


def test_a_role_set_by_hand_is_left_alone(record, users):
    lasare = users["lasare"]  # läsare by the utredare's hand (conftest)
    sso_roles_apply(user=lasare, grants=[("case:ia-till-ifo", "utredare")], source="saml")
    assert Membership.objects.get(case=record, user=lasare).role == Role.LASARE
    sso_roles_apply(user=lasare, grants=[], source="saml")
    assert Membership.objects.get(case=record, user=lasare).role == Role.LASARE


def test_may_create_cases_and_unknown_cases(django_user_model):
    ulla = django_user_model.objects.create_user(username="ulla")
    sso_roles_apply(
        user=ulla,
        grants=[("case:finns-inte", "utredare"), ("global", "skapa_arenden")],
        source="oidc",
    )
    ulla = django_user_model.objects.get(pk=ulla.pk)
    assert ulla.has_perm("accounts.create_case")
    assert not Membership.objects.filter(user=ulla).exists()  # no such case (yet)
    sso_roles_apply(user=ulla, grants=[], source="oidc")
    assert not django_user_model.objects.get(pk=ulla.pk).has_perm("accounts.create_case")
