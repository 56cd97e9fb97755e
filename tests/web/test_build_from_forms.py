"""Issue 12, "Done when": seeds 001 (Linköping 2017) and 003 built in Chromium from an EMPTY
database through the web forms only, as a person would, and the case file the web exports
compared with the example by names (the app makes its own ids from the names).

The only ORM writes are the accounts (the logged-in utredare with the permission to create
cases, and the steering group's account, which an administrator makes); everything in the case
is typed into forms: "Nytt ärende" (start: empty), the organisation's forms (service areas,
committees, administrations, units with all their fields), the alternatives with every operation
in the builder, the gates, the principles, the steering group's scores (logged in as the
steering group, added to the case on the members page), the conclusion.  Each step's time is
printed (``-s`` shows them).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from tests.web.alternatives.test_builder_browser import _canon_case, type_operation
from tests.web.helpers_newcase import create_case_through_form, download_docx_text

from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.operations import apply_operations
from oversyn.io.casefile import load_case, parse_case
from oversyn.web.cases import services
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform.forms import format_input_number

CHROMIUM = Path("/usr/bin/chromium")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)"),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Clock:
    """Step timings, printed at the end of a test."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.steps: list[tuple[str, float]] = []
        self.start = self.last = time.perf_counter()

    def step(self, name: str) -> None:
        now = time.perf_counter()
        self.steps.append((name, now - self.last))
        self.last = now

    def report(self) -> str:
        lines = [f"{self.title}: {time.perf_counter() - self.start:.1f} s in all"]
        lines += [f"  {name:<40} {secs:6.1f} s" for name, secs in self.steps]
        return "\n".join(lines)


# --- comparison by names ---------------------------------------------------------------


def org_by_names(org: Any) -> dict[str, Any]:
    """An organisation with every id replaced by the name it stands for (lists sorted)."""
    area = {a.id: a.name for a in org.service_areas}
    com = {c.id: c.name for c in org.committees}
    adm = {a.id: a.name for a in org.administrations}
    unit = {u.id: u.name for u in org.units}

    def names(ids: Any, table: dict[str, str]) -> list[str]:
        return sorted(table.get(i, i) for i in ids)

    def functions(values: Any) -> list[str]:
        return sorted(getattr(f, "value", f) for f in values)

    return {
        "service_areas": {
            a.name: (sorted(a.laws), a.description.strip()) for a in org.service_areas
        },
        "committees": {
            c.name: {
                "kind": c.kind.value,
                "appointed_by": com.get(c.appointed_by or "", c.appointed_by),
                "chair": c.chair,
                "mandate": {
                    "service_areas": names(c.mandate.service_areas, area),
                    "laws": sorted(c.mandate.laws),
                    "functions": functions(c.mandate.functions),
                    "text": " ".join(c.mandate.text.split()),
                },
                "note": " ".join(c.note.split()),
            }
            for c in org.committees
        },
        "administrations": {
            a.name: {
                "supports": names(a.supports, com),
                "head": a.head,
                "note": " ".join(a.note.split()),
                "units": sorted(u.name for u in org.units if u.administration == a.id),
            }
            for a in org.administrations
        },
        "units": {
            u.name: {
                "administration": adm.get(u.administration or "", u.administration),
                "parent": unit.get(u.parent or "", u.parent),
                "functions": functions(u.functions),
                "service_areas": names(u.service_areas, area),
                "laws": sorted(u.laws),
                "category": u.category,
                "fte": u.fte,
                "budget": u.budget,
                "manager": u.manager,
                "estimated": u.estimated,
                "note": " ".join(u.note.split()),
            }
            for u in org.units
        },
    }


def case_by_names(case: Case) -> dict[str, Any]:
    """Everything a seed states that the forms can hold, by names."""
    alt_names = {a.id: a.name for a in case.alternatives}
    alt_names[BASELINE_ID] = "Nuläge"
    ev = case.evaluation
    who = {a.id: a.name for a in ev.assessors}
    out: dict[str, Any] = {
        "case": {
            "title": case.case.title,
            "case_number": case.case.case_number,
            "municipality": case.case.municipality.name,
            "committee": case.case.committee,
            "summary": " ".join(case.case.summary.split()),
            "directive_title": case.case.directive.title,
            "officer": case.case.officer,
            "directive_text": " ".join(case.case.directive.text.split()),
            "issued_by": case.case.directive.issued_by,
            "issued_to": case.case.directive.issued_to,
        },
        "baseline": org_by_names(case.baseline),
        "results": {a.name: org_by_names(case.organisation(a.id)) for a in case.alternatives},
        "conclusion": None,
    }
    if ev.conclusion is not None:
        out["conclusion"] = {
            "alternative": alt_names.get(ev.conclusion.alternative or ""),
            "by": who.get(ev.conclusion.by or "", ev.conclusion.by),
            "text": " ".join(ev.conclusion.text.split()),
        }
    return out


def assert_equal_by_names(ours: Case, seed: Case) -> None:
    mine, theirs = case_by_names(ours), case_by_names(seed)
    for part in ("case", "baseline", "results", "conclusion"):
        if part == "results":
            assert mine[part].keys() == theirs[part].keys()
            for name in theirs[part]:
                assert mine[part][name] == theirs[part][name], f"resulting organisation {name}"
        else:
            assert mine[part] == theirs[part], part
    # the alternatives' operations, the gates, principles, scores (and their weights: the
    # default scale) as the builder's own browser test compares them
    a, b = _canon_case(ours), _canon_case(seed)
    b["assessors"] = sorted(a["assessors"]) if seed.evaluation.assessments else []
    for key in ("alternatives", "scale", "gates", "principles", "assessments"):
        assert a[key] == b[key], key
    assert ours.evaluation.weights == seed.evaluation.weights
    assert interactions_by_names(ours) == interactions_by_names(seed)


# --- typing into the forms -----------------------------------------------------------


def _ids(record: CaseRecord, kind: str) -> dict[str, str]:
    org = services.load(CaseRecord.objects.get(pk=record.pk)).baseline
    return {o.name: o.id for o in getattr(org, kind)}


def _save_org_object(page: Any, base: str, kind: str, fill: Any) -> None:
    page.goto(f"{base}/organisation/{kind}/ny/")
    fill(page.locator("form.narrow"))
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url(f"{base}/organisation/")
    page.get_by_text("Sparat.").first.wait_for()


def _check(form: Any, name: str, values: Any) -> None:
    for value in values:
        form.locator(f"input[name={name}][value='{getattr(value, 'value', value)}']").check()


def type_baseline(page: Any, base: str, record: CaseRecord, seed: Case) -> None:
    """The seed's baseline typed into the organisation forms, names only (no ids)."""
    org = seed.baseline
    for area in org.service_areas:

        def fill_area(form: Any, area: Any = area) -> None:
            form.locator("#id_name").fill(area.name)
            form.locator("#id_laws").fill(", ".join(area.laws))
            form.locator("#id_description").fill(area.description)

        _save_org_object(page, base, "service_area", fill_area)
    for committee in org.committees:
        areas = _ids(record, "service_areas")
        committees = _ids(record, "committees")

        def fill_committee(
            form: Any, c: Any = committee, areas: Any = areas, committees: Any = committees
        ) -> None:
            form.locator("#id_name").fill(c.name)
            form.locator("#id_kind").select_option(c.kind.value)
            if c.appointed_by:
                form.locator("#id_appointed_by").select_option(
                    committees[org.label("committee", c.appointed_by)]
                )
            if c.chair:
                form.locator("#id_chair").fill(c.chair)
            _check(
                form,
                "mandate_service_areas",
                [areas[org.label("service_area", a)] for a in c.mandate.service_areas],
            )
            form.locator("#id_mandate_laws").fill(", ".join(c.mandate.laws))
            _check(form, "mandate_functions", c.mandate.functions)
            form.locator("#id_mandate_text").fill(c.mandate.text)
            form.locator("#id_note").fill(c.note)

        _save_org_object(page, base, "committee", fill_committee)
    committees = _ids(record, "committees")
    for adm in org.administrations:

        def fill_adm(form: Any, a: Any = adm) -> None:
            form.locator("#id_name").fill(a.name)
            _check(form, "supports", [committees[org.label("committee", c)] for c in a.supports])
            if a.head:
                form.locator("#id_head").fill(a.head)
            form.locator("#id_note").fill(a.note)

        _save_org_object(page, base, "administration", fill_adm)
    adms = _ids(record, "administrations")
    areas = _ids(record, "service_areas")
    # parents before their sub-units
    pending = list(org.units)
    while pending:
        unit = next(u for u in pending if not u.parent or u.parent not in {p.id for p in pending})
        pending.remove(unit)
        units = _ids(record, "units")

        def fill_unit(form: Any, u: Any = unit, units: dict[str, str] = units) -> None:
            form.locator("#id_name").fill(u.name)
            if u.administration:
                form.locator("#id_administration").select_option(
                    adms[org.label("administration", u.administration)]
                )
            if u.parent:
                form.locator("#id_parent").select_option(units[org.label("unit", u.parent)])
            _check(form, "functions", u.functions)
            _check(
                form,
                "service_areas",
                [areas[org.label("service_area", a)] for a in u.service_areas],
            )
            form.locator("#id_laws").fill(", ".join(u.laws))
            form.locator("#id_category").fill(u.category or "")
            if u.fte is not None:
                form.locator("#id_fte").fill(format_input_number(u.fte))
            if u.budget is not None:
                form.locator("#id_budget").fill(format_input_number(u.budget))
            form.locator("#id_manager").fill(u.manager or "")
            if u.estimated:
                form.locator("#id_estimated").check()
            form.locator("#id_note").fill(u.note)

        _save_org_object(page, base, "unit", fill_unit)


def type_interactions(page: Any, base: str, record: CaseRecord, seed: Case) -> None:
    """The seed's interactions, one "Ny rad" form each, units chosen by name."""
    units = _ids(record, "units")
    org = seed.baseline
    for i in seed.interactions:
        page.goto(base + "/samverkan/")
        page.select_option("#id_a", units[org.label("unit", i.a)])
        page.select_option("#id_b", units[org.label("unit", i.b)])
        page.fill("#id_weight", format_input_number(i.weight))
        page.select_option("#id_kind", i.kind.value)
        page.fill("#id_measure", i.measure)
        page.fill("#id_period", i.period or "")
        page.fill("#id_source", i.source or "")
        page.set_checked("#id_estimated", bool(i.estimated))
        page.fill("#id_note", i.note or "")
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till", exact=True).click()
        page.get_by_text("Sparat.").first.wait_for()


def interactions_by_names(case: Case) -> list[tuple[Any, ...]]:
    label = {u.id: u.name for u in case.baseline.units}
    return sorted(
        (
            label[i.a],
            label[i.b],
            i.weight,
            i.kind.value,
            i.measure,
            i.period,
            i.source,
            i.estimated,
            " ".join((i.note or "").split()),
        )
        for i in case.interactions
    )


def type_case_info(page: Any, base: str, seed: Case) -> None:
    """What "Nytt ärende" does not ask: the summary, the directive's heading and, for a case
    whose municipality is not named, the name without a code ("Ärendets uppgifter")."""
    info = seed.case
    page.goto(base + "/uppgifter/")
    page.fill("#id_summary", info.summary.strip())
    page.fill("#id_directive_title", info.directive.title)
    if not info.municipality.code:
        page.fill("#id_municipality_name", info.municipality.name)
        page.fill("#id_municipality_code", "")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url(base + "/")
    page.get_by_text("Sparat.").first.wait_for()


def type_alternatives(page: Any, base: str, record: CaseRecord, seed: Case) -> dict[str, str]:
    """Every alternative with all its operations through the builder; seed id → our id."""
    our_alt: dict[str, str] = {}
    for seed_alt in seed.alternatives:
        page.goto(base + "/")
        page.get_by_text("Nytt alternativ").click()
        page.fill("#id_name", seed_alt.name)
        page.fill("#id_description", seed_alt.description.strip())
        page.fill("#id_note", seed_alt.note)
        page.select_option("#id_based_on", our_alt.get(seed_alt.based_on or "", BASELINE_ID))
        page.get_by_role("button", name="Skapa alternativet").click()
        page.wait_for_url("**/alternativ/*/")
        alt_id = page.url.rstrip("/").rsplit("/", 1)[1]
        our_alt[seed_alt.id] = alt_id
        seed_org = seed.organisation(seed_alt.based_on or BASELINE_ID)
        for index, op in enumerate(seed_alt.operations):
            ours = services.load(CaseRecord.objects.get(pk=record.pk))
            type_operation(page, op, seed_org, ours.organisation(alt_id))
            with page.expect_navigation():
                page.get_by_role("button", name="Lägg till ändringen").click()
            page.get_by_text("Ändringen lades till.").wait_for()
            seed_org = apply_operations(seed_org, [op], seed_alt.id, start_index=index)
    return our_alt


def type_criteria(page: Any, base: str, seed: Case, our_alt: dict[str, str]) -> None:
    """The gates with their answers and the principles, on the criteria page (no ids)."""
    page.goto(base + "/utvardering/kriterier/")
    for gate in seed.evaluation.gates:
        new = page.locator("details:has(> summary:text-is('Ny utgångspunkt'))")
        if not new.get_attribute("open"):
            new.locator("summary").click()
        new.locator("#g-new-name").fill(gate.name)
        new.locator("#g-new-desc").fill(gate.description)
        new.locator("#g-new-level").select_option(gate.level.value)
        for result in gate.results:
            alt = our_alt[result.alternative]
            new.locator(f"select[name=answer-{alt}]").select_option(result.answer.value)
            if result.note:
                new.locator(f"input[name=note-{alt}]").fill(result.note)
        new.get_by_role("button", name="Lägg till utgångspunkten").click()
        page.wait_for_load_state()
        page.get_by_text(gate.name).first.wait_for()
    for principle in seed.evaluation.principles:
        new = page.locator("details:has(#p-new-id)")
        if not new.get_attribute("open"):
            new.locator("summary").click()
        new.locator("#p-new-name").fill(principle.name)
        new.locator("#p-new-desc").fill(principle.description)
        new.get_by_role("button", name="Lägg till principen").click()
        page.wait_for_load_state()
        page.get_by_text(principle.name).first.wait_for()


def type_scores(page: Any, base: str, seed: Case) -> None:
    page.goto(base + "/utvardering/poang/")
    order = [p.id for p in seed.evaluation.principles]
    alt_names = {a.id: a.name for a in seed.alternatives}
    for a in seed.evaluation.assessments:
        box = page.get_by_role("group", name=alt_names[a.alternative], exact=True)
        cell = box.locator(".score-cell").nth(order.index(a.criterion))
        cell.locator("input[type=number]").fill(format_input_number(a.score).replace(",", "."))
        cell.locator("textarea").fill(a.motivation)
    page.get_by_role("button", name="Spara mina poäng").click()
    page.wait_for_url("**/utvardering/")


def type_conclusion(page: Any, base: str, seed: Case, our_alt: dict[str, str]) -> None:
    conclusion = seed.evaluation.conclusion
    assert conclusion is not None
    page.goto(base + "/utvardering/slutsats/")
    page.check(f"#alt-{our_alt.get(conclusion.alternative or '', BASELINE_ID)}")
    if conclusion.by:
        names = {a.id: a.name for a in seed.evaluation.assessors}
        page.select_option("#id_by", label=names[conclusion.by])
    page.fill("#id_text", conclusion.text)
    page.get_by_role("button", name="Spara slutsatsen").click()
    page.wait_for_url("**/utvardering/")


def add_member(page: Any, base: str, username: str, role: str) -> None:
    page.goto(base + "/medlemmar/")
    page.fill("#id_username", username)
    page.select_option("#id_role", role)
    page.get_by_role("button", name="Spara rollen").click()
    page.get_by_text("Sparat.").first.wait_for()


def export(page: Any, key: str) -> Case:
    from django.urls import reverse

    root = page.url.split("/arenden/")[0]
    response = page.request.get(root + reverse("cases:export_yaml", args=[key]))
    assert response.ok, response.status
    return parse_case(response.text(), "export.yaml")


# --- the tests ---------------------------------------------------------------------


def test_linkoping_2017_from_an_empty_database(
    browser_login, live_server, users, django_user_model, capsys
):
    seed = load_case(EXAMPLES / "linkoping-2017.yaml")
    assert not CaseRecord.objects.exists()
    clock = Clock("Seed 001 Linköping 2017 through the forms")
    page = browser_login("utredare")
    info = seed.case
    key = create_case_through_form(
        page,
        live_server.url,
        title=info.title,
        municipality=info.municipality.code or "",
        start="empty",
        committee=info.committee,
        case_number=info.case_number,
        officer=info.officer,
        directive_by="\n".join(info.directive.issued_by),
        directive_to="\n".join(info.directive.issued_to),
        directive_text=info.directive.text.strip(),
    )
    record = CaseRecord.objects.get(key=key)
    base = f"{live_server.url}/arenden/{key}"
    type_case_info(page, base, seed)
    clock.step("new case and its information")
    type_baseline(page, base, record, seed)
    clock.step("organisation (5+7+4+15 forms)")
    type_interactions(page, base, record, seed)
    clock.step(f"interactions ({len(seed.interactions)} forms)")
    our_alt = type_alternatives(page, base, record, seed)
    clock.step(f"alternatives ({sum(len(a.operations) for a in seed.alternatives)} operations)")
    type_criteria(page, base, seed, our_alt)
    clock.step("gates and principles")
    django_user_model.objects.create_user(  # an administrator makes the account
        username="styrgruppen", password="pw-styrgruppen", first_name="Styrgruppen"
    )
    add_member(page, base, "styrgruppen", "bedomare")
    steering = browser_login("styrgruppen")
    type_scores(steering, base, seed)
    steering.context.close()
    clock.step("the steering group's scores")
    type_conclusion(page, base, seed, our_alt)
    clock.step("conclusion")
    ours = export(page, key)
    clock.step("export")
    texts = "\n".join(download_docx_text(page, live_server.url, key))
    assert "Social-, omsorgs- och äldreförvaltning" in texts
    clock.step("DOCX")
    page.context.close()
    with capsys.disabled():
        print("\n" + clock.report())
    assert_equal_by_names(ours, seed)


def type_costs(page: Any, base: str, seed: Case, our_alt: dict[str, str]) -> None:
    for line in seed.costs:
        page.goto(base + "/kostnader/")
        page.select_option("#id_alternative", our_alt[line.alternative])
        page.fill("#id_label", line.label)
        page.select_option("#id_kind", line.kind.value)
        page.select_option("#id_basis", line.basis.value)
        page.fill("#id_low", format_input_number(line.low))
        if line.high is not None:
            page.fill("#id_high", format_input_number(line.high))
        page.fill("#id_years", ", ".join(str(y) for y in line.years))
        page.fill(
            "#id_volumes",
            "\n".join(f"{y}: {format_input_number(n)}" for y, n in line.volumes.items()),
        )
        if line.estimated:
            page.check("#id_estimated")
        page.fill("#id_source", line.source)
        page.fill("#id_note", line.note)
        page.get_by_role("button", name="Spara kostnadsposten").click()
        page.wait_for_load_state()
        page.get_by_role("cell", name=line.label, exact=True).first.wait_for()


def type_decisions(page: Any, base: str, seed: Case, our_alt: dict[str, str]) -> None:
    for d in seed.decisions:
        page.goto(base + "/beslut/")
        page.fill("#id_body", d.body)
        page.fill("#id_date", d.date.isoformat())
        page.fill("#id_paragraph", d.paragraph)
        page.fill("#id_case_number", d.case_number)
        page.fill("#id_title", d.title)
        page.fill("#id_text", d.text)
        if d.alternative:
            page.select_option("#id_alternative", our_alt[d.alternative])
        if d.effective:
            page.fill("#id_effective", d.effective.isoformat())
        if d.attestation is not None:
            if d.attestation.date:
                page.fill("#id_attestation_date", d.attestation.date.isoformat())
            page.fill("#id_attestation_by", "\n".join(d.attestation.by))
        if d.notice_posted:
            page.fill("#id_notice_posted", d.notice_posted.isoformat())
        page.fill("#id_distribution", "\n".join(d.distribution))
        page.fill("#id_note", d.note)
        page.get_by_role("button", name="Spara beslutet").click()
        page.wait_for_load_state()
        page.get_by_text(d.paragraph).first.wait_for()


def type_metrics(page: Any, base: str, seed: Case) -> None:
    page.goto(base + "/utvardering/kriterier/")
    for metric in seed.evaluation.metrics:
        new = page.locator("details:has(> summary:text-is('Nytt mätt kriterium'))")
        if not new.get_attribute("open"):
            new.locator("summary").click()
        new.locator("#m-new-name").fill(metric.name)
        new.locator("#m-new-desc").fill(metric.description)
        source, _, year = metric.metric.partition(":")
        new.locator("#m-new-source").select_option(source + ("_year" if year else ""))
        if year:
            new.locator("#m-new-year").fill(year)
        new.locator("#m-new-unit").fill(metric.unit)
        new.get_by_role("button", name="Lägg till kriteriet").click()
        page.wait_for_load_state()
        page.get_by_text(metric.name).first.wait_for()


def process_by_names(case: Case) -> dict[str, Any]:
    alt_names = {a.id: a.name for a in case.alternatives}
    return {
        "costs": sorted(
            (
                alt_names[c.alternative],
                c.label,
                c.kind.value,
                c.basis.value,
                c.low,
                c.high,
                sorted(c.years),
                sorted(c.volumes.items()),
                c.estimated,
                c.source,
            )
            for c in case.costs
        ),
        "decisions": [
            (
                d.body,
                d.date,
                d.paragraph,
                d.case_number,
                d.title,
                " ".join(d.text.split()),
                alt_names.get(d.alternative or ""),
                d.effective,
                d.attestation.model_dump() if d.attestation else None,
                d.notice_posted,
                d.distribution,
                " ".join(d.note.split()),
            )
            for d in case.decisions
        ],
        "metrics": [
            (m.name, m.unit, m.metric, " ".join(m.description.split()))
            for m in case.evaluation.metrics
        ],
    }


def test_seed_003_with_its_decision_and_costs_from_an_empty_database(
    browser_login, live_server, users, capsys
):
    seed = load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")
    assert not CaseRecord.objects.exists()
    clock = Clock("Seed 003 flyktingverksamhet 2018 through the forms")
    page = browser_login("utredare")
    info = seed.case
    key = create_case_through_form(
        page,
        live_server.url,
        title=info.title,
        # the seed's municipality is unnamed ("Kommunen (namnges inte …)"): "Nytt ärende" only
        # offers the 290 municipalities, so one is chosen and the name typed in the case's
        # information afterwards (type_case_info)
        municipality="0180",
        start="empty",
        committee=info.committee,
        case_number=info.case_number,
        officer=info.officer,
        directive_by="\n".join(info.directive.issued_by),
        directive_to="\n".join(info.directive.issued_to),
        directive_text=info.directive.text.strip(),
    )
    record = CaseRecord.objects.get(key=key)
    base = f"{live_server.url}/arenden/{key}"
    type_case_info(page, base, seed)
    clock.step("new case and its information")
    type_baseline(page, base, record, seed)
    clock.step("organisation (5+4+2+6 forms)")
    type_interactions(page, base, record, seed)
    clock.step(f"interactions ({len(seed.interactions)} forms)")
    our_alt = type_alternatives(page, base, record, seed)
    clock.step(f"alternatives ({sum(len(a.operations) for a in seed.alternatives)} operations)")
    type_costs(page, base, seed, our_alt)
    clock.step("cost lines")
    type_decisions(page, base, seed, our_alt)
    clock.step("decision")
    type_criteria(page, base, seed, our_alt)
    type_metrics(page, base, seed)
    clock.step("principles and metric")
    type_conclusion(page, base, seed, our_alt)
    clock.step("conclusion")
    ours = export(page, key)
    texts = "\n".join(download_docx_text(page, live_server.url, key))
    assert "§ 13" in texts
    clock.step("export and DOCX")
    page.context.close()
    with capsys.disabled():
        print("\n" + clock.report())
    assert process_by_names(ours) == process_by_names(seed)
    assert_equal_by_names(ours, seed)


def typing_effort(case: Case) -> tuple[int, int]:
    """(forms submitted, characters typed) to enter ``case`` as these tests do."""
    org = case.baseline
    ev = case.evaluation
    forms = 1 + len(org.service_areas) + len(org.committees) + len(org.administrations)
    forms += len(org.units) + len(case.alternatives) + len(case.interactions)
    forms += sum(len(a.operations) for a in case.alternatives)
    forms += len(ev.gates) + len(ev.principles) + len(ev.metrics) + len(case.costs)
    forms += len(case.decisions) + (1 if ev.assessments else 0) + (1 if ev.conclusion else 0)
    texts: list[str] = [case.case.title, case.case.directive.text]
    texts += case.case.directive.issued_by + case.case.directive.issued_to
    for kind in ("service_areas", "committees", "administrations", "units"):
        for o in getattr(org, kind):
            texts += [o.name, getattr(o, "note", ""), getattr(o, "description", "")]
    texts += [c.mandate.text for c in org.committees]
    for a in case.alternatives:
        texts += [a.name, a.description, a.note]
        texts += [getattr(op, "text", "") or "" for op in a.operations]
        texts += [getattr(op, "name", "") or "" for op in a.operations]
    texts += [g.name + g.description for g in ev.gates]
    texts += [p.name + p.description for p in ev.principles]
    texts += [m.name + m.description for m in ev.metrics]
    texts += [a.motivation for a in ev.assessments]
    texts += [c.label for c in case.costs] + [d.text + d.title for d in case.decisions]
    if ev.conclusion is not None:
        texts.append(ev.conclusion.text)
    return forms, sum(len(t) for t in texts if isinstance(t, str))


def human_estimate(case: Case) -> str:
    """A person's time: 45 s per form (find it, choose, tick, save, check the result) and
    typing at 4 characters a second (texts pasted from the directive go faster)."""
    forms, chars = typing_effort(case)
    minutes = (forms * 45 + chars / 4) / 60
    return f"{forms} forms, {chars} characters typed: about {minutes:.0f} minutes for a person"


def test_seed_000_from_nothing_to_a_downloaded_docx(browser_login, live_server, users, capsys):
    """Issue 12's note: a case like seed 000 from nothing to a DOCX, timed (and estimated for
    a person).  What the forms could not hold is listed in the report, not here."""
    seed = load_case(EXAMPLES / "ia-till-ifo.yaml")
    assert not CaseRecord.objects.exists()
    clock = Clock("Seed 000 IA till IFO through the forms")
    page = browser_login("utredare")
    info = seed.case
    key = create_case_through_form(
        page,
        live_server.url,
        title=info.title,
        municipality="0180",  # the directive names no municipality (see seed 003's test)
        start="empty",
        committee=info.committee,
        case_number=info.case_number,
        officer=info.officer,
        directive_by="\n".join(info.directive.issued_by),
        directive_to="\n".join(info.directive.issued_to),
        directive_deadline=info.directive.deadline or "",
        directive_text=info.directive.text.strip(),
    )
    record = CaseRecord.objects.get(key=key)
    base = f"{live_server.url}/arenden/{key}"
    type_case_info(page, base, seed)
    clock.step("new case and its information")
    type_baseline(page, base, record, seed)
    clock.step("organisation")
    type_interactions(page, base, record, seed)
    clock.step(f"interactions ({len(seed.interactions)} forms)")
    our_alt = type_alternatives(page, base, record, seed)
    clock.step("alternative")
    type_criteria(page, base, seed, our_alt)
    if seed.evaluation.alternatives:  # Nuläge is evaluated too
        page.goto(base + "/utvardering/kriterier/")
        wanted = {our_alt.get(a, a) for a in seed.evaluation.alternatives}
        for box in page.locator("input[name=alternatives]").all():
            box.set_checked(box.get_attribute("value") in wanted)
        page.get_by_role("button", name="Spara urvalet").click()
        page.wait_for_load_state()
    clock.step("principles")
    texts = "\n".join(download_docx_text(page, live_server.url, key))
    assert info.title in texts
    clock.step("DOCX")
    ours = export(page, key)
    page.context.close()
    with capsys.disabled():
        print("\n" + clock.report())
        for name, case in (
            ("seed 000", seed),
            ("seed 001", load_case(EXAMPLES / "linkoping-2017.yaml")),
            ("seed 003", load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")),
        ):
            print(f"  {name}: {human_estimate(case)}")
    assert [our_alt.get(a, a) for a in seed.evaluation.alternatives] == ours.evaluation.alternatives
    assert ours.case.directive.deadline == info.directive.deadline
    assert_equal_by_names(ours, seed)


def test_the_comparison_sees_what_differs():
    """Without a browser: ids renamed compare equal, a moved unit or a changed score does not."""
    seed = load_case(EXAMPLES / "linkoping-2017.yaml")
    text = (EXAMPLES / "linkoping-2017.yaml").read_text(encoding="utf-8")
    renamed = parse_case(
        text.replace("sof-aldre", "enhet-17").replace(" oaf", " adm-2").replace("[oaf", "[adm-2"),
        "renamed.yaml",
    )
    assert_equal_by_names(renamed, seed)
    moved = parse_case(
        text.replace("to_administration: oaf", "to_administration: leanlink"), "moved.yaml"
    )
    with pytest.raises(AssertionError, match="Alternativ 2"):
        assert_equal_by_names(moved, seed)
    scored = parse_case(text.replace("score: 0", "score: 1"), "scored.yaml")
    with pytest.raises(AssertionError, match="assessments"):
        assert_equal_by_names(scored, seed)
