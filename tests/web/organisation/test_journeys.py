"""The citizen journeys' form (issue 12: no ids typed anywhere), on seed 000 (IA → IFO).

A journey's steps are chosen among the units by name, one select per step, in order; "Lägg
till steg" and "Ta bort steg N" give the form back with a step more or less and save nothing;
the journey's id is made from its name.  Seed 000's "Nyanländ med ekonomiskt bistånd, SFI och
arbetsmarknadsinsats" meets IA twice (Ekonomiskt bistånd → IA → Vuxenutbildningen → IA).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import shared

CHROMIUM = Path("/usr/bin/chromium")


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


@pytest.mark.django_db
def test_the_form_shows_unit_names_and_no_id_field(client, users, record):
    client.force_login(users["utredare"])
    html = client.get(reverse("cases:interactions", args=[record.key])).content.decode()
    form = html[html.index('id="h-journey-form"') :]
    assert '<option value="ia">Integration och arbetsmarknad</option>' in form
    assert 'name="id"' not in form and "Enheternas id" not in form
    assert form.count('<select name="steps"') == 2  # a new journey starts with two steps


@pytest.mark.django_db
def test_add_and_remove_a_step_save_nothing_and_keep_the_input(client, users, record):
    client.force_login(users["utredare"])
    url = reverse("cases:journey_save", args=[record.key])
    before = _case(record).journeys
    posted = {
        "base": shared.token(before),
        "name": "Nyanländ med SFI",
        "steps": ["ifo-ekonomiskt-bistand", "ia"],
        "volume": "60",
    }
    added = client.post(url, {**posted, "add_step": "1"})
    assert added.status_code == 200
    html = added.content.decode()
    assert html.count('<select name="steps"') == 3
    assert 'value="Nyanländ med SFI"' in html and 'id="h-journey-form" open' in html
    removed = client.post(
        url, {**posted, "steps": ["ifo-ekonomiskt-bistand", "", "ia"]} | {"remove_step": "1"}
    )
    html = removed.content.decode()
    assert html.count('<select name="steps"') == 2
    assert '<option value="ia" selected>' in html
    assert _case(record).journeys == before


@pytest.mark.django_db
def test_a_journey_is_saved_in_order_with_a_unit_twice_and_changed(client, users, record):
    client.force_login(users["utredare"])
    url = reverse("cases:journey_save", args=[record.key])
    steps = ["ifo-ekonomiskt-bistand", "ia", "vuxenutbildning", "ia"]
    response = client.post(
        url,
        {
            "base": shared.token(_case(record).journeys),
            "name": "Nyanländ med SFI",
            "steps": [*steps, ""],  # an empty select is left out
            "volume": "60",
            "estimated": "on",
            "source": "Uppskattning",
        },
    )
    assert response.status_code == 302
    journey = _case(record).journeys[-1]
    assert (journey.id, journey.steps, journey.volume) == ("nyanland-med-sfi", steps, 60)
    assert journey.estimated and journey.source == "Uppskattning"
    # ?kedja=<id> opens it in the form, with its steps chosen
    page = client.get(reverse("cases:interactions", args=[record.key]), {"kedja": journey.id})
    html = page.content.decode()
    assert 'name="journey_id" value="nyanland-med-sfi"' in html
    assert html.count('<option value="ia" selected>') == 2
    client.post(
        url,
        {
            "base": shared.token(_case(record).journeys),
            "journey_id": journey.id,
            "name": "Nyanländ med SFI",
            "steps": ["ifo-ekonomiskt-bistand", "ia"],
            "volume": "45",
        },
    )
    changed = _case(record).journeys[-1]
    assert (changed.id, changed.steps, changed.volume) == (journey.id, steps[:2], 45)


@pytest.mark.django_db
def test_one_step_is_refused_with_a_located_message(client, users, record):
    client.force_login(users["utredare"])
    before = _case(record).journeys
    response = client.post(
        reverse("cases:journey_save", args=[record.key]),
        {"base": shared.token(before), "name": "Kort", "steps": ["ia", ""], "volume": "3"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kedjan sparades inte" in html and "Välj minst två steg" in html
    assert 'value="Kort"' in html
    assert _case(record).journeys == before


@pytest.mark.django_db
def test_a_get_of_the_form_address_goes_to_the_journeys_and_a_reader_may_not_post(
    client, users, record
):
    client.force_login(users["lasare"])
    url = reverse("cases:journey_save", args=[record.key])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("/samverkan/#h-journeys")
    assert client.post(url, {"name": "X", "steps": ["ia", "ifo"], "volume": "1"}).status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)")
def test_a_journey_through_the_form_in_the_browser(browser_login, live_server, users, record):
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/samverkan/")
    page.get_by_text("Ny kedja").click()
    page.fill("#id_journey_name", "Nyanländ med SFI")
    page.select_option("#id_journey_steps_0", label="Ekonomiskt bistånd")
    page.select_option("#id_journey_steps_1", label="Integration och arbetsmarknad")
    for _ in range(2):
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till steg").click()
    page.select_option("#id_journey_steps_2", label="Funktionsstöd")
    page.select_option("#id_journey_steps_3", label="Vuxenutbildningen")
    with page.expect_navigation():  # Funktionsstöd was a mistake
        page.get_by_role("button", name="Ta bort steg 3").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Lägg till steg").click()
    page.select_option("#id_journey_steps_3", label="Integration och arbetsmarknad")
    page.fill("#id_journey_volume", "60")
    page.fill("#id_journey_source", "Uppskattning")  # not the interaction form's source
    page.check("#id_journey_estimated")
    with page.expect_navigation():
        page.get_by_role("button", name="Lägg till kedjan").click()
    page.get_by_text("Sparat.").first.wait_for()
    row = page.get_by_role("row").filter(has_text="Nyanländ med SFI")
    assert row.get_by_role("cell").nth(1).inner_text() == (
        "Ekonomiskt bistånd → Integration och arbetsmarknad → Vuxenutbildningen → "
        "Integration och arbetsmarknad"
    )
    journey = _case(record).journeys[-1]
    assert journey.steps == ["ifo-ekonomiskt-bistand", "ia", "vuxenutbildning", "ia"]
    assert (journey.source, journey.estimated) == ("Uppskattning", True)
    page.context.close()
