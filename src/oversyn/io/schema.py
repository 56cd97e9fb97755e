"""The published JSON Schema of the case file, generated from the core model."""

from __future__ import annotations

import json
from typing import Any

from oversyn.core.case import FORMAT_VERSION, Case

SCHEMA_ID = "https://oversyn.se/schema/case.schema.json"


def case_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a case file, for editors and other tools."""
    schema = Case.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": f"Översyn case file ({FORMAT_VERSION})",
    }


def case_json_schema_text() -> str:
    return json.dumps(case_json_schema(), ensure_ascii=False, indent=2) + "\n"
