"""Documents built once per test session (building renders charts and plots)."""

from __future__ import annotations

import pytest

from oversyn.core.case import Case
from oversyn.documents.build import build_document
from oversyn.documents.model import Document
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES


@pytest.fixture(scope="session")
def ia_case() -> Case:
    return load_case(EXAMPLES / "ia-till-ifo.yaml")


@pytest.fixture(scope="session")
def ia_doc(ia_case: Case) -> Document:
    return build_document(ia_case)


@pytest.fixture(scope="session")
def linkoping_case() -> Case:
    return load_case(EXAMPLES / "linkoping-2017.yaml")
