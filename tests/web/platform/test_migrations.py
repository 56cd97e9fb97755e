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
