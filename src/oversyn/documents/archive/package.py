"""The E-ARK SIP (FGS Paketstruktur 2.0 = E-ARK CSIP/SIP 2.1) and the plain ZIP of a case.

Package layout (CSIP's folder structure, one representation)::

    <OBJID>/
      METS.xml                                 root METS: metsHdr, dmdSec → ERMS, amdSec →
                                               PREMIS, fileSec (Documentation, Schemas,
                                               Representations/rep1), structMap "CSIP"
      metadata/descriptive/erms.xml            CITS ERMS v2.1 (FGS Ärendehantering 2.0)
      metadata/preservation/premis.xml         PREMIS 3: the package, the creating software,
                                               the event that made it
      representations/rep1/METS.xml            the representation: its files with SHA-256
      representations/rep1/data/…              beslutsunderlag, remissvar, protokollsutdrag
                                               (PDF/A-2a) and the case file (YAML)
      representations/rep1/metadata/preservation/premis.xml
                                               PREMIS 3: each file with fixity and format
      documentation/innehall.csv               the manifest (dnr, title, type, date, direction)
      schemas/                                 mets.xsd, xlink.xsd, the DILCIS extensions, ERMS.xsd

The package is deterministic for a given ``created`` time (ZIP entries in order, fixed
timestamps), so the same case gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from lxml import etree

import oversyn
from oversyn.core.case import Case
from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.documents.archive.contents import (
    DIRECTION_LABELS,
    ArchiveDocument,
    case_documents,
)
from oversyn.documents.archive.erms import erms_xml

METS_NS = "http://www.loc.gov/METS/"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP_NS = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS_NS = "http://www.loc.gov/premis/v3"
NSMAP = {"mets": METS_NS, "csip": CSIP_NS, "sip": SIP_NS, "xlink": XLINK_NS, "xsi": XSI_NS}
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
CONTENT_TYPE = "citserms_v2_1"
SCHEMAS = (
    "mets.xsd",
    "xlink.xsd",
    "DILCISExtensionMETS.xsd",
    "DILCISExtensionSIPMETS.xsd",
    "ERMS.xsd",
)
SOFTWARE = f"Översyn {oversyn.__version__}"
MANIFEST_FIELDS = ("fil", "diarienummer", "titel", "dokumenttyp", "datum", "riktning", "sha256")


def _schema(name: str) -> bytes:
    return resources.files("oversyn.documents.archive").joinpath(f"schemas/{name}").read_bytes()


@dataclass
class PackageFile:
    path: str  # inside the package folder
    data: bytes
    mimetype: str

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.data).hexdigest()


def _ts(moment: datetime) -> str:
    return moment.replace(microsecond=0).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _m(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    ns, _, local = tag.rpartition(":")
    uri = NSMAP.get(ns or "mets", METS_NS)
    el = etree.SubElement(parent, f"{{{uri}}}{local}")
    for key, value in attrs.items():
        prefix, _, name = key.rpartition("__")
        el.set(f"{{{NSMAP[prefix]}}}{name}" if prefix else name, value)
    return el


def _file_attrs(item: PackageFile, created: str) -> dict[str, str]:
    return {
        "MIMETYPE": item.mimetype,
        "SIZE": str(len(item.data)),
        "CREATED": created,
        "CHECKSUM": item.sha256,
        "CHECKSUMTYPE": "SHA-256",
    }


def _locat(parent: etree._Element, href: str) -> None:
    _m(parent, "FLocat", LOCTYPE="URL", xlink__type="simple", xlink__href=href)


def _agents(hdr: etree._Element, organisation: str, code: str) -> None:
    """CSIP10–16: the software that made the package (the only CREATOR: the validator holds
    every CREATOR agent to CSIP12–16); the municipality that owns the content as IPOWNER,
    identified by its kommunkod."""
    agent = _m(hdr, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _m(agent, "name").text = "Översyn"
    _m(agent, "note", csip__NOTETYPE="SOFTWARE VERSION").text = oversyn.__version__
    org = _m(hdr, "agent", ROLE="IPOWNER", TYPE="ORGANIZATION")
    _m(org, "name").text = organisation
    if code:
        _m(org, "note", csip__NOTETYPE="IDENTIFICATIONCODE").text = code


def _mets_root(case: Case, objid: str, label: str, created: str) -> etree._Element:
    root = etree.Element(f"{{{METS_NS}}}mets", nsmap=NSMAP)
    root.set("OBJID", objid)
    root.set("LABEL", label)
    root.set("TYPE", "Mixed")
    root.set(f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE", CONTENT_TYPE)
    root.set("PROFILE", SIP_PROFILE)
    root.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{METS_NS} schemas/mets.xsd {XLINK_NS} schemas/xlink.xsd "
        f"{CSIP_NS} schemas/DILCISExtensionMETS.xsd {SIP_NS} schemas/DILCISExtensionSIPMETS.xsd",
    )
    hdr = _m(root, "metsHdr", CREATEDATE=created, LASTMODDATE=created, RECORDSTATUS="NEW")
    hdr.set(f"{{{CSIP_NS}}}OAISPACKAGETYPE", "SIP")
    _agents(hdr, case.case.municipality.name, case.case.municipality.code or "")
    return root


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _premis(objects: list[PackageFile], created: str, event_detail: str) -> bytes:
    """PREMIS 3: one object per file (fixity, size, format), the creating event and agent."""
    p = PREMIS_NS
    root = etree.Element(f"{{{p}}}premis", nsmap={"premis": p, "xsi": XSI_NS})
    root.set("version", "3.0")

    def sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
        el = etree.SubElement(parent, f"{{{p}}}{tag}")
        if text is not None:
            el.text = text
        return el

    for item in objects:
        obj = sub(root, "object")
        obj.set(f"{{{XSI_NS}}}type", "premis:file")
        ident = sub(obj, "objectIdentifier")
        sub(ident, "objectIdentifierType", "local")
        sub(ident, "objectIdentifierValue", item.path)
        chars = sub(obj, "objectCharacteristics")
        fixity = sub(chars, "fixity")
        sub(fixity, "messageDigestAlgorithm", "SHA-256")
        sub(fixity, "messageDigest", item.sha256)
        sub(chars, "size", str(len(item.data)))
        fmt = sub(chars, "format")
        designation = sub(fmt, "formatDesignation")
        sub(designation, "formatName", item.mimetype)
        if item.path.endswith(".pdf"):
            sub(designation, "formatVersion", "PDF/A-2a")
        link = sub(obj, "linkingEventIdentifier")
        sub(link, "linkingEventIdentifierType", "local")
        sub(link, "linkingEventIdentifierValue", "event-creation")
    event = sub(root, "event")
    eid = sub(event, "eventIdentifier")
    sub(eid, "eventIdentifierType", "local")
    sub(eid, "eventIdentifierValue", "event-creation")
    sub(event, "eventType", "creation")
    sub(event, "eventDateTime", created)
    detail = sub(event, "eventDetailInformation")
    sub(detail, "eventDetail", event_detail)
    outcome = sub(event, "eventOutcomeInformation")
    sub(outcome, "eventOutcome", "success")
    link_agent = sub(event, "linkingAgentIdentifier")
    sub(link_agent, "linkingAgentIdentifierType", "local")
    sub(link_agent, "linkingAgentIdentifierValue", "agent-oversyn")
    agent = sub(root, "agent")
    aid = sub(agent, "agentIdentifier")
    sub(aid, "agentIdentifierType", "local")
    sub(aid, "agentIdentifierValue", "agent-oversyn")
    sub(agent, "agentName", "Översyn")
    sub(agent, "agentType", "software")
    sub(agent, "agentVersion", oversyn.__version__)
    return _xml(root)


def manifest_rows(case: Case, documents: list[ArchiveDocument]) -> list[dict[str, str]]:
    """One row per document: file, dnr, title, type, date, direction, SHA-256."""
    dnr = case.case.case_number or ""
    return [
        {
            "fil": doc.name,
            "diarienummer": dnr,
            "titel": doc.title,
            "dokumenttyp": doc.kind,
            "datum": doc.day.isoformat() if doc.day else "",
            "riktning": DIRECTION_LABELS[doc.direction],
            "sha256": doc.sha256,
        }
        for doc in documents
    ]


def manifest_csv(rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM correctly


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buf.getvalue()


def package_id(case: Case, created: datetime) -> str:
    """A stable package id: a UUID from the case id and the creation time (CSIP1 asks for a
    unique OBJID; the same case archived at the same moment gives the same id)."""
    return "uuid-" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"oversyn:{case.case.id}:{created.isoformat()}")
    )


def build_sip(
    case: Case,
    lang: Lang = DEFAULT_LANG,
    created: datetime | None = None,
    documents: list[ArchiveDocument] | None = None,
) -> bytes:
    """The case as an E-ARK SIP, as ZIP bytes (the package folder at the ZIP's root)."""
    moment = created or datetime.now(UTC)
    stamp = _ts(moment)
    docs = documents if documents is not None else case_documents(case, lang)
    objid = package_id(case, moment)
    label = case.case.case_number or case.case.id
    label = f"{label}: {case.case.title}"

    data_files = [
        PackageFile(f"representations/rep1/data/{d.name}", d.data, d.mimetype) for d in docs
    ]
    rep_premis = PackageFile(
        "representations/rep1/metadata/preservation/premis.xml",
        _premis(data_files, stamp, "Dokumenten skapade ur ärendet av Översyn"),
        "text/xml",
    )
    # -- the representation's METS ------------------------------------------------------
    rep = _mets_root(case, f"{objid}-rep1", label, stamp)
    rep.set(
        f"{{{XSI_NS}}}schemaLocation",
        rep.get(f"{{{XSI_NS}}}schemaLocation", "").replace("schemas/", "../../schemas/"),
    )
    amd = _m(rep, "amdSec")
    digi = _m(amd, "digiprovMD", ID="rep1-digiprov-premis", STATUS="CURRENT")
    _m(
        digi,
        "mdRef",
        LOCTYPE="URL",
        MDTYPE="PREMIS",
        xlink__type="simple",
        xlink__href="metadata/preservation/premis.xml",
        **_file_attrs(rep_premis, stamp),
    )
    file_sec = _m(rep, "fileSec", ID="rep1-filesec")
    grp = _m(file_sec, "fileGrp", ID="rep1-data", USE="Representations/rep1/Data")
    grp.set(f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE", CONTENT_TYPE)
    for index, item in enumerate(data_files, 1):
        f = _m(grp, "file", ID=f"rep1-file-{index}", **_file_attrs(item, stamp))
        _locat(f, item.path.removeprefix("representations/rep1/"))
    smap = _m(rep, "structMap", ID="rep1-structmap", TYPE="PHYSICAL", LABEL="CSIP")
    top = _m(smap, "div", ID="rep1-div", LABEL=f"{objid}-rep1")
    _m(top, "div", ID="rep1-div-metadata", LABEL="Metadata", ADMID="rep1-digiprov-premis")
    data_div = _m(top, "div", ID="rep1-div-data", LABEL="Data")
    _m(data_div, "fptr", FILEID="rep1-data")
    rep_mets = PackageFile("representations/rep1/METS.xml", _xml(rep), "text/xml")

    # -- the package's own files ---------------------------------------------------------
    erms = PackageFile(
        "metadata/descriptive/erms.xml",
        erms_xml(case, docs, moment, SOFTWARE),
        "text/xml",
    )
    premis = PackageFile(
        "metadata/preservation/premis.xml",
        _premis([rep_mets, *data_files], stamp, "Paketet (E-ARK SIP) skapat av Översyn"),
        "text/xml",
    )
    documentation = [
        PackageFile(
            "documentation/innehall.csv",
            manifest_csv(manifest_rows(case, docs)),
            "text/csv",
        )
    ]
    schemas = [PackageFile(f"schemas/{name}", _schema(name), "text/xml") for name in SCHEMAS]

    root = _mets_root(case, objid, label, stamp)
    dmd = _m(root, "dmdSec", ID="dmd-erms", CREATED=stamp, STATUS="CURRENT")
    _m(
        dmd,
        "mdRef",
        LOCTYPE="URL",
        MDTYPE="OTHER",
        OTHERMDTYPE="ERMS",
        xlink__type="simple",
        xlink__href=erms.path,
        **_file_attrs(erms, stamp),
    )
    amd = _m(root, "amdSec")
    digi = _m(amd, "digiprovMD", ID="digiprov-premis", STATUS="CURRENT")
    _m(
        digi,
        "mdRef",
        LOCTYPE="URL",
        MDTYPE="PREMIS",
        xlink__type="simple",
        xlink__href=premis.path,
        **_file_attrs(premis, stamp),
    )
    file_sec = _m(root, "fileSec", ID="filesec")
    doc_grp = _m(file_sec, "fileGrp", ID="grp-documentation", USE="Documentation")
    for index, item in enumerate(documentation, 1):
        _locat(_m(doc_grp, "file", ID=f"doc-{index}", **_file_attrs(item, stamp)), item.path)
    schema_grp = _m(file_sec, "fileGrp", ID="grp-schemas", USE="Schemas")
    for index, item in enumerate(schemas, 1):
        _locat(_m(schema_grp, "file", ID=f"schema-{index}", **_file_attrs(item, stamp)), item.path)
    rep_grp = _m(file_sec, "fileGrp", ID="grp-rep1", USE="Representations/rep1")
    rep_grp.set(f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE", CONTENT_TYPE)
    _locat(_m(rep_grp, "file", ID="rep1-mets", **_file_attrs(rep_mets, stamp)), rep_mets.path)
    smap = _m(root, "structMap", ID="structmap", TYPE="PHYSICAL", LABEL="CSIP")
    top = _m(smap, "div", ID="div-root", LABEL=objid)
    _m(top, "div", ID="div-metadata", LABEL="Metadata", DMDID="dmd-erms", ADMID="digiprov-premis")
    _m(
        _m(top, "div", ID="div-documentation", LABEL="Documentation"),
        "fptr",
        FILEID="grp-documentation",
    )
    _m(_m(top, "div", ID="div-schemas", LABEL="Schemas"), "fptr", FILEID="grp-schemas")
    reps = _m(top, "div", ID="div-representations", LABEL="Representations")
    _m(reps, "fptr", FILEID="grp-rep1")
    rep_div = _m(reps, "div", ID="div-rep1", LABEL="rep1")
    _m(
        rep_div,
        "mptr",
        LOCTYPE="URL",
        xlink__type="simple",
        xlink__href=rep_mets.path,
        xlink__title="rep1-mets",
    )
    files = [
        PackageFile("METS.xml", _xml(root), "text/xml"),
        erms,
        premis,
        *documentation,
        *schemas,
        rep_mets,
        rep_premis,
        *data_files,
    ]
    return _zip([(f"{objid}/{f.path}", f.data) for f in files])


def build_plain_zip(
    case: Case,
    lang: Lang = DEFAULT_LANG,
    documents: list[ArchiveDocument] | None = None,
) -> bytes:
    """The documents and a manifest (``manifest.json`` and ``manifest.csv``: dnr, title,
    document type, date, direction, SHA-256), for diaria that only import files."""
    docs = documents if documents is not None else case_documents(case, lang)
    rows = manifest_rows(case, docs)
    manifest = {
        "diarienummer": case.case.case_number or "",
        "titel": case.case.title,
        "kommun": case.case.municipality.name,
        "nämnd": case.case.committee or "",
        "handläggare": case.case.officer or "",
        "dokument": rows,
    }
    entries = [(d.name, d.data) for d in docs]
    entries.append(
        ("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    )
    entries.append(("manifest.csv", manifest_csv(rows)))
    return _zip(entries)
