"""The platform's small public pieces: the audit diff and the one pydantic-error translator."""

from __future__ import annotations

import pytest
from django.utils import translation
from pydantic import ValidationError

from oversyn.core.process import model as process
from oversyn.web.platform.audit import diff
from oversyn.web.platform.messages import pydantic_errors


def test_diff_names_each_changed_leaf():
    before = {"id": "ia", "fte": 3, "mandate": {"areas": ["a"], "note": ""}}
    after = {"id": "ia", "fte": 4, "mandate": {"areas": ["a", "b"], "note": ""}, "budget": 9}
    assert diff(before, after) == {
        "fte": (3, 4),
        "mandate.areas": (["a"], ["a", "b"]),
        "budget": (None, 9),
    }
    assert diff(None, {"id": "x"}) == {"id": (None, "x")}
    assert diff({"id": "x"}, None) == {"id": ("x", None)}
    assert diff({"a": 1}, {"a": 1}) == {}


def _error(model, data) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return info.value


def test_translator_without_labels_gives_the_case_file_messages():
    exc = _error(process.CostLine, {"id": "k", "label": "x", "kind": "one_off", "low": "mycket"})
    messages = pydantic_errors(exc)
    assert any(m.startswith("low:") and "mycket" in m for m in messages)


def test_translator_with_a_label_map_names_fields_in_swedish_and_english():
    exc = _error(process.AuditRecommendation, {"id": "r", "text": "", "actions": [{"due": 3}]})
    labels, lists = {"text": "Text", "due": "Klar senast"}, {"actions": "Åtgärd %(n)d"}
    with translation.override("sv"):
        messages = pydantic_errors(exc, labels, lists)
    assert "Text måste fyllas i." in messages
    assert any(m.startswith("Åtgärd 1") for m in messages)
    with translation.override("en"):
        english = pydantic_errors(exc, labels, lists)
    assert "Text must be filled in." in english
