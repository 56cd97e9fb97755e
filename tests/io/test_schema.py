"""The published JSON Schema is generated from the model and accepts the examples."""

from __future__ import annotations

import json

import jsonschema
import yaml

from oversyn.io.schema import case_json_schema
from tests.conftest import EXAMPLES, ROOT, SMALL_CASE_YAML


def test_published_schema_is_current() -> None:
    published = json.loads((ROOT / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    assert published == case_json_schema(), "run `make schema` to regenerate"


def test_schema_accepts_examples_and_rejects_nonsense() -> None:
    schema = case_json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = list(validator.iter_errors(data))
        assert not errors, f"{path.name}: {errors[0].message}"
    data = yaml.safe_load(SMALL_CASE_YAML)
    data["baseline"]["units"][0]["fte"] = "tio"
    assert list(validator.iter_errors(data))
    data = yaml.safe_load(SMALL_CASE_YAML)
    data["alternatives"][0]["operations"][0]["op"] = "teleport_unit"
    assert list(validator.iter_errors(data))
