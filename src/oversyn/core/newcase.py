"""A new case from nothing: what a person fills in, checked and turned into a valid :class:`Case`.

The web's "Nytt ärende" form, the REST API and the CLI describe a new case with
:class:`NewCase` and get the case from :func:`build_new_case`; they all get the same id
(from the title, :func:`oversyn.core.ids.unique_id`), the same reading of the deadline
(:func:`oversyn.core.process.dates.parse_period`: "Q1 2025", "våren 2026") and the same
located messages.  The starting organisation is empty, the municipal skeleton
(:mod:`oversyn.core.skeleton`), or one the caller brings (a copy of another case's baseline, an
Excel workbook read by the io layer).

>>> spec = NewCase(title="Översyn av socialförvaltningen", municipality_code="0580",
...                municipality_name="Linköpings kommun", start="skeleton",
...                directive_deadline="våren 2026")
>>> case = build_new_case(spec)
>>> case.case.id, case.case.municipality.name, len(case.baseline.committees)
('oversyn-av-socialforvaltningen', 'Linköpings kommun', 7)
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from oversyn.core.case import Case, CaseInfo, Directive
from oversyn.core.i18n import DEFAULT_LANG, Lang, register_messages, t
from oversyn.core.ids import unique_id
from oversyn.core.model import Model, Municipality, Organisation
from oversyn.core.skeleton import municipal_skeleton

Start = Literal["empty", "skeleton", "copy", "excel"]
START_CHOICES: tuple[Start, ...] = ("empty", "skeleton", "copy", "excel")

register_messages(
    {
        "new_title_missing": ("Ange ärendets titel", "Give the case a title"),
        "new_municipality_missing": ("Välj en kommun", "Choose a municipality"),
        "new_municipality_unknown": (
            "Kommunkoden {code!r} finns inte bland Sveriges 290 kommuner",
            "The municipality code {code!r} is not one of Sweden's 290 municipalities",
        ),
        "new_deadline_unreadable": (
            "Tidsfristen {text!r} kan inte läsas som ett datum; skriv t.ex. 'Q1 2025', "
            "'våren 2026' eller '2025-03-31'",
            "The deadline {text!r} cannot be read as a date; write e.g. 'Q1 2025', "
            "'spring 2026' or '2025-03-31'",
        ),
        "new_directive_date": (
            "Direktivets datum {text!r} ska skrivas ÅÅÅÅ-MM-DD",
            "The directive's date {text!r} must be written YYYY-MM-DD",
        ),
        "new_start_needs_baseline": (
            "Välj den organisation ärendet ska börja från",
            "Choose the organisation the case starts from",
        ),
    }
)


def _names(text: str) -> list[str]:
    """ "Kommunstyrelsen, Socialnämnden" or one name per line → the list of names.  When the
    text has several lines, each line is one name, so a name may hold a comma ("Caroline Elfors
    (M), kommunstyrelsens ordförande")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines
    return [p.strip() for line in lines for p in line.split(",") if p.strip()]


class NewCase(Model):
    """What a person writes to start a case; everything but the title and municipality may
    be empty."""

    title: str = ""
    municipality_code: str = Field(default="", description="SCB:s kommunkod, t.ex. '0580'.")
    municipality_name: str = Field(
        default="", description="Kommunens namn när den saknar kod (annars från SCB:s lista)."
    )
    committee: str = Field(default="", description="Nämnd som ärendet bereds för.")
    case_number: str = Field(default="", description="Diarienummer.")
    officer: str = ""
    directive_title: str = ""
    directive_by: str = Field(default="", description="Vem som gav uppdraget (kommaseparerat).")
    directive_to: str = Field(default="", description="Till vem uppdraget gavs (kommaseparerat).")
    directive_text: str = ""
    directive_date: str = ""
    directive_deadline: str = Field(default="", description="Som direktivet skriver den.")
    start: Start = "empty"


@dataclass(frozen=True)
class NewCaseProblem:
    """A located problem of the new-case input: ``field`` names the form field."""

    field: str
    code: str
    params: dict[str, object]

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return t(self.code, lang, **self.params)


class NewCaseError(ValueError):
    def __init__(self, problems: list[NewCaseProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message() for p in problems))


def municipality_of(spec: NewCase) -> Municipality | None:
    """The municipality the input names (its name as the caller gives it: the io layer's
    :func:`oversyn.io.municipalities.official_name` for a kommunkod)."""
    name = spec.municipality_name.strip()
    code = spec.municipality_code.strip() or None
    if not name or (code is not None and not (len(code) == 4 and code.isdigit())):
        return None
    return Municipality(name=name, code=code)


def check_new_case(
    spec: NewCase, *, known_codes: Collection[str] | None = None
) -> list[NewCaseProblem]:
    """Every problem of the input, each with the field it belongs to (an empty list: fine);
    ``known_codes``: the kommunkoder that exist (SCB's list, from the io layer)."""
    from oversyn.core.process.dates import parse_period

    problems: list[NewCaseProblem] = []
    if not spec.title.strip():
        problems.append(NewCaseProblem("title", "new_title_missing", {}))
    code = spec.municipality_code.strip()
    if code:
        if (known_codes is not None and code not in known_codes) or municipality_of(spec) is None:
            problems.append(
                NewCaseProblem("municipality", "new_municipality_unknown", {"code": code})
            )
    elif not spec.municipality_name.strip():
        problems.append(NewCaseProblem("municipality", "new_municipality_missing", {}))
    deadline = spec.directive_deadline.strip()
    if deadline and parse_period(deadline) is None:
        problems.append(
            NewCaseProblem("directive_deadline", "new_deadline_unreadable", {"text": deadline})
        )
    when = spec.directive_date.strip()
    if when:
        from datetime import date

        try:
            date.fromisoformat(when)
        except ValueError:
            problems.append(NewCaseProblem("directive_date", "new_directive_date", {"text": when}))
    return problems


def build_new_case(
    spec: NewCase,
    baseline: Organisation | None = None,
    *,
    taken_ids: Collection[str] = (),
    known_codes: Collection[str] | None = None,
) -> Case:
    """The new case: id from the title (unique among ``taken_ids``), the directive as
    written, and the starting organisation (``baseline`` for "copy" and "excel"; the
    skeleton; or empty).  Raises :class:`NewCaseError` with every located problem."""
    problems = check_new_case(spec, known_codes=known_codes)
    if spec.start in ("copy", "excel") and baseline is None:
        problems.append(NewCaseProblem("start", "new_start_needs_baseline", {}))
    if problems:
        raise NewCaseError(problems)
    municipality = municipality_of(spec)
    assert municipality is not None
    title = spec.title.strip()
    directive = None
    texts = (
        spec.directive_title,
        spec.directive_text,
        spec.directive_deadline,
        spec.directive_by,
        spec.directive_to,
        spec.directive_date,
    )
    if any(x.strip() for x in texts):
        directive = Directive(
            title=spec.directive_title.strip() or title,
            text=spec.directive_text.strip(),
            issued_by=_names(spec.directive_by),
            issued_to=_names(spec.directive_to),
            date=spec.directive_date.strip() or None,
            deadline=spec.directive_deadline.strip() or None,
        )
    if spec.start == "skeleton":
        org = municipal_skeleton()
    elif spec.start == "empty" or baseline is None:
        org = Organisation()
    else:
        org = baseline.model_copy(deep=True)
    info = CaseInfo(
        id=unique_id(title, set(taken_ids), fallback="arende"),
        title=title,
        case_number=spec.case_number.strip() or None,
        municipality=municipality,
        committee=spec.committee.strip() or None,
        officer=spec.officer.strip() or None,
        directive=directive,
    )
    return Case(case=info, baseline=org)
