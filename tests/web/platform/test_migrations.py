"""A database made before the web layer's app split migrates forward without loss.

The tables stay where ``main`` made them (``cases_caserecord``, ``cases_membership``,
``cases_auditrecord`` …; the models stay in :mod:`oversyn.web.cases.models`).  The test
builds the schema at the last migration ``main`` had (``cases.0003_remiss``), stores every
example case with main's historical models, migrates to today's leaf migrations and checks
that every case exports the same YAML as before and keeps its members and history.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from oversyn.io.casefile import dump_case, load_case
from oversyn.web.cases.models import AuditRecord, CaseRecord, Membership
from oversyn.web.platform.repository import load

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples").glob("*.yaml"))
MAIN_STATE = [("cases", "0003_remiss")]  # the last migration before the app split


@pytest.mark.django_db(transaction=True)
def test_a_database_made_by_main_migrates_forward_and_exports_the_same_yaml():
    executor = MigrationExecutor(connection)
    executor.migrate(MAIN_STATE)
    old = executor.loader.project_state(MAIN_STATE).apps
    User = old.get_model("auth", "User")
    Case, Member = old.get_model("cases", "CaseRecord"), old.get_model("cases", "Membership")
    Audit = old.get_model("cases", "AuditRecord")
    user = User.objects.create(username="gammal")
    before = {}
    for path in EXAMPLES:
        case = load_case(path)
        row = Case.objects.create(
            key=case.case.id,
            title=case.case.title,
            content=case.model_dump(mode="json"),
            created_by=user,
        )
        Member.objects.create(case=row, user=user, role="utredare")
        Audit.objects.create(
            user=user, user_name="gammal", case=row, case_key=row.key, action="create"
        )
        before[case.case.id] = dump_case(case)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert len(before) == len(EXAMPLES) >= 5
    for key, text in before.items():
        record = CaseRecord.objects.get(key=key)
        assert dump_case(load(record)) == text
        assert Membership.objects.filter(case=record, user__username="gammal").exists()
        assert AuditRecord.objects.filter(case=record, action="create").count() == 1


@pytest.mark.django_db(transaction=True)
def test_existing_cases_are_assigned_to_municipalities_from_their_content():
    """0005: each case's owner is the municipality its content names (code, else name), its
    case id is its key (so its address stays), and its current content is its first revision."""
    from oversyn.web.cases.models import CaseRevision, Municipality
    from oversyn.web.platform.revisions import revision_case

    before_state = [("cases", "0004_municipalities_and_revisions")]
    executor = MigrationExecutor(connection)
    executor.migrate(before_state)
    old = executor.loader.project_state(before_state).apps
    Case = old.get_model("cases", "CaseRecord")
    for path in EXAMPLES:
        case = load_case(path)
        Case.objects.create(
            key=case.case.id, title=case.case.title, content=case.model_dump(mode="json")
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    for path in EXAMPLES:
        case = load_case(path)
        record = CaseRecord.objects.get(key=case.case.id)
        assert record.case_id == case.case.id
        assert record.owner.name == case.case.municipality.name
        assert record.owner.code == case.case.municipality.code
        revision = CaseRevision.objects.get(case=record, version=record.version)
        assert revision_case(revision) == case
    assert Municipality.objects.get(code="0580").name == "Linköpings kommun"
    # the two examples whose documents name no municipality share one without a code
    unnamed = Municipality.objects.filter(code__isnull=True)
    assert sum(m.cases.count() for m in unnamed) == 2
