"""Issue 12 items 5–8 in the core: the preparation chain and its deciding decision, diarienummer
with a document suffix, the remiss as it happens (draft, on-behalf answers), the case's as-of
date and the own sections' markup — worked by hand and against seed 003 (flyktingverksamhet)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from oversyn.core.case import Case
from oversyn.core.process.casenumber import parse_case_number
from oversyn.core.process.checklist import decision_for
from oversyn.core.process.decision import (
    chain_findings,
    deciding_decision,
    preparation_chain,
    stage_label,
)
from oversyn.core.process.markup import Run, parse_inline, parse_markup, plain_text
from oversyn.core.process.model import (
    CustomSection,
    Decision,
    DecisionStage,
    ReceivedBy,
    Remiss,
    RemissParty,
    RemissResponse,
)
from oversyn.core.process.remiss import remiss_findings, summarise_remiss
from oversyn.core.process.review import process_report
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES

# -- diarienummer with a document suffix --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "body", "year", "serial", "suffix"),
    [
        ("KS2019/0123-4", "KS", 2019, "0123", "4"),
        ("KS 2019/0123-4", "KS", 2019, "0123", "4"),
        ("Dnr KS 2019/0123-12", "KS", 2019, "0123", "12"),
        ("KS2019/0123", "KS", 2019, "0123", None),
        ("KS 2017-515", "KS", 2017, "515", None),  # the dash is the serial's, no suffix
        ("18/KS 0257-2", "KS", 2018, "0257", "2"),
        ("2019/0123-4", None, 2019, "0123", "4"),
    ],
)
def test_case_number_with_suffix(
    raw: str, body: str | None, year: int, serial: str, suffix: str | None
) -> None:
    n = parse_case_number(raw)
    assert (n.body, n.year, n.serial, n.suffix) == (body, year, serial, suffix)
    assert n.understood and n.as_dict()["suffix"] == suffix


# -- the preparation chain ---------------------------------------------------------------------


def _chain() -> list[Decision]:
    """A worked chain: KS arbetsutskott § 12 prepares, the nämnd § 30 gives its view, the
    kommunstyrelse § 40 decides alternative alt2 from 2019-07-01 (file order shuffled)."""
    return [
        Decision(
            id="ks", body="Kommunstyrelsen", date=date(2019, 3, 20), paragraph="§ 40",
            text="Kommunstyrelsen beslutar att genomföra alternativ 2.",
            alternative="alt2", effective=date(2019, 7, 1),
        ),
        Decision(
            id="au", body="Kommunstyrelsens arbetsutskott", date=date(2019, 3, 1),
            paragraph="§ 12", text="Arbetsutskottet föreslår kommunstyrelsen att besluta.",
        ),
        Decision(
            id="sn", body="Socialnämnden", date=date(2019, 3, 12), paragraph="§ 30",
            text="Nämnden tillstyrker alternativ 2.", alternative="alt2",
        ),
    ]  # fmt: skip


def test_chain_is_ordered_by_date_and_the_deciding_decision_names_alternative_and_date() -> None:
    chain = _chain()
    assert [d.id for d in preparation_chain(chain)] == ["au", "sn", "ks"]
    deciding = deciding_decision(chain)
    assert deciding is not None and deciding.id == "ks"
    # the nämnd names the alternative but no effective date: it is preparation
    labels = [stage_label(d, deciding) for d in preparation_chain(chain)]
    assert labels == ["beredning", "beredning", "beslut"]
    assert stage_label(chain[0], deciding, "en") == "decision"
    assert chain_findings(chain) == []


def test_marked_stage_wins_and_preparation_after_the_decision_is_flagged() -> None:
    chain = _chain()
    # the nämnd's decision marked as the decision in the matter (a committee's own matter)
    chain[2] = chain[2].model_copy(update={"stage": DecisionStage.DECISION})
    deciding = deciding_decision(chain)
    assert deciding is not None and deciding.id == "sn"
    codes = [(f.code, f.subject) for f in chain_findings(chain)]
    assert codes == [("chain_preparation_after_decision", "ks")]
    message = chain_findings(chain)[0].text("sv")
    assert "Kommunstyrelsen 2019-03-20" in message and "Socialnämnden 2019-03-12" in message


def test_only_preparation_has_no_deciding_decision() -> None:
    au = _chain()[1]
    marked = au.model_copy(update={"stage": DecisionStage.PREPARATION, "alternative": "alt2"})
    assert deciding_decision([au]) is None
    assert deciding_decision([marked]) is None


def test_seed_003_decision_is_the_deciding_one(refugee: Case) -> None:
    deciding = deciding_decision(refugee.decisions)
    assert deciding is not None and deciding.paragraph == "§ 13"
    assert deciding.alternative == "behall-och-integrera-hvb"
    assert decision_for(refugee, "behall-och-integrera-hvb") is deciding


def test_decision_for_prefers_the_deciding_decision_about_the_alternative(refugee: Case) -> None:
    case = refugee.model_copy(update={"decisions": _chain()})
    found = decision_for(case, "alt2")
    assert found is not None and found.id == "ks"


# -- the remiss as it happens ------------------------------------------------------------------


def _remiss(sent: date | None) -> Remiss:
    return Remiss(
        id="r", title="Remiss", sent=sent, deadline="2021-12-23",  # type: ignore[arg-type]
        parties=[RemissParty(id="sn", name="Socialnämnden"), RemissParty(id="vof", name="VON")],
    )  # fmt: skip


def test_a_draft_remiss_has_no_overdue_answers() -> None:
    summary = summarise_remiss(_remiss(None), date(2040, 1, 1))
    assert not summary.deadline_passed
    assert remiss_findings(summary) == []
    text = " ".join(summary.sentences("sv"))
    assert text == (
        "Remissen är inte skickad; den ska gå till 2 remissinstanser med sista svarsdag 2021-12-23."
    )
    assert "trots att" not in text
    # once sent, the same day judges the missing answers overdue
    sent = summarise_remiss(_remiss(date(2021, 11, 1)), date(2040, 1, 1))
    assert sent.deadline_passed
    assert [f.code for f in remiss_findings(sent)] == ["remiss_no_answer", "remiss_no_answer"]


def test_an_answer_entered_on_the_partys_behalf_is_marked() -> None:
    remiss = _remiss(date(2021, 11, 1)).model_copy(
        update={
            "responses": [
                RemissResponse(
                    party="sn",
                    stance="tillstyrker",  # type: ignore[arg-type]
                    date=date(2021, 12, 20),
                    received_by=ReceivedBy.PAPER,
                    entered_by="utredare",
                )
            ]
        }
    )
    summary = summarise_remiss(remiss, date(2021, 12, 21))
    assert summary.answers[0].received_by == ReceivedBy.PAPER
    sentences = summary.sentences("sv")
    assert (
        "Svaret från Socialnämnden kom på papper 2021-12-20 och fördes in av utredaren."
        in sentences
    )
    assert "by e-mail" not in " ".join(summary.sentences("en"))
    assert summary.as_dict()["answers"][0]["received_by"] == "paper"  # type: ignore[index]


def test_answers_without_a_sent_date_are_noted(enkoping: Case) -> None:
    summary = summarise_remiss(enkoping.remisses[0], date(2022, 2, 1))
    assert [f.code for f in remiss_findings(summary)] == ["remiss_answers_unsent"]


# -- as-of date --------------------------------------------------------------------------------


def test_as_of_date_judges_the_deadlines(enkoping: Case) -> None:
    info = enkoping.case.model_copy(update={"as_of": date(2021, 12, 1)})
    case = enkoping.model_copy(update={"case": info})
    assert case.as_of(date(2040, 1, 1)) == date(2021, 12, 1)
    assert enkoping.as_of(date(2040, 1, 1)) == date(2040, 1, 1)
    report = process_report(case, case.as_of())
    assert report.today == date(2021, 12, 1)
    far = process_report(enkoping, date(2040, 1, 1))
    overdue_days = [v.days for v in far.deadlines if v.state == "overdue"]
    assert all(d is not None and d < -6000 for d in overdue_days)  # the "6909 dagar" problem
    assert all(
        v.days is None or v.days > -6000 for v in report.deadlines
    )  # judged on the as-of date instead


# -- own sections and their markup -------------------------------------------------------------


def test_markup_paragraphs_lists_bold_italic() -> None:
    text = (
        "Facklig samverkan skedde i **två** steg.\nDet *första* i mars.\n\n"
        "- MBL § 11 den 3 mars\n- Information i *samverkansgruppen*\n  den 10 mars\n\n"
        "Slut <script>alert(1)</script>"
    )
    blocks = parse_markup(text)
    assert [b.kind for b in blocks] == ["paragraph", "list", "paragraph"]
    assert blocks[0].runs == [
        Run("Facklig samverkan skedde i "),
        Run("två", bold=True),
        Run(" steg. Det "),
        Run("första", italic=True),
        Run(" i mars."),
    ]
    assert blocks[1].items[1] == [
        Run("Information i "),
        Run("samverkansgruppen", italic=True),
        Run(" den 10 mars"),
    ]
    assert blocks[2].runs == [Run("Slut <script>alert(1)</script>")]  # text, not markup


def test_markup_unclosed_and_escaped_marks_are_text() -> None:
    assert parse_inline("5 * 3 och **inte stängd") == [Run("5 * 3 och **inte stängd")]
    assert parse_inline(r"\*inte kursiv\*") == [Run("*inte kursiv*")]
    assert parse_inline("snake_case_name") == [Run("snake_case_name")]
    assert parse_inline("***båda***") == [Run("båda", bold=True, italic=True)]
    assert plain_text("**A**\n\n- b\n- *c*") == "A\n• b\n• c"


def test_own_section_place_must_be_a_customary_section() -> None:
    CustomSection(id="personal", heading="Personal", after="ekonomi")
    with pytest.raises(ValidationError) as exc:
        CustomSection(id="x", heading="X", after="nowhere")
    assert "platsen 'nowhere' finns inte" in str(exc.value)


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def refugee() -> Case:
    return load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")


@pytest.fixture(scope="module")
def enkoping() -> Case:
    return load_case(EXAMPLES / "enkoping-2021.yaml")
