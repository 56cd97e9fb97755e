"""The English catalogue is complete and compiled (Swedish is the source language; the compiled
``django.mo`` is built at install — Makefile, setup.py — and is not in git)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import oversyn.web

LOCALE = Path(oversyn.web.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def _entries() -> dict[str, str]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n")[1:]:
        assert "#, fuzzy" not in block, block
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        # a plural entry (msgid_plural, msgstr[0], msgstr[1]) is one entry: its first form
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            join = lambda m: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))  # noqa: E731
            entries[join(msgid)] = join(msgstr)
    return entries


def test_every_swedish_string_has_an_english_translation():
    entries = _entries()
    assert len(entries) > 300
    assert [k for k, v in entries.items() if not v] == []
    for swedish, english in entries.items():  # placeholders survive translation
        assert sorted(re.findall(r"%\(\w+\)[sd]", swedish)) == sorted(
            re.findall(r"%\(\w+\)[sd]", english)
        ), swedish


def test_compiled_catalogue_matches_the_source():
    compiled = LOCALE / "django.mo"
    # a build product, not in git: `make install` / `make test` (or the wheel build) compile it
    assert compiled.exists(), f"{compiled} is missing: run `make install` (msgfmt, gettext)"
    data = compiled.read_bytes()
    magic, _revision, count = struct.unpack("<III", data[:12])
    assert magic == 0x950412DE
    assert count == len(_entries()) + 1  # plus the header entry
