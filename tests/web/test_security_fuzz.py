"""Property-based fuzzing of the web app's importers (issue 16, item 6): the interactions CSV,
the organisation workbook and the case-file import service.  Each input is accepted or refused
with the importer's located error, never anything else; a refused import leaves the case
(version, content, audit trail) exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import strategies as st
from tests.fuzzing import mutated_text, mutated_workbook, run_target

from oversyn.io.casefile import dump_case
from oversyn.web.cases import services
from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.organisation.tabular import (
    TableError,
    interactions_from_csv,
    organisation_from_xlsx,
    organisation_to_xlsx,
)
from oversyn.web.platform import shared

ROOT = Path(__file__).resolve().parents[2]
CSV_BASE = (
    "a;b;weight;kind;estimated;note\n"
    "ia;ifo-vuxen;12,5;shared_clients;ja;\n"
    "ia;ifo-barn-familj;3;handoffs;;=1+1\n"
)


def _located(exc: BaseException) -> None:
    assert exc.messages and all(isinstance(m, str) and m for m in exc.messages)  # type: ignore[attr-defined]


def test_interactions_csv_only_accepts_or_refuses():
    strategy = mutated_text(CSV_BASE) | st.text(max_size=300)
    report = run_target(
        "csv",
        lambda text: interactions_from_csv(text, "fuzz.csv"),
        strategy,
        (TableError,),
        examples=600,
        check_refusal=_located,
    )
    assert report.crashes == [], report.crashes[:5]
    assert report.refused > 50 and report.accepted > 10


def test_organisation_workbook_only_accepts_or_refuses(seed_case):
    base = organisation_to_xlsx(seed_case.baseline)
    report = run_target(
        "xlsx",
        lambda data: organisation_from_xlsx(data, "fuzz.xlsx"),
        mutated_workbook(base),
        (TableError,),
        examples=200,
        check_refusal=_located,
    )
    assert report.crashes == [], report.crashes[:5]
    assert report.refused > 20


@pytest.mark.django_db
def test_case_import_refusals_leave_the_case_as_it_was(users, record, seed_case):
    text = dump_case(seed_case)
    actor = users["utredare"]

    def import_(mutated: str) -> None:
        row = CaseRecord.objects.get(pk=record.pk)
        before = (row.version, row.content, AuditRecord.objects.count())
        try:
            services.case_import(
                actor=actor,
                record=row,
                text=mutated,
                filename="fuzz.yaml",
                expected_version=row.version,
            )
        except shared.ServiceError:
            row.refresh_from_db()
            assert (row.version, row.content, AuditRecord.objects.count()) == before
            raise

    report = run_target(
        "case import",
        import_,
        mutated_text(text),
        (shared.ServiceError,),
        examples=200,
        check_refusal=_located,
    )
    assert report.crashes == [], report.crashes[:5]
    assert report.refused > 20
