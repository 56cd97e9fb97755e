"""Ids from names (core.ids): readable, stable and unique, for every caller alike."""

from __future__ import annotations

from oversyn.core.ids import MAX_LENGTH, slugify, unique_id


def test_slugify_folds_swedish_letters_and_punctuation():
    assert slugify("Individ- och familjeomsorg (IFO)") == "individ-och-familjeomsorg-ifo"
    assert slugify("Äldreomsorg & LSS") == "aldreomsorg-lss"
    assert slugify("Överförmyndarnämnden") == "overformyndarnamnden"
    assert slugify("Café Åsa") == "cafe-asa"
    assert slugify("  --  ") == "id" and slugify("!!", fallback="enhet") == "enhet"


def test_slugify_is_stable_and_short_enough_for_an_id():
    name = "Barn- och utbildningsförvaltningens " * 5
    assert slugify(name) == slugify(name)
    assert len(slugify(name)) <= MAX_LENGTH and not slugify(name).endswith("-")


def test_unique_id_numbers_a_taken_id():
    assert unique_id("Socialnämnden", set()) == "socialnamnden"
    assert unique_id("Socialnämnden", {"socialnamnden"}) == "socialnamnden-2"
    assert unique_id("Socialnämnden", {"socialnamnden", "socialnamnden-2"}) == "socialnamnden-3"
    long = "x" * 100
    taken = {slugify(long)}
    assert unique_id(long, taken).endswith("-2") and len(unique_id(long, taken)) <= MAX_LENGTH
