"""Descriptive metadata per E-ARK CITS ERMS v2.1 (Riksarkivet's FGS Ärendehantering 2.0):
the case as an aggregation of type ``caseFile`` with its records (documents) and decisions.

Mapping (the elements are in the schema's order, ``schemas/ERMS.xsd`` v2.1.2):

========================  ==========================================================
ERMS                      Översyn
========================  ==========================================================
aggregation/objectId      the diarienummer (else the case id)
extraId diarienummer      the diarienummer as the municipality writes it
title, keywords           the case title; municipality, committee, "organisationsöversyn"
status                    the lifecycle's current stage (initiated / in_progress / closed)
agents                    handläggare (``responsible_person``), the responsible committee
                          (``owner``), the municipality as organisation
description               the case's summary
dates                     created = the case's date
action                    each decision: its text, paragraph, body and date
record                    each document: type (recordType), title, direction, author,
                          counterpart (a remiss answer's sender), recipients, date, file
========================  ==========================================================
"""

from __future__ import annotations

from datetime import date, datetime

from lxml import etree

from oversyn.core.case import Case
from oversyn.documents.archive.contents import ArchiveDocument, case_day, erms_status

ERMS_NS = "https://DILCIS.eu/XML/ERMS"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def _e(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ERMS_NS}}}{tag}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        el.text = text
    return el


def _dt(day: date | datetime) -> str:
    if isinstance(day, datetime):
        return day.replace(microsecond=0, tzinfo=None).isoformat()
    return f"{day.isoformat()}T00:00:00"


def _agent(parent: etree._Element, kind: str, name: str, **extra: str) -> None:
    agent = _e(parent, "agent", agentType=kind)
    _e(agent, "name", name)
    for tag in ("organisation", "unitName", "role"):
        if extra.get(tag):
            _e(agent, tag, extra[tag])


def erms_xml(
    case: Case, documents: list[ArchiveDocument], created: datetime, software: str
) -> bytes:
    """The ERMS document for ``case`` and its ``documents`` (paths under
    ``representations/rep1/data/``)."""
    info = case.case
    root = etree.Element(f"{{{ERMS_NS}}}erms", nsmap={None: ERMS_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{ERMS_NS} ../../schemas/ERMS.xsd")
    control = _e(root, "control")
    _e(control, "identification", info.case_number or info.id, identificationType="diarienummer")
    maintenance = _e(control, "maintenanceInformation")
    _e(maintenance, "maintenanceStatus", value="new")
    agency = _e(maintenance, "maintenanceAgency")
    _e(agency, "agencyName", info.municipality.name)
    history = _e(maintenance, "maintenanceHistory")
    event = _e(history, "maintenanceEvent")
    _e(event, "eventType", value="created")
    _e(event, "eventDateTime", _dt(created))
    _agent(event, "creator", software)

    aggregations = _e(root, "aggregations")
    agg = _e(aggregations, "aggregation", systemIdentifier=info.id, aggregationType="caseFile")
    _e(agg, "objectId", info.case_number or info.id)
    if info.case_number:
        _e(agg, "extraId", info.case_number, extraIdType="diarienummer")
    keywords = _e(agg, "keywords")
    for word in ("organisationsöversyn", info.municipality.name, info.committee):
        if word:
            _e(keywords, "keyword", word)
    _e(agg, "title", info.title)
    _e(agg, "status", value=erms_status(case))
    agents = _e(agg, "agents")
    if info.officer:
        _agent(
            agents,
            "responsible_person",
            info.officer,
            organisation=info.municipality.name,
            unitName=info.committee or "",
            role="handläggare",
        )
    if info.committee:
        _agent(
            agents,
            "owner",
            info.committee,
            organisation=info.municipality.name,
            role="ansvarig nämnd",
        )
    if info.summary:
        _e(agg, "description", " ".join(info.summary.split()))
    day = case_day(case)
    if day is not None:
        dates = _e(agg, "dates")
        _e(dates, "date", _dt(day), dateType="created")
    for decision in case.decisions:
        action = _e(agg, "action")
        text = " ".join(decision.text.split()) or decision.title or info.title
        _e(action, "actionText", text)
        _e(action, "actionType", "beslut " + (decision.paragraph or "").strip())
        action_dates = _e(action, "dates")
        _e(action_dates, "actionDate", _dt(decision.date), dateType="decision")
        action_agents = _e(action, "agents")
        _agent(action_agents, "authorising_person", decision.body)
    for index, doc in enumerate(documents, 1):
        record = _e(agg, "record", systemIdentifier=f"doc-{index}", recordType=doc.kind)
        _e(record, "objectId", f"{info.case_number or info.id}:{index}")
        _e(record, "title", doc.title)
        direction = _e(record, "direction", directionDefinition=doc.direction)
        if doc.direction == "other":
            direction.set("otherDirectionDefinition", "ärendefil")
        record_agents = _e(record, "agents")
        if doc.author:
            _agent(record_agents, "creator", doc.author)
        if doc.party:
            _agent(
                record_agents,
                "sender" if doc.direction == "incoming" else "counterpart",
                doc.party,
            )
        for recipient in doc.recipients:
            _agent(record_agents, "receiver", recipient)
        if not len(record_agents):
            record.remove(record_agents)
        _e(record, "description", f"representations/rep1/data/{doc.name}")
        if doc.day is not None:
            record_dates = _e(record, "dates")
            _e(record_dates, "date", _dt(doc.day), dateType="created")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
