"""Hostile uploads through the pages (issue 16, items 1 and 3): every one is refused with a
Swedish message on the page, nothing is stored, nothing answers 500; the alias bomb is refused
in under a second with under 50 MB of extra memory; spreadsheet output stays data."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from tests import hostile

from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.organisation import actions as org_actions
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db


def _state(record=None):
    """What a refused upload must leave as it was: the cases, their versions, the audit."""
    return (
        sorted(CaseRecord.objects.values_list("key", "version")),
        AuditRecord.objects.count(),
    )


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _page(response) -> str:
    assert response.status_code < 500
    return response.content.decode()


def test_alias_bomb_on_both_case_file_forms_is_refused_fast_and_small(client, users, record):
    client.force_login(users["utredare"])
    before = _state()
    for url, extra in (
        (reverse("cases:list"), {}),
        (reverse("cases:import_yaml", args=[record.key]), {"version": record.version}),
    ):
        tracemalloc.start()
        start = time.perf_counter()
        response = client.post(
            url, {"file": _upload("bomb.yaml", hostile.BILLION_LAUGHS.encode()), **extra}
        )
        seconds = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        page = _page(response)
        assert "bomb.yaml:1: YAML-ankare (&amp;a) är inte tillåtna i en ärendefil" in page
        # an expanded bomb takes minutes and gigabytes; the refusal is milliseconds on an idle
        # machine (benchmarks/fuzz.py has the figures), so a loose bound that a loaded CI keeps
        assert seconds < 10
        assert peak < 50 * 1024 * 1024
    assert _state() == before


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (hostile.make_impossible_date, "'2021-02-30': day is out of range for month"),
        (hostile.make_nul_bytes, "NUL-tecken"),
        (hostile.make_utf16, "inte giltig UTF-8-text"),
        (hostile.make_latin1, "inte giltig UTF-8-text"),
    ],
)
def test_broken_case_files_are_located_messages(client, users, record, tmp_path, make, expected):
    client.force_login(users["utredare"])
    before = _state()
    path = make(tmp_path)
    page = _page(
        client.post(reverse("cases:list"), {"file": _upload(path.name, path.read_bytes())})
    )
    assert expected in page.replace("&#x27;", "'")
    assert f"{path.name}:" in page
    assert _state() == before


def test_an_empty_file_says_so(client, users, record):
    client.force_login(users["utredare"])
    before = _state()
    for url in (reverse("cases:list"), reverse("cases:import_yaml", args=[record.key])):
        page = _page(client.post(url, {"file": _upload("tom.yaml", b""), "version": 1}))
        assert "Den skickade filen är tom." in page
    page = _page(client.post(reverse("cases:list"), {"file": _upload("blank.yaml", b"\n\n")}))
    assert "blank.yaml: Filen är tom" in page
    assert _state() == before


def test_the_case_file_size_bound_is_on_the_form_and_enforced(client, users, record, tmp_path):
    client.force_login(users["utredare"])
    page = _page(client.get(reverse("cases:list")))
    assert "(högst 10 MB)" in page
    path = hostile.make_big_field_casefile(tmp_path, mb=11)
    before = _state()
    page = _page(
        client.post(reverse("cases:list"), {"file": _upload(path.name, path.read_bytes())})
    )
    assert "big-field.yaml: Filen är för stor" in page and "högst 10 MB tillåts" in page
    assert _state() == before


@override_settings(OVERSYN_LIMITS={"upload_bytes": 4096})
def test_an_upload_past_the_limit_is_dropped_while_streaming(client, users, record):
    client.force_login(users["utredare"])
    page = _page(client.get(reverse("cases:interactions", args=[record.key])))
    assert "(högst 4 kB)" in page
    before = _state()
    data = b"a,b,weight\n" + b"ia,ifo,1\n" * 10_000
    response = client.post(
        reverse("cases:interactions_upload", args=[record.key]),
        {"file": _upload("stor.csv", data)},
        follow=True,
    )
    page = _page(response)
    assert "Filen stor.csv är för stor; högst 4 kB tillåts." in page
    assert _state() == before


def test_the_streaming_handler_keeps_nothing_past_the_limit():
    from oversyn.web.uploads import OversizedUpload, SizeLimitedUploadHandler

    with override_settings(OVERSYN_LIMITS={"upload_bytes": 100}):
        handler = SizeLimitedUploadHandler()
        handler.new_file("file", "x.csv", "text/csv", None)
        assert handler.receive_data_chunk(b"a" * 60, 0) == b"a" * 60
        assert handler.receive_data_chunk(b"a" * 60, 60) is None  # past 100: dropped
        assert handler.receive_data_chunk(b"a" * 60, 120) is None
        upload = handler.file_complete(180)
        assert isinstance(upload, OversizedUpload) and upload.read() == b""


def test_a_million_row_csv_is_refused_at_the_row_bound(client, users, record, tmp_path):
    client.force_login(users["utredare"])
    path = hostile.make_million_rows_csv(tmp_path)
    before = _state()
    start = time.perf_counter()
    response = client.post(
        reverse("cases:interactions_upload", args=[record.key]),
        {"file": _upload(path.name, path.read_bytes())},
        follow=True,
    )
    assert time.perf_counter() - start < 20
    page = _page(response)
    assert "million.csv, rad 20002: Tabellen har fler än 20 000 rader; dela upp den" in page
    assert _state() == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a,b,weight\nia,ifo,\x001\n", "samverkan.csv:2: Filen innehåller ett NUL-tecken"),
        ("a,b,weight\nia,ifö,1\n".encode("latin-1"), "samverkan.csv:2: Filen är inte giltig UTF-8"),
        (
            b'a,b,weight,note\nia,ifo,1,"' + b"x" * 200_000 + b'"\n',
            "samverkan.csv, rad 2: Raden kan inte läsas som CSV: field larger than field limit",
        ),
    ],
)
def test_broken_csv_is_a_located_message(client, users, record, data, expected):
    client.force_login(users["utredare"])
    before = _state()
    response = client.post(
        reverse("cases:interactions_upload", args=[record.key]),
        {"file": _upload("samverkan.csv", data)},
        follow=True,
    )
    assert expected in _page(response)
    assert _state() == before


def test_zip_bomb_workbook_is_refused_before_openpyxl(client, users, record, tmp_path):
    client.force_login(users["utredare"])
    path = hostile.make_zip_bomb_xlsx(tmp_path, unpacked_mb=300)
    assert path.stat().st_size < 5 * 1024 * 1024
    before = _state()
    tracemalloc.start()
    response = client.post(
        reverse("cases:org_import_xlsx", args=[record.key]),
        {"file": _upload(path.name, path.read_bytes())},
    )
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "zip-bomb.xlsx: Filen packas upp till mer än 200 MB" in _page(response)
    assert peak < 100 * 1024 * 1024
    assert _state() == before


def test_deep_kolada_json_is_refused_not_a_recursion_error(client, users, motala_record, tmp_path):
    from tests.web.followup.test_followup import _add_indicator, _goal_base

    _add_indicator(motala_record, users)
    client.force_login(users["utredare"])
    goal = "meningsfull-sysselsattning"
    url = reverse("cases:followup_kolada", args=[motala_record.key, goal, "arbete"])
    before = _state()
    for path, expected in (
        (
            hostile.make_deep_json(tmp_path, 200_000),
            "deep.json: JSON-dokumentet är nästlat för djupt",
        ),
        (hostile.make_huge_int_json(tmp_path), "huge-int.json: JSON-dokumentet har ett värde"),
    ):
        response = client.post(
            url,
            {
                "base": _goal_base(motala_record, goal),
                "file": _upload(path.name, path.read_bytes()),
            },
        )
        assert expected in _page(response)
    assert _state() == before


# -- spreadsheet output is data -----------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","klicka")', "=cmd|' /C calc'!A0", "@SUM(1)", "+1"]


def test_organisation_excel_writes_formula_like_names_as_text_and_reads_them_back(
    client, users, record
):
    client.force_login(users["utredare"])
    case = shared.load(record)
    units = [
        u.model_copy(update={"name": FORMULAS[i % 4]}) for i, u in enumerate(case.baseline.units)
    ]
    org = case.baseline.model_copy(update={"units": units})
    org_actions.organisation_replace(
        actor=users["utredare"],
        record=record,
        organisation=org,
        base=shared.token(case.baseline),
        source="test",
    )
    content = client.get(reverse("cases:org_export_xlsx", args=[record.key])).content
    sheet = load_workbook(io.BytesIO(content))["Enheter"]
    names = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in names} == set(FORMULAS)
    assert {c.data_type for c in names} == {"s"}  # text cells, no formula
    record.refresh_from_db()
    saved = shared.load(record).baseline
    upload = _upload("org.xlsx", content)
    response = client.post(
        reverse("cases:org_import_xlsx", args=[record.key]),
        {"file": upload, "base": shared.token(saved)},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert [u.name for u in shared.load(record).baseline.units] == [u.name for u in units]


def test_zip_bomb_word_template_is_refused_before_python_docx(client, users, record, tmp_path):
    client.force_login(users["utredare"])
    bomb = hostile.make_zip_bomb_xlsx(tmp_path, unpacked_mb=300).read_bytes()
    before = _state()
    response = client.post(
        reverse("cases:document", args=[record.key]), {"file": _upload("mall.docx", bomb)}
    )
    assert "mall.docx: Filen packas upp till mer än 200 MB" in _page(response)
    assert _state() == before


@override_settings(OVERSYN_LIMITS={"table_rows": 3})
def test_appending_csv_uploads_is_bounded_by_the_case_total(client, users, record):
    client.force_login(users["utredare"])
    assert len(shared.load(record).interactions) >= 2
    before = _state()
    data = b"a,b,weight\nia,ifo-vuxen,1\nia,ifo-barn-familj,2\n"
    response = client.post(
        reverse("cases:interactions_upload", args=[record.key]),
        {"file": _upload("mer.csv", data)},
        follow=True,
    )
    assert "högst 3 tillåts" in _page(response)
    assert _state() == before
