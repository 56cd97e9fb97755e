"""Every one of the sixteen change operations as a builder form (issue 12 item 2).

Worked example: seed 001 (Linköping 2017).  For each operation the form is filled in as a user
would (names, no ids; numbers in Swedish), and three things must agree with the core: the
operation saved is the one written out by hand below (as the case file writes it, ids made
from the names by ``core.ids.unique_id``), the live preview says exactly the core's diff of that
operation, and the builder page shows the same diff after saving.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from pydantic import TypeAdapter

from oversyn.core.diff import diff_organisations
from oversyn.core.operations import OPERATION_NAMES, Operation, apply_operations
from oversyn.io.casefile import load_case
from oversyn.web.alternatives import actions as alt_actions
from oversyn.web.cases import services
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db

LINKOPING = Path(__file__).resolve().parents[3] / "examples" / "linkoping-2017.yaml"
OPS: TypeAdapter = TypeAdapter(Operation)


@pytest.fixture
def linkoping_record(users):
    row = services.case_create(actor=users["utredare"], case=load_case(LINKOPING))
    row.refresh_from_db()
    return row


# op → (operations before it in the alternative, the form as typed, the operation expected)
CASES: dict[str, tuple[list[dict], dict, dict]] = {
    "move_unit": (
        [],
        {"unit": "sof-aldre", "to_administration": "oaf"},
        {"op": "move_unit", "unit": "sof-aldre", "to_administration": "oaf"},
    ),
    "create_unit": (
        [],
        {
            "unit_name": "Stab arbetsmarknad",
            "unit_administration": "utbf",
            "unit_functions": ["support"],
            "unit_category": "stab",
            "unit_fte": "10,5",
            "unit_budget": "9 000 000",
            "unit_manager": "Stabschef",
            "unit_estimated": "on",
            "unit_note": "Uppskattad storlek.",
        },
        {
            "op": "create_unit",
            "unit": {
                "id": "stab-arbetsmarknad",
                "name": "Stab arbetsmarknad",
                "administration": "utbf",
                "functions": ["support"],
                "category": "stab",
                "fte": 10.5,
                "budget": 9000000,
                "manager": "Stabschef",
                "estimated": True,
                "note": "Uppskattad storlek.",
            },
        },
    ),
    "abolish_unit": (
        [],
        {"unit": "leanlink-stab"},
        {"op": "abolish_unit", "unit": "leanlink-stab"},
    ),
    "merge_units": (
        [],
        {
            "units": ["oaf-bestallning-ifo", "oaf-bestallning-lss"],
            "name": "Beställning IFO och LSS",
            "manager": "Enhetschef",
        },
        {
            "op": "merge_units",
            "units": ["oaf-bestallning-ifo", "oaf-bestallning-lss"],
            "into": "bestallning-ifo-och-lss",
            "name": "Beställning IFO och LSS",
            "manager": "Enhetschef",
        },
    ),
    "rename_unit": (
        [],
        {"unit": "sof-lss", "name": "Myndighet LSS"},
        {"op": "rename_unit", "unit": "sof-lss", "name": "Myndighet LSS"},
    ),
    "update_unit": (
        [],
        {"unit": "sof-ifo", "fte": "119", "budget": "100 500 000", "manager": "Anna Ek"},
        {
            "op": "update_unit",
            "unit": "sof-ifo",
            "fte": 119,
            "budget": 100500000,
            "manager": "Anna Ek",
        },
    ),
    "create_administration": (
        [],
        {"name": "Arbetsmarknadsförvaltningen", "supports": ["bin"], "head": "Direktör"},
        {
            "op": "create_administration",
            "id": "arbetsmarknadsforvaltningen",
            "name": "Arbetsmarknadsförvaltningen",
            "supports": ["bin"],
            "head": "Direktör",
        },
    ),
    "abolish_administration": (
        # the choices come from the organisation after these two moves: utbf is empty then
        [
            {"op": "move_unit", "unit": "utbf-stab", "to_administration": "sof"},
            {"op": "move_unit", "unit": "utbf-arbetsmarknad", "to_administration": "sof"},
        ],
        {"administration": "utbf"},
        {"op": "abolish_administration", "administration": "utbf"},
    ),
    "rename_administration": (
        [],
        {"administration": "oaf", "name": "Äldreförvaltningen"},
        {"op": "rename_administration", "administration": "oaf", "name": "Äldreförvaltningen"},
    ),
    "merge_administrations": (
        [],
        {
            "administrations": ["sof", "oaf"],
            "name": "Social-, omsorgs- och äldreförvaltningen",
            "head": "Direktör",
        },
        {
            "op": "merge_administrations",
            "administrations": ["sof", "oaf"],
            "into": "social-omsorgs-och-aldreforvaltningen",
            "name": "Social-, omsorgs- och äldreförvaltningen",
            "head": "Direktör",
        },
    ),
    "split_administration": (
        [],
        {
            "administration": "sof",
            "keep": "1",
            "part1_name": "Socialförvaltningen",
            "part1_units": ["sof-stab", "sof-ifo", "sof-lss", "sof-aldre"],
            "part2_name": "Försörjningsförvaltningen",
            "part2_units": ["sof-forsorjningsstod"],
            "part2_head": "Försörjningschef",
        },
        {
            "op": "split_administration",
            "administration": "sof",
            "parts": [
                {
                    "id": "sof",
                    "name": "Socialförvaltningen",
                    "units": ["sof-stab", "sof-ifo", "sof-lss", "sof-aldre"],
                },
                {
                    "id": "forsorjningsforvaltningen",
                    "name": "Försörjningsförvaltningen",
                    "units": ["sof-forsorjningsstod"],
                    "head": "Försörjningschef",
                },
            ],
        },
    ),
    "change_support": (
        [],
        {"administration": "utbf", "add": ["sn"]},
        {"op": "change_support", "administration": "utbf", "add": ["sn"]},
    ),
    "create_committee": (
        [],
        {
            "name": "Arbetsmarknadsnämnden",
            "kind": "committee",
            "appointed_by": "kf",
            "mandate_service_areas": ["forsorjningsstod", "arbetsmarknad"],
            "mandate_laws": "SoL",
            "mandate_functions": ["authority", "commissioning", "delivery"],
            "mandate_text": "Arbetsmarknad och försörjningsstöd.",
            "note": "KF:s beslut.",
        },
        {
            "op": "create_committee",
            "id": "arbetsmarknadsnamnden",
            "name": "Arbetsmarknadsnämnden",
            "kind": "committee",
            "appointed_by": "kf",
            "mandate": {
                "service_areas": ["forsorjningsstod", "arbetsmarknad"],
                "laws": ["SoL"],
                "functions": ["authority", "commissioning", "delivery"],
                "text": "Arbetsmarknad och försörjningsstöd.",
            },
            "note": "KF:s beslut.",
        },
    ),
    "abolish_committee": (
        [],
        {"committee": "omn", "transfer_to": "sn"},
        {"op": "abolish_committee", "committee": "omn", "transfer_to": "sn"},
    ),
    "rename_committee": (
        [],
        {"committee": "aen", "name": "Äldreomsorgsnämnden"},
        {"op": "rename_committee", "committee": "aen", "name": "Äldreomsorgsnämnden"},
    ),
    "change_mandate": (
        [],
        {
            "committee": "bin",
            "remove_service_areas": ["arbetsmarknad"],
            "functions_mode": "set",
            "functions": ["commissioning"],
            "text": "Bara utbildning.",
            "add_laws": "Skollagen",
        },
        {
            "op": "change_mandate",
            "committee": "bin",
            "remove_service_areas": ["arbetsmarknad"],
            "add_laws": ["Skollagen"],
            "functions": ["commissioning"],
            "text": "Bara utbildning.",
        },
    ),
}
assert set(CASES) == set(OPERATION_NAMES)


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def _items(html: str, element_id: str) -> list[str]:
    import re

    block = re.search(rf'id="{element_id}">(.*?)</ul>', html, re.S)
    assert block, f"no #{element_id} in {html[:2000]}"
    from html import unescape

    return [unescape(x) for x in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


@pytest.mark.parametrize("op", OPERATION_NAMES)
def test_form_preview_and_saved_operation_match_the_core(client, users, linkoping_record, op):
    record = linkoping_record
    setup, typed, expected_data = CASES[op]
    c = client
    c.force_login(users["utredare"])
    response = c.post(
        reverse("cases:alternative_create", args=[record.key]),
        {"name": "Prov " + op, "based_on": "nulage"},
    )
    alt_id = "prov-" + op.replace("_", "-")
    assert response.status_code == 302 and response["Location"].endswith(f"/{alt_id}/")
    for data in setup:
        alt = _case(record).alternative(alt_id)
        alt_actions.operation_add(
            actor=users["utredare"],
            record=record,
            alt_id=alt_id,
            data=data,
            base=shared.token(alt),
        )
    case = _case(record)
    before = case.organisation(alt_id)
    expected = OPS.validate_python(expected_data)
    after = apply_operations(before, [expected], alt_id)
    core_step = diff_organisations(before, after).sentences("sv")
    core_total = diff_organisations(case.baseline, after).sentences("sv")
    assert core_step != ["Inga skillnader i organisationen."], op

    # the form offers the organisation as it is at this point
    form_page = c.get(reverse("cases:operation_form", args=[record.key, alt_id]), {"op": op})
    assert form_page.status_code == 200
    post = {"op": op, "base": shared.token(case.alternative(alt_id)), **typed}
    preview = c.post(reverse("cases:operation_preview", args=[record.key, alt_id]), post)
    html = preview.content.decode()
    assert "går inte att göra" not in html, html
    assert _items(html, "preview-step") == core_step
    assert _items(html, "preview-diff")[: len(core_total)] == core_total
    assert _case(record).alternative(alt_id).operations == case.alternative(alt_id).operations

    saved = c.post(reverse("cases:operation_add", args=[record.key, alt_id]), post)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    operations = _case(record).alternative(alt_id).operations
    assert len(operations) == len(setup) + 1
    assert operations[-1] == expected
    page = c.get(reverse("cases:alternative", args=[record.key, alt_id])).content.decode()
    assert _items(page, "saved-diff") == core_total
