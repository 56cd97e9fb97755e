"""Fixtures of the platform tests: an empty derived-results cache, and a write that changes
the case (a unit renamed through its action)."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from oversyn.web.cases.models import CaseRecord
from oversyn.web.organisation import actions as org_actions
from oversyn.web.platform import cache, shared


def _clear() -> None:
    caches[cache.ALIAS].clear()
    cache.forget_parsed()  # the parsed cases this process keeps per version
    cache._alive.clear()  # the memo of a worker's heartbeat (oversyn.web.platform.cache)


@pytest.fixture
def empty_cache():
    """The cache, its parsed cases and what it remembers of the workers: empty before and
    after the test."""
    _clear()
    yield
    _clear()


@pytest.fixture
def rename_unit():
    """``rename_unit(record, user, unit_id, name)``: one write of the case (a new version)."""

    def rename(record, user, unit_id: str, name: str) -> None:
        row = CaseRecord.objects.get(pk=record.pk)
        unit = shared.load(row).baseline.unit(unit_id)
        data = unit.model_dump(mode="json", exclude_defaults=True)
        data["name"] = name
        org_actions.unit_save(
            actor=user, record=row, unit_id=unit_id, data=data, base=shared.token(unit)
        )

    return rename
