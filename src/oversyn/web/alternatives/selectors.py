"""Reads of the alternatives: the change in words, step by step."""

from __future__ import annotations

from typing import Any

from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.diff import diff_organisations
from oversyn.core.model import Organisation
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.selectors import CaseAccess as CaseAccess
from oversyn.web.platform.selectors import case_for_user as case_for_user
from oversyn.web.platform.selectors import cases_for_user as cases_for_user


def alternative_diff(case: Case, alt_id: str, base_id: str = BASELINE_ID) -> list[str]:
    lang = current_lang()
    return diff_organisations(case.organisation(base_id), case.organisation(alt_id)).sentences(lang)


def operation_steps(base: Organisation, operations: list[Any], alt_id: str) -> list[dict[str, Any]]:
    """Each operation of an alternative with what it does in words (the diff of that step)."""
    from oversyn.core.operations import apply_operations
    from oversyn.web.alternatives.forms import OP_LABELS

    lang = current_lang()
    steps = []
    org = base
    for index, op in enumerate(operations):
        after = apply_operations(org, [op], alt_id, start_index=index)
        steps.append(
            {
                "index": index,
                "op": op,
                "label": OP_LABELS.get(op.op, op.op),
                "sentences": diff_organisations(org, after).sentences(lang),
            }
        )
        org = after
    return steps


def alternative_choices(case: Case) -> list[tuple[str, str]]:
    """(id, name) of every alternative, nuläge first, for a select."""
    return [(a, case.alternative_name(a, current_lang())) for a in case.alternative_ids()]
