"""Follow-up in the web app: audit recommendations, the responsibility matrix, goals and
indicators with the Kolada upload.

Worked example: seed 004 (examples/motala-2018.yaml, Motala's answer to the auditors).  Two
recommendations to Kommunstyrelsen, both "pågår", both answered; three actions, of which
"2019-03-26" and "våren 2019" (ends 30 June 2019) are overdue today.  Five focus areas where
Kommunstyrelsen (``ks``) is only medverkande, so each is flagged "ingen ansvarig".  Five goals
without indicators.  The Kolada file (tests/io/data) holds KPI N00000 for Motala (0583):
T 44.1 (2017), 46.3 (2018), missing (2019), plus K and M for 2017–2018: 7 values.
"""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversyn.core.process.goals import indicator_series
from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.followup import actions as fsvc
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def _version(record):
    return CaseRecord.objects.get(pk=record.pk).version


def _goal_base(record, goal_id):
    return shared.item_token(_case(record), "goals", goal_id)


INDICATOR = {
    "id": "arbete",
    "name": "Andel i arbete",
    "unit": "%",
    "source": "Kolada",
    "kolada_kpi": "N00000",
    "municipality": "0583",
    "baseline": {"period": "2017", "value": 44.1},
    "target": {"period": "2022", "value": 50.1},
    "higher_is_better": True,
}


def _add_indicator(record, users, data=INDICATOR, goal="meningsfull-sysselsattning"):
    fsvc.indicator_save(
        actor=users["utredare"],
        record=record,
        goal_id=goal,
        indicator_id=None,
        data=data,
        base=_goal_base(record, goal),
    )


# -- services ----------------------------------------------------------------------------------


def test_recommendation_is_added_with_actions_and_deadlines_read_by_the_core(motala_record, users):
    data = {
        "id": "uppfoljning",
        "text": "Följa upp integrationsarbetet årligen.",
        "addressed_to": ["Kommunstyrelsen"],
        "answer_due": "Q1 2019",
        "actions": [{"text": "Årlig rapport", "owner": "KS", "due": "hösten 2019"}],
    }
    fsvc.audit_recommendation_save(
        actor=users["utredare"], record=motala_record, rec_id=None, data=data
    )
    rec = _case(motala_record).audit_recommendations[-1]
    assert rec.answer_due is not None and str(rec.answer_due.end) == "2019-03-31"
    assert rec.actions[0].due is not None and str(rec.actions[0].due.end) == "2019-12-31"
    assert rec.status.value == "open"
    audit = AuditRecord.objects.get(
        case=motala_record, object_type="audit_recommendations", action="create"
    )
    assert audit.before is None and audit.after["id"] == "uppfoljning"
    assert audit.message == "Rekommendationen Följa upp integrationsarbetet årligen. lades till."


def test_recommendation_refusals_are_swedish_and_store_nothing(motala_record, users):
    case = _case(motala_record)
    rec = case.audit_recommendations[0]
    version = _version(motala_record)
    data = rec.model_dump(mode="json", exclude_defaults=True)
    bad_due = {**data, "actions": [{"text": "Översyn", "due": "när det passar"}]}
    with pytest.raises(shared.ServiceError) as exc:
        fsvc.audit_recommendation_save(
            actor=users["utredare"],
            record=motala_record,
            rec_id=rec.id,
            data=bad_due,
            base=shared.token(rec),
        )
    assert exc.value.messages == [
        "Åtgärd 1, Klar senast: tidsfristen 'när det passar' innehåller inget datum som kan "
        "läsas (t.ex. '2019-01-26', 'Q1 2025', 'våren 2019')."
    ]
    with pytest.raises(shared.ServiceError) as exc:
        fsvc.audit_recommendation_save(
            actor=users["utredare"],
            record=motala_record,
            rec_id=None,
            data={"id": "med mellanslag", "text": ""},
        )
    assert exc.value.messages == [
        "Id får bara innehålla bokstäver, siffror, '_', '-' och '.' (inga mellanslag).",
        "Text måste fyllas i.",
    ]
    with pytest.raises(shared.ServiceError, match="Svarsdatum: igår är inget datum"):
        fsvc.audit_recommendation_save(
            actor=users["utredare"],
            record=motala_record,
            rec_id=rec.id,
            data={**data, "responded": "igår"},
            base=shared.token(rec),
        )
    with pytest.raises(shared.ConflictError):  # a form opened before someone else's save
        fsvc.audit_recommendation_save(
            actor=users["utredare"],
            record=motala_record,
            rec_id=rec.id,
            data={**data, "status": "done"},
            base="stale",
        )
    for who in ("bedomare", "lasare", "outsider"):
        with pytest.raises(PermissionDenied):  # the role is checked before the input
            fsvc.audit_recommendation_save(
                actor=users[who],
                record=motala_record,
                rec_id=rec.id,
                data={**data, "responded": "igår"},
                base=shared.token(rec),
            )
    assert _version(motala_record) == version
    assert _case(motala_record).audit_recommendations == case.audit_recommendations


def test_recommendation_status_change_and_delete_are_audited(motala_record, users):
    rec = _case(motala_record).audit_recommendations[0]
    data = {**rec.model_dump(mode="json", exclude_defaults=True), "status": "done"}
    fsvc.audit_recommendation_save(
        actor=users["utredare"],
        record=motala_record,
        rec_id=rec.id,
        data=data,
        base=shared.token(rec),
    )
    changed = _case(motala_record).audit_recommendations[0]
    assert changed.status.value == "done"
    update = AuditRecord.objects.get(
        case=motala_record, object_type="audit_recommendations", action="update"
    )
    assert (update.before["status"], update.after["status"]) == ("in_progress", "done")
    fsvc.audit_recommendation_delete(
        actor=users["utredare"],
        record=motala_record,
        rec_id=rec.id,
        base=shared.token(changed),
    )
    assert [r.id for r in _case(motala_record).audit_recommendations] == ["mal-riktlinjer"]


def test_area_with_two_responsible_bodies_is_saved_and_flagged(motala_record, users):
    data = {
        "id": "samordning",
        "name": "Samordning av integrationsarbetet",
        "roles": [
            {"body": "ks", "role": "ansvarig"},
            {"body": "Socialnämnden", "role": "ansvarig"},
            {"body": "Bildningsnämnden", "role": "informeras"},
        ],
    }
    fsvc.responsibility_area_save(
        actor=users["utredare"], record=motala_record, area_id=None, data=data
    )
    area = _case(motala_record).responsibilities[-1]
    assert [(r.body, r.role.value) for r in area.roles] == [
        ("ks", "ansvarig"),
        ("Socialnämnden", "ansvarig"),
        ("Bildningsnämnden", "informeras"),
    ]
    assert AuditRecord.objects.filter(
        case=motala_record, object_type="responsibilities", action="create"
    ).exists()
    version = _version(motala_record)
    with pytest.raises(shared.ServiceError) as exc:  # one role per body in an area
        fsvc.responsibility_area_save(
            actor=users["utredare"],
            record=motala_record,
            area_id="samordning",
            data={**data, "roles": [*data["roles"], {"body": "ks", "role": "informeras"}]},
            base=shared.token(area),
        )
    assert exc.value.messages == ["ks har mer än en roll i området; ange en roll per organ."]
    with pytest.raises(shared.ServiceError, match="Roll 1, Roll: okänt värde ägare"):
        fsvc.responsibility_area_save(
            actor=users["utredare"],
            record=motala_record,
            area_id="samordning",
            data={**data, "roles": [{"body": "ks", "role": "ägare"}]},
            base=shared.token(area),
        )
    with pytest.raises(PermissionDenied):
        fsvc.responsibility_area_delete(
            actor=users["bedomare"],
            record=motala_record,
            area_id="samordning",
            base=shared.token(area),
        )
    assert _version(motala_record) == version


def test_goal_edit_keeps_indicators_and_indicator_values_merge(motala_record, users):
    _add_indicator(motala_record, users)
    goal = _case(motala_record).goals[0]
    fsvc.goal_save(
        actor=users["utredare"],
        record=motala_record,
        goal_id=goal.id,
        data={"text": "Meningsfull sysselsättning för alla", "owner": "Kommunstyrelsen"},
        base=shared.token(goal),
    )
    goal = _case(motala_record).goals[0]
    assert (goal.text, goal.owner) == ("Meningsfull sysselsättning för alla", "Kommunstyrelsen")
    assert [i.id for i in goal.indicators] == ["arbete"]
    for period, value in (("2018", 46.0), ("2018", 46.3), ("2019", 47.5)):
        fsvc.indicator_value_save(
            actor=users["utredare"],
            record=motala_record,
            goal_id=goal.id,
            indicator_id="arbete",
            data={"period": period, "value": value, "gender": "T"},
            base=_goal_base(motala_record, goal.id),
        )
    indicator = _case(motala_record).goals[0].indicators[0]
    assert indicator_series(indicator) == [("2018", 46.3), ("2019", 47.5)]  # 2018 replaced
    version = _version(motala_record)
    with pytest.raises(shared.ServiceError) as exc:
        fsvc.indicator_value_save(
            actor=users["utredare"],
            record=motala_record,
            goal_id=goal.id,
            indicator_id="arbete",
            data={"period": "2020", "value": "många", "gender": "T"},
            base=_goal_base(motala_record, goal.id),
        )
    assert exc.value.messages == ["Värde: många är inget tal."]
    with pytest.raises(shared.ServiceError, match="Kön ska vara T"):
        fsvc.indicator_value_save(
            actor=users["utredare"],
            record=motala_record,
            goal_id=goal.id,
            indicator_id="arbete",
            data={"period": "2020", "value": 1, "gender": "X"},
            base=_goal_base(motala_record, goal.id),
        )
    with pytest.raises(shared.ServiceError, match="Id arbete används redan"):
        _add_indicator(motala_record, users)
    assert _version(motala_record) == version
    fsvc.indicator_value_delete(
        actor=users["utredare"],
        record=motala_record,
        goal_id=goal.id,
        indicator_id="arbete",
        period="2019",
        gender="T",
        base=_goal_base(motala_record, goal.id),
    )
    assert indicator_series(_case(motala_record).goals[0].indicators[0]) == [("2018", 46.3)]


def test_kolada_import_merges_and_bad_files_store_nothing(motala_record, users, kolada_file):
    _add_indicator(motala_record, users)
    goal_id = "meningsfull-sysselsattning"

    def run(text, name="kolada.json", who="utredare"):
        return fsvc.kolada_import(
            actor=users[who],
            record=motala_record,
            goal_id=goal_id,
            indicator_id="arbete",
            text=text,
            filename=name,
            base=_goal_base(motala_record, goal_id),
        )

    version = _version(motala_record)
    with pytest.raises(shared.ServiceError) as exc:
        run('{"count": 0}', "fel.json")
    assert exc.value.messages == [
        "fel.json har inte Koladas format (API v3): Kolada-svaret saknar listan 'values' på "
        "översta nivån."
    ]
    with pytest.raises(shared.ServiceError, match=r"trasig.json är inte giltig JSON \(rad 1\)"):
        run("{", "trasig.json")
    other = json.loads(kolada_file.read_text(encoding="utf-8"))
    for entry in other["values"]:
        entry["municipality"] = "0580"
    with pytest.raises(shared.ServiceError) as exc:
        run(json.dumps(other), "linkoping.json")
    assert exc.value.messages == [
        "linkoping.json har inga värden för nyckeltalet N00000 i kommun 0583; filen "
        "innehåller: N00000 (0580)."
    ]
    with pytest.raises(PermissionDenied):
        run(kolada_file.read_text(encoding="utf-8"), who="lasare")
    assert _version(motala_record) == version

    _row, count = run(kolada_file.read_text(encoding="utf-8"), kolada_file.name)
    assert count == 7
    indicator = _case(motala_record).goals[0].indicators[0]
    assert indicator_series(indicator) == [("2017", 44.1), ("2018", 46.3), ("2019", None)]
    assert indicator_series(indicator, "K") == [("2017", 41.0), ("2018", 43.5)]
    assert indicator.values[0].source == "Kolada (kolada_v3_N00000_0583.json) N00000"
    audit = AuditRecord.objects.filter(case=motala_record, object_type="goals").latest("id")
    assert audit.before["indicators"][0].get("values") is None
    assert len(audit.after["indicators"][0]["values"]) == 7


def test_kolada_import_needs_a_kpi_on_the_indicator(motala_record, users, kolada_file):
    _add_indicator(motala_record, users, {"id": "egen", "name": "Egen mätning"})
    with pytest.raises(shared.ServiceError, match="har inget Kolada-nyckeltal"):
        fsvc.kolada_import(
            actor=users["utredare"],
            record=motala_record,
            goal_id="meningsfull-sysselsattning",
            indicator_id="egen",
            text=kolada_file.read_text(encoding="utf-8"),
            filename="k.json",
            base=_goal_base(motala_record, "meningsfull-sysselsattning"),
        )


# -- views -------------------------------------------------------------------------------------


def _get(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(f"cases:{name}", args=args))
    return response, response.content.decode()


def test_revision_page_shows_the_seed_recommendations_and_findings(client, users, motala_record):
    response, page = _get(client, users["lasare"], "followup_audit", motala_record.key)
    assert response.status_code == 200
    assert "Göra en översyn av ansvarsområden för integration" in page
    assert "Deloitte AB på uppdrag av kommunens revisorer" in page
    assert "senast den 26 januari 2019" in page and "(2019-01-26)" in page
    assert "En politisk beredning arbetar med förslag till ny lokal utvecklingsplan" in page
    assert "Status: pågår" in page
    assert "<strong>2</strong> åtgärder försenade" in page
    assert "<strong>0</strong> av 3 åtgärder klara" in page
    assert "skulle vara klar våren 2019" in page  # audit_findings for today
    assert "Ny rekommendation" not in page  # a läsare does not edit


def test_ansvar_page_shows_the_five_focus_areas_with_their_flags(client, users, motala_record):
    response, page = _get(client, users["lasare"], "followup_responsibilities", motala_record.key)
    assert response.status_code == 200
    for name in (
        "Arbetsmarknad",
        "Utbildning",
        "Bostad och samhällsservice",
        "Brottslighet",
        "Demokrati och civilsamhälle",
    ):
        assert f'<th scope="row">{name}</th>' in page
        assert f"Ansvarsområdet &#x27;{name}&#x27; har ingen ansvarig" in page
    assert page.count('<span class="flagtext">Ingen ansvarig</span>') == 5  # in the rows
    assert '<th scope="col" class="role-cell">Kommunstyrelsen</th>' in page  # ks by name
    assert page.count(">medverkande</td>") == 5


def test_mal_page_shows_goals_and_an_indicator_with_chart_and_table(
    client, users, motala_record, kolada_file
):
    response, page = _get(client, users["lasare"], "followup_goals", motala_record.key)
    assert response.status_code == 200
    assert "Meningsfull sysselsättning" in page and "Tillväxt genom mångfald" in page
    assert "Indikatorer läggs fast under våren 2019" in page
    assert "Målet har inga indikatorer ännu." in page
    _add_indicator(motala_record, users)
    fsvc.kolada_import(
        actor=users["utredare"],
        record=motala_record,
        goal_id="meningsfull-sysselsattning",
        indicator_id="arbete",
        text=kolada_file.read_text(encoding="utf-8"),
        filename="k.json",
        base=_goal_base(motala_record, "meningsfull-sysselsattning"),
    )
    _response, page = _get(client, users["lasare"], "followup_goals", motala_record.key)
    assert 'src="data:image/png;base64,' in page
    assert 'alt="Andel i arbete (%): 2017: 44,1; 2018: 46,3; utgångsvärde 44,1, mål 50,1."' in page
    assert "Värden över tid: Andel i arbete" in page
    assert '<th scope="row">2018</th><td class="num">46,3</td>' in page
    # by hand: (46.3 − 44.1) / (50.1 − 44.1) = 0.367 → 37 %
    assert "46,3 % (2018) – 37 % av vägen från utgångsvärdet till målvärdet" in page
    assert "högre är bättre" in page


def test_follow_up_pages_404_for_another_case_and_403_for_editing_without_role(
    client, users, motala_record, other_record
):
    client.force_login(users["lasare"])
    assert client.get(reverse("cases:followup_goals", args=[other_record.key])).status_code == 404
    url = reverse("cases:followup_responsibility_new", args=[motala_record.key])
    assert client.get(url).status_code == 403
    assert client.post(url, {"id": "x", "name": "X"}).status_code == 403


def test_utredare_adds_an_area_through_the_form(client, users, motala_record):
    client.force_login(users["utredare"])
    url = reverse("cases:followup_responsibility_new", args=[motala_record.key])
    form = {
        "id": "samordning",
        "name": "Samordning",
        "roles-TOTAL_FORMS": "3",
        "roles-INITIAL_FORMS": "0",
        "roles-0-body": "ks",
        "roles-0-role": "ansvarig",
        "roles-1-body_name": "Socialnämnden",
        "roles-1-role": "ansvarig",
        "roles-2-role": "medverkande",  # an empty row is not stored
    }
    response = client.post(url, form)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Flera ansvariga: Kommunstyrelsen, Socialnämnden" in page
    area = _case(motala_record).responsibilities[-1]
    assert [r.body for r in area.roles] == ["ks", "Socialnämnden"]
    # both a chosen and a typed body in one row: refused in Swedish, nothing stored
    version = _version(motala_record)
    response = client.post(
        url, {**form, "id": "annat", "roles-2-body": "kf", "roles-2-body_name": "KF"}
    )
    assert response.status_code == 400
    assert "Roll 3, Välj ett organ i listan eller skriv ett namn, inte båda." in (
        response.content.decode()
    )
    assert _version(motala_record) == version


def test_utredare_edits_a_recommendation_with_the_actions_formset(client, users, motala_record):
    client.force_login(users["utredare"])
    rec = _case(motala_record).audit_recommendations[1]
    url = reverse("cases:followup_audit_edit", args=[motala_record.key, rec.id])
    page = client.get(url).content.decode()
    assert 'value="våren 2019"' in page
    form = {
        "base": shared.token(rec),
        "text": rec.text,
        "addressed_to": "Kommunstyrelsen",
        "answer_due": "senast den 26 januari 2019",
        "response": rec.response,
        "status": "done",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "2",
        "actions-0-text": rec.actions[0].text,
        "actions-0-owner": "Politisk beredning",
        "actions-0-due": "2019-03-26",
        "actions-0-done": "2019-03-20",
        "actions-1-text": rec.actions[1].text,
        "actions-1-due": "våren 2019",
        "actions-1-DELETE": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()
    saved = _case(motala_record).audit_recommendations[1]
    assert saved.status.value == "done"
    assert [(a.text[:9], str(a.done)) for a in saved.actions] == [("Slutligt ", "2019-03-20")]
    # the same form again is stale now
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Någon annan har sparat ändringar" in response.content.decode()


def test_kolada_upload_through_the_page(client, users, motala_record, kolada_file):
    _add_indicator(motala_record, users)
    client.force_login(users["utredare"])
    key, goal_id = motala_record.key, "meningsfull-sysselsattning"
    url = reverse("cases:followup_kolada", args=[key, goal_id, "arbete"])
    version = _version(motala_record)
    broken = SimpleUploadedFile("fel.json", b'{"values": [{"kpi": "N00000"}]}')
    response = client.post(url, {"base": _goal_base(motala_record, goal_id), "file": broken})
    assert response.status_code == 400
    assert "fel.json har inte Koladas format (API v3): values[0] saknar fältet" in (
        response.content.decode()
    )
    assert _version(motala_record) == version
    good = SimpleUploadedFile(kolada_file.name, kolada_file.read_bytes())
    response = client.post(url, {"base": _goal_base(motala_record, goal_id), "file": good})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/mal/#ind-{goal_id}-arbete")
    page = client.get(response["Location"]).content.decode()
    assert "7 värden lästes in från kolada_v3_N00000_0583.json." in page
    assert '<th scope="row">2017</th><td class="num">44,1</td>' in page


def test_value_form_errors_are_shown_at_the_indicator(client, users, motala_record):
    _add_indicator(motala_record, users)
    client.force_login(users["utredare"])
    goal_id = "meningsfull-sysselsattning"
    url = reverse("cases:followup_value_add", args=[motala_record.key, goal_id, "arbete"])
    response = client.post(
        url,
        {"base": _goal_base(motala_record, goal_id), "period": "2019", "value": "x", "gender": "T"},
    )
    assert response.status_code == 400
    assert "Värde: Fyll i ett tal." in response.content.decode()
    response = client.post(
        url,
        {"base": _goal_base(motala_record, goal_id), "period": "2019", "value": "47,5"},
    )
    assert response.status_code == 302
    series = indicator_series(_case(motala_record).goals[0].indicators[0])
    assert series == [("2019", 47.5)]
