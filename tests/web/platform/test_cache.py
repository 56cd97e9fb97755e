"""Derived results cached per case version, pages in pages, a case list without content
(issue 11, item 6): a write changes what the pages show; Redis works as the cache."""

from __future__ import annotations

import re
import socket
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oversyn.web.cases import services
from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.organisation import actions as org_actions
from oversyn.web.platform import cache, shared

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def _login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def _row(record) -> CaseRecord:
    return CaseRecord.objects.get(pk=record.pk)


# -- the cache helper --------------------------------------------------------------------------


def test_a_result_is_computed_once_per_version_and_again_after_a_write(record, users, rename_unit):
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    row = _row(record)
    assert cache.cached(row, "probe", compute) == {"n": 1}
    assert cache.cached(row, "probe", compute) == {"n": 1}  # the same version: from the cache
    assert cache.cached(row, "probe", compute, "alt-x") == {"n": 2}  # other arguments
    rename_unit(record, users["utredare"], "ia", "Integration och arbete")
    assert cache.cached(_row(record), "probe", compute) == {"n": 3}  # a write: a new key
    assert len(calls) == 3


def test_the_key_names_case_version_language_and_arguments(record):
    row = _row(record)
    key = cache.cache_key(row, "analysis", "alt-1", lang="en")
    assert key.startswith(f"{cache.PREFIX}:analysis:{row.pk}:{row.version}:")
    assert ":en:" in key
    assert key != cache.cache_key(row, "analysis", "alt-2", lang="en")
    assert key != cache.cache_key(row, "analysis", "alt-1", lang="sv")


def test_the_parsed_case_is_kept_per_version_and_a_write_serves_the_new_one(
    record, users, rename_unit
):
    from oversyn.web.platform.selectors import case_for_user

    first = case_for_user(users["lasare"], record.key).case
    assert case_for_user(users["lasare"], record.key).case is first  # kept in the process
    rename_unit(record, users["utredare"], "ia", "Integration och arbete")
    again = case_for_user(users["lasare"], record.key).case
    assert again is not first
    assert again.baseline.unit("ia").name == "Integration och arbete"
    assert first.baseline.unit("ia").name != "Integration och arbete"


def test_another_version_is_not_served_the_kept_case(record):
    row = _row(record)
    kept = cache.parsed_case(row, lambda: shared.load(row))
    other = _row(record)
    other.version += 1  # the same row id at another version (another process wrote)
    read_again = shared.load(row)
    assert cache.parsed_case(other, lambda: read_again) is read_again
    restored = _row(record)  # the same id and version written at another time (a restore)
    restored.updated_at += timedelta(microseconds=1)
    read_restored = shared.load(row)
    assert cache.parsed_case(restored, lambda: read_restored) is read_restored
    assert cache.parsed_case(row, lambda: pytest.fail("read again")) is kept


def test_a_reader_that_changes_the_shared_case_is_caught(record, users):
    from oversyn.web.platform.selectors import case_for_user

    case = case_for_user(users["lasare"], record.key).case
    case.baseline.units[0].name = "ändrad i minnet"
    with pytest.raises(RuntimeError, match="changed in memory"):
        case_for_user(users["lasare"], record.key)
    # the changed copy is dropped: the next reader gets the stored case
    assert case_for_user(users["lasare"], record.key).case.baseline.units[0].name != (
        "ändrad i minnet"
    )


def test_a_frozen_case_is_freed_when_it_is_evicted(record, users, rename_unit):
    """gc.freeze() moves the kept case out of the collector's walks; reference counting still
    frees it once it is evicted (a parsed case holds no reference cycles)."""
    import gc
    import weakref

    from oversyn.web.platform.selectors import case_for_user

    with override_settings(OVERSYN_GC_FREEZE_SIZE=1, OVERSYN_PARSED_CASES=1):
        try:
            frozen_before = gc.get_freeze_count()
            gone = weakref.ref(case_for_user(users["lasare"], record.key).case)
            assert gc.get_freeze_count() > frozen_before
            assert gone() is not None
            rename_unit(record, users["utredare"], "ia", "Integration och arbete")
            caches[cache.ALIAS].clear()  # its pickle; the object itself is what is tested
            new = case_for_user(users["lasare"], record.key).case  # evicts the old version
            assert new.baseline.unit("ia").name == "Integration och arbete"
            assert gone() is None
        finally:
            gc.unfreeze()


def test_a_cache_that_fails_does_not_take_the_page_with_it(record, monkeypatch):
    class Broken:
        def get(self, *a, **k):
            raise ConnectionError("down")

        def set(self, *a, **k):
            raise ConnectionError("down")

    monkeypatch.setattr(cache, "caches", {cache.ALIAS: Broken()})
    assert cache.cached(_row(record), "probe", lambda: 42) == 42


# -- a write changes what the pages show -------------------------------------------------------


def test_a_write_changes_the_cached_organisation_tree(client, record, users, rename_unit):
    page = reverse("cases:organisation", args=[record.key])
    client = _login(client, users["lasare"])
    assert "Omdöpt enhet" not in client.get(page).content.decode()
    assert cache.peek(_row(record), "org-tree-html", False) is not None  # cached now
    rename_unit(record, users["utredare"], "ia", "Omdöpt enhet")
    assert "Omdöpt enhet" in client.get(page).content.decode()


def test_a_write_changes_the_cached_overview(client, record, users):
    client = _login(client, users["lasare"])
    page = reverse("cases:overview", args=[record.key])
    before = client.get(page).content.decode()
    row = _row(record)
    assert cache.peek(row, "analysis") is not None
    case = shared.load(row)
    had_number = bool(case.case.case_number)
    services.case_info_update(
        actor=users["utredare"],
        record=row,
        data={**case.case.model_dump(mode="json"), "case_number": "" if had_number else "KS 1"},
        base=shared.token(case.case),
    )
    after = client.get(page).content.decode()
    # the list of what is missing (cached per version) follows the write
    assert ("Diarienummer saknas." in before) is not had_number
    assert ("Diarienummer saknas." in after) is had_number


def test_a_write_changes_the_builder(client, record, users, rename_unit):
    case = shared.load(_row(record))
    alt = case.alternatives[0]
    unit = case.organisation(alt.id).units[0]
    client = _login(client, users["lasare"])
    page = reverse("cases:alternative", args=[record.key, alt.id])
    assert "Nytt namn i nuläget" not in client.get(page).content.decode()
    rename_unit(record, users["utredare"], unit.id, "Nytt namn i nuläget")
    assert "Nytt namn i nuläget" in client.get(page).content.decode()


def test_a_write_changes_the_cached_staff_changes_heat_map_and_exports(client, record, users):
    case = shared.load(_row(record))
    unit = case.baseline.units[0]
    client = _login(client, users["lasare"])
    pages = {
        name: reverse(f"cases:{name}", args=[record.key])
        for name in ("finance", "interactions_heatmap", "org_export_xlsx", "export_yaml")
    }
    before = {name: client.get(url).content for name, url in pages.items()}
    data = unit.model_dump(mode="json", exclude_defaults=True)
    data["fte"] = (unit.fte or 0) + 123  # the staff changes of every alternative change
    org_actions.unit_save(
        actor=users["utredare"],
        record=_row(record),
        unit_id=unit.id,
        data=data,
        base=shared.token(unit),
    )
    from oversyn.core.finance import staff_changes
    from oversyn.core.fmt import format_number

    now = staff_changes(shared.load(_row(record)), "sv")[0]
    fte = format_number(now.fte_before, 1, "sv") + " → " + format_number(now.fte_after, 1, "sv")
    assert fte not in before["finance"].decode()
    assert fte in client.get(pages["finance"]).content.decode()  # not the cached rows

    def fte_in_workbook(content: bytes) -> float:
        import io

        from openpyxl import load_workbook

        rows = load_workbook(io.BytesIO(content), read_only=True)["Enheter"].iter_rows(
            values_only=True
        )
        header = next(rows)
        return next(r[header.index("årsarbetare")] for r in rows if r[0] == unit.id)

    assert fte_in_workbook(before["org_export_xlsx"]) == unit.fte
    assert fte_in_workbook(client.get(pages["org_export_xlsx"]).content) == (unit.fte or 0) + 123
    assert f"fte: {(unit.fte or 0) + 123}".encode() in client.get(pages["export_yaml"]).content
    assert f"fte: {(unit.fte or 0) + 123}".encode() not in before["export_yaml"]
    row = _row(record)
    changed = shared.load(row)
    org_actions.rows_replace(
        "interactions",
        actor=users["utredare"],
        record=row,
        rows=changed.interactions[1:],
        base=shared.token(changed.interactions),
        message="Test: en samverkanslänk mindre.",
    )
    assert client.get(pages["interactions_heatmap"]).content != before["interactions_heatmap"]


# -- the case list reads no content ------------------------------------------------------------


def test_the_case_list_does_not_select_the_content_column(client, record, users):
    client = _login(client, users["lasare"])
    table = CaseRecord._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:list"))
    assert response.status_code == 200 and record.title in response.content.decode()
    selects = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
    assert selects, "the case list reads the case table"
    content = connection.ops.quote_name("content")
    for sql in selects:
        assert f"{connection.ops.quote_name(table)}.{content}" not in sql, sql


def test_a_case_page_reads_the_content_once_per_version(client, record, users):
    client = _login(client, users["lasare"])
    page = reverse("cases:case_info", args=[record.key])
    client.get(page)  # parses the case and caches it
    content = f"{connection.ops.quote_name(CaseRecord._meta.db_table)}."
    content += connection.ops.quote_name("content")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert not [q for q in queries.captured_queries if content in q["sql"]]


# -- pagination --------------------------------------------------------------------------------


def test_history_is_paginated(client, record, users, monkeypatch, rename_unit):
    from oversyn.web.cases import views

    monkeypatch.setattr(views, "HISTORY_PER_PAGE", 5)
    for i in range(4):
        rename_unit(record, users["utredare"], "ia", f"Namn {i:02d}")
    client = _login(client, users["lasare"])
    url = reverse("cases:history", args=[record.key])
    total = AuditRecord.objects.filter(case=record).count()
    assert 5 < total <= 10
    first = client.get(url).content.decode()
    assert f"av {total}" in first and "sida=2" in first
    assert first.count("Före och efter") == 5
    changes = first.split("Ändringar i ärendet")[1]  # the audit table (versions come first)
    assert "Namn 03" in changes and "Ärendet skapades." not in changes  # newest first
    second = client.get(url + "?sida=2").content.decode()
    assert second.count("Före och efter") == total - 5
    assert 'rel="prev"' in second and "Ärendet skapades." in second
    # the created case's "after" is the whole case: cut, with a link to that version
    assert "Förkortat." in second
    # a page number that is no number, or past the end, shows a page rather than an error
    assert client.get(url + "?sida=x").status_code == 200
    assert client.get(url + "?sida=999").content.decode().count("Före och efter") == total - 5


def test_interactions_are_paginated_and_keep_their_index(client, record, users, monkeypatch):
    from oversyn.web.organisation import views

    monkeypatch.setattr(views, "INTERACTIONS_PER_PAGE", 2)
    case = shared.load(_row(record))
    assert len(case.interactions) > 2
    client = _login(client, users["utredare"])
    url = reverse("cases:interactions", args=[record.key])
    second = client.get(url + "?sida=2").content.decode()
    # the rows are sorted by weight (heaviest first); the delete buttons on page 2 name the
    # third and fourth row's places in the whole list
    order = sorted(
        range(len(case.interactions)), key=lambda i: case.interactions[i].weight, reverse=True
    )
    assert re.findall(r"/samverkan/(\d+)/ta-bort/", second) == [str(i) for i in order[2:4]]
    assert f"Rad 3–4 av {len(case.interactions)}" in second


def test_the_case_list_is_paginated(client, users, seed_case, monkeypatch):
    from oversyn.web.cases import views

    monkeypatch.setattr(views, "CASE_LIST_PER_PAGE", 1)
    for n in range(3):
        other = seed_case.model_copy(
            update={
                "case": seed_case.case.model_copy(update={"id": f"fall-{n}", "title": f"Fall {n}"})
            }
        )
        services.case_create(actor=users["utredare"], case=other)
    client = _login(client, users["utredare"])
    pages = [client.get(reverse("cases:list") + f"?sida={n}").content.decode() for n in (1, 2, 3)]
    for n, page in enumerate(pages):
        assert f"Fall {n}" in page
        assert all(f"Fall {m}" not in page for m in range(3) if m != n)


# -- the document preview's images -------------------------------------------------------------


def test_preview_images_are_signed_cached_requests(client, record, users, rename_unit):
    client = _login(client, users["lasare"])
    response = client.get(reverse("cases:document_preview", args=[record.key]))
    html = response.content.decode()
    assert response.status_code == 200 and "data:image" not in html
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert sources and all("/dokument/bild/" in s for s in sources)
    anonymous = Client()  # the sandboxed frame sends no session: the signature is enough
    image = anonymous.get(sources[0])
    assert image.status_code == 200 and image["Content-Type"] in ("image/svg+xml", "image/png")
    assert len(image.content) > 100
    forged = sources[0][:-3] + ("A" if sources[0][-3] != "A" else "B") + sources[0][-2:]
    assert anonymous.get(forged).status_code == 410
    # an image of another case's address
    assert anonymous.get(sources[0].replace(record.key, "annat", 1)).status_code == 410
    # an image evicted from the cache is drawn again
    caches[cache.ALIAS].clear()
    assert anonymous.get(sources[-1]).status_code == 200
    # after a write the old addresses are gone; the new preview has new ones that work
    rename_unit(record, users["utredare"], "ia", "Efter ändringen")
    assert anonymous.get(sources[0]).status_code == 410
    fresh = re.findall(
        r'<img src="([^"]+)"',
        client.get(reverse("cases:document_preview", args=[record.key])).content.decode(),
    )
    assert fresh[0] != sources[0] and anonymous.get(fresh[0]).status_code == 200


# -- Redis (the machine's server, db 3) -------------------------------------------------------

REDIS = "redis://127.0.0.1:6379/3"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_redis_backend_caches_per_version(record, users, client, rename_unit):
    redis_caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        cache.ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": "oversyn-test-perf",
        },
    }
    with override_settings(CACHES=redis_caches):
        store = caches[cache.ALIAS]
        assert type(store).__name__ == "RedisCache"
        store.clear()
        try:
            calls = []
            row = _row(record)
            assert cache.cached(row, "probe", lambda: calls.append(1) or ["a", 1.5]) == ["a", 1.5]
            assert cache.cached(row, "probe", lambda: calls.append(1) or "again") == ["a", 1.5]
            assert len(calls) == 1
            key = cache.cache_key(row, "probe")
            assert store.get(key) == ["a", 1.5]
            # pages through Redis: the parsed case and the tree, a write shows at once
            page = reverse("cases:organisation", args=[record.key])
            client = _login(client, users["lasare"])
            assert client.get(page).status_code == 200
            assert cache.peek(_row(record), "case", lang="-") is not None
            rename_unit(record, users["utredare"], "ia", "Via Redis")
            assert "Via Redis" in client.get(page).content.decode()
        finally:
            store.clear()


def test_settings_use_redis_when_redis_url_is_set(monkeypatch):
    import importlib

    import oversyn.web.settings as settings_module

    monkeypatch.setenv("REDIS_URL", REDIS)
    try:
        reloaded = importlib.reload(settings_module)
        assert reloaded.CACHES[cache.ALIAS]["BACKEND"].endswith("RedisCache")
        assert reloaded.CACHES[cache.ALIAS]["LOCATION"] == REDIS
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(settings_module)


# -- the org tree written in Python is the HTML the recursive include gave ---------------------


@pytest.mark.parametrize("editable", [True, False])
def test_unit_tree_tag_writes_what_the_include_wrote(seed_case, record, editable):
    from django.template import Context, Template

    from oversyn.core.diff import diff_organisations
    from oversyn.web.organisation.selectors import organisation_tree

    alt = seed_case.alternatives[0]
    org = seed_case.organisation(alt.id)
    tree = organisation_tree(org, diff_organisations(seed_case.baseline, org))
    nodes = [n for a in tree["administrations"] for n in a.units] + tree["orphans"]
    assert nodes and any(n.mark for a in tree["administrations"] for n in _walk(a.units))
    context = {"record": record, "editable": editable}
    old = Template('{% for node in nodes %}{% include "organisation/_unit.html" %}{% endfor %}')
    new = Template(
        "{% load org_tree %}{% for node in nodes %}{% unit_tree node editable %}{% endfor %}"
    )
    squash = lambda html: re.sub(r"\s+", " ", html).replace("> <", "><").strip()  # noqa: E731
    assert squash(new.render(Context({**context, "nodes": nodes}))) == squash(
        old.render(Context({**context, "nodes": nodes}))
    )


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@pytest.mark.parametrize("value", [["a"], "x\"'", None])
def test_fast_select_and_checkboxes_write_what_django_wrote(monkeypatch, value):
    from django import forms

    from oversyn.web.platform import forms as pforms

    monkeypatch.setattr(pforms, "FAST_RENDER_OPTIONS", 0)  # the fast path for two options
    options = [("a", "A & b"), ("x\"'", "X<'")]
    attrs = {"id": "id_nm", "required": True}
    pairs = [
        (forms.Select, pforms.FastSelect),
        (forms.CheckboxSelectMultiple, pforms.FastCheckboxSelectMultiple),
    ]
    for django_widget, fast_widget in pairs:
        expected = django_widget(choices=options, attrs={"class": "c"}).render("nm", value, attrs)
        got = fast_widget(choices=options, attrs={"class": "c"}).render("nm", value, attrs)
        assert got == expected
