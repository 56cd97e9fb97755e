"""`oversyn archive`: the E-ARK SIP of every example, checked by the E-ARK validator, by the
official XML schemas (METS 1.12, CITS ERMS v2.1.2) and by our own reading of the CSIP rules
(every file listed with the right checksum, every listed file present, PREMIS fixity)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from oversyn.core.case import Case
from oversyn.documents.archive.contents import ArchiveDocument, case_documents, slug
from oversyn.documents.archive.package import (
    CSIP_NS,
    METS_NS,
    PREMIS_NS,
    XLINK_NS,
    build_plain_zip,
    build_sip,
    package_id,
)
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES
from tests.documents.archive.eark import KNOWN_VALIDATOR_FAULTS, validate
from tests.documents.archive.xmlcheck import schema_errors

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
CREATED = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ERMS = "{https://DILCIS.eu/XML/ERMS}"
M = f"{{{METS_NS}}}"


class Package:
    def __init__(self, case: Case, docs: list[ArchiveDocument], data: bytes) -> None:
        self.case, self.docs, self.data = case, docs, data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.root = self.zip.namelist()[0].split("/")[0]

    def read(self, path: str) -> bytes:
        return self.zip.read(f"{self.root}/{path}")

    def xml(self, path: str) -> etree._Element:
        return etree.fromstring(self.read(path))


@pytest.fixture(scope="module", params=EXAMPLE_FILES)
def package(request: pytest.FixtureRequest) -> Package:
    case = load_case(EXAMPLES / request.param)
    docs = case_documents(case)
    return Package(case, docs, build_sip(case, created=CREATED, documents=docs))


def test_eark_validator_accepts_the_package(package: Package, tmp_path: Path) -> None:
    path = tmp_path / "case-sip.zip"
    path.write_bytes(package.data)
    result = validate(path)
    assert result.structure == "WellFormed"
    assert result.schema_valid
    assert result.real_errors == [], result.real_errors
    assert {rule for rule, _ in result.errors} <= KNOWN_VALIDATOR_FAULTS
    assert result.rules > 100  # the CSIP and SIP schematron rules were run
    # the only warnings: no representation-level metadata besides PREMIS is asked for
    assert all(rule.startswith(("CSIP", "SIP")) for rule, _ in result.warnings)


def test_what_the_faulty_rules_mean_holds(package: Package) -> None:
    """CSIP63 as the specification means it (the validator's XPath cannot pass), and the
    agents CSIP10–16 and SIP ask for."""
    mets = package.xml("METS.xml")
    for grp in mets.iter(f"{M}fileGrp"):
        kind = grp.get(f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE")
        if kind == "OTHER":
            assert grp.get(f"{{{CSIP_NS}}}OTHERCONTENTINFORMATIONTYPE")
    agents = mets.findall(f"{M}metsHdr/{M}agent")
    software = [a for a in agents if a.get("ROLE") == "CREATOR"]
    assert len(software) == 1 and software[0].get("OTHERTYPE") == "SOFTWARE"
    note = software[0].find(f"{M}note")
    assert note.get(f"{{{CSIP_NS}}}NOTETYPE") == "SOFTWARE VERSION"
    owner = next(a for a in agents if a.get("ROLE") == "IPOWNER")
    assert owner.find(f"{M}name").text == package.case.case.municipality.name


def test_eark_validator_2_0_4(package: Package, tmp_path: Path) -> None:
    """Against CSIP/SIP 2.0.4 the package differs only where 2.1 changed the rules: 2.0.4
    wants the representations' fileGrp USE to be exactly "Representations" (CSIP114), 2.1
    "Representations/rep1"."""
    path = tmp_path / "case-sip.zip"
    path.write_bytes(package.data)
    result = validate(path, "V2_0_4")
    assert {rule for rule, _ in result.errors} <= {"CSIP114", "SIP14"}


def test_xml_is_valid_against_the_official_schemas(package: Package) -> None:
    assert schema_errors("mets.xsd", package.read("METS.xml")) == []
    assert schema_errors("mets.xsd", package.read("representations/rep1/METS.xml")) == []
    assert schema_errors("ERMS.xsd", package.read("metadata/descriptive/erms.xml")) == []


def _files(mets: etree._Element) -> dict[str, tuple[str, int]]:
    out = {}
    for f in mets.iter(f"{M}file"):
        href = f.find(f"{M}FLocat").get(f"{{{XLINK_NS}}}href")
        out[href] = (f.get("CHECKSUM"), int(f.get("SIZE")))
    for ref in mets.iter(f"{M}mdRef"):
        out[ref.get(f"{{{XLINK_NS}}}href")] = (ref.get("CHECKSUM"), int(ref.get("SIZE")))
    return out


def test_every_file_is_listed_with_its_checksum(package: Package) -> None:
    root = _files(package.xml("METS.xml"))
    rep = {
        f"representations/rep1/{k}": v
        for k, v in _files(package.xml("representations/rep1/METS.xml")).items()
    }
    listed = {**root, **rep}
    present = {
        n.removeprefix(package.root + "/") for n in package.zip.namelist() if not n.endswith("/")
    }
    assert present - listed.keys() == {"METS.xml"}  # the root METS describes the rest
    for path, (checksum, size) in listed.items():
        data = package.read(path)
        assert hashlib.sha256(data).hexdigest() == checksum, path
        assert len(data) == size, path


def test_csip_structure_and_header(package: Package) -> None:
    mets = package.xml("METS.xml")
    assert mets.get("OBJID") == package.root == package_id(package.case, CREATED)
    assert mets.get(f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE") == "citserms_v2_1"
    hdr = mets.find(f"{M}metsHdr")
    assert hdr.get(f"{{{CSIP_NS}}}OAISPACKAGETYPE") == "SIP"
    uses = [g.get("USE") for g in mets.iter(f"{M}fileGrp")]
    assert uses == ["Documentation", "Schemas", "Representations/rep1"]
    labels = [d.get("LABEL") for d in mets.find(f"{M}structMap/{M}div")]
    assert labels == ["Metadata", "Documentation", "Schemas", "Representations"]


def test_premis_fixity_matches_the_files(package: Package) -> None:
    premis = package.xml("representations/rep1/metadata/preservation/premis.xml")
    p = f"{{{PREMIS_NS}}}"
    objects = premis.findall(f"{p}object")
    assert len(objects) == len(package.docs)
    for obj in objects:
        path = obj.find(f"{p}objectIdentifier/{p}objectIdentifierValue").text
        digest = obj.find(f"{p}objectCharacteristics/{p}fixity/{p}messageDigest").text
        assert hashlib.sha256(package.read(path)).hexdigest() == digest
    assert premis.find(f"{p}event/{p}eventType").text == "creation"
    assert premis.find(f"{p}agent/{p}agentType").text == "software"


def test_erms_describes_the_case_and_every_document(package: Package) -> None:
    erms = package.xml("metadata/descriptive/erms.xml")
    info = package.case.case
    agg = erms.find(f"{ERMS}aggregations/{ERMS}aggregation")
    assert agg.get("aggregationType") == "caseFile"
    assert agg.find(f"{ERMS}title").text == info.title
    assert agg.find(f"{ERMS}objectId").text == (info.case_number or info.id)
    assert agg.find(f"{ERMS}status").get("value") in {"initiated", "in_progress", "closed"}
    records = agg.findall(f"{ERMS}record")
    assert [r.get("recordType") for r in records] == [d.kind for d in package.docs]
    assert records[0].get("recordType") == "tjänsteskrivelse"
    assert records[-1].get("recordType") == "ärendefil"
    for record, doc in zip(records, package.docs, strict=True):
        assert record.find(f"{ERMS}direction").get("directionDefinition") == doc.direction
        assert record.find(f"{ERMS}description").text.endswith(doc.name)
    assert len(agg.findall(f"{ERMS}action")) == len(package.case.decisions)


def test_every_pdf_in_the_package_is_pdf_a(package: Package, tmp_path: Path) -> None:
    from tests.documents.pdfcheck import PDFAID, read_pdf

    for doc in package.docs:
        if doc.mimetype == "application/pdf":
            path = tmp_path / doc.name
            path.write_bytes(doc.data)
            facts = read_pdf(path)
            assert facts.xmp[PDFAID + "part"] == "2", doc.name
            assert facts.tags["H1"] == 1


@pytest.fixture(scope="module")
def refugees() -> tuple[Case, list[ArchiveDocument]]:
    case = load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")
    return case, case_documents(case)


def test_seed_003_records_and_decision(refugees: tuple[Case, list[ArchiveDocument]]) -> None:
    case, docs = refugees
    assert [(d.name, d.kind, d.direction) for d in docs] == [
        ("beslutsunderlag.pdf", "tjänsteskrivelse", "internal_memo_for_follow-up"),
        ("protokollsutdrag-un-2018-02-21-13.pdf", "protokollsutdrag", "outgoing"),
        (f"{slug(case.case.id)}.yaml", "ärendefil", "other"),
    ]
    extract = docs[1]
    assert extract.party == "Utbildningsnämnden"
    assert extract.day is not None and extract.day.isoformat() == "2018-02-21"
    assert "Kommunledningskontoret" in extract.recipients
    pkg = Package(case, docs, build_sip(case, created=CREATED, documents=docs))
    action = pkg.xml("metadata/descriptive/erms.xml").find(f".//{ERMS}action")
    assert action.find(f"{ERMS}actionText").text == (
        "Utbildningsnämnden godkänner utbildningsförvaltningens utredning."
    )
    assert action.find(f"{ERMS}actionType").text == "beslut § 13"
    assert action.find(f".//{ERMS}actionDate").text == "2018-02-21T00:00:00"


def test_same_case_same_bytes(refugees: tuple[Case, list[ArchiveDocument]]) -> None:
    case, docs = refugees
    assert build_sip(case, created=CREATED, documents=docs) == build_sip(
        case, created=CREATED, documents=docs
    )


def test_plain_zip_with_manifest(refugees: tuple[Case, list[ArchiveDocument]]) -> None:
    case, docs = refugees
    archive = zipfile.ZipFile(io.BytesIO(build_plain_zip(case, documents=docs)))
    names = archive.namelist()
    assert names == [d.name for d in docs] + ["manifest.json", "manifest.csv"]
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["diarienummer"] == "2018.030 UN"
    assert manifest["dokument"][1] == {
        "fil": "protokollsutdrag-un-2018-02-21-13.pdf",
        "diarienummer": "2018.030 UN",
        "titel": "Protokollsutdrag: § 13 Åtgärder handlingsplan Effekt – Integrationsavdelning",
        "dokumenttyp": "protokollsutdrag",
        "datum": "2018-02-21",
        "riktning": "utgående",
        "sha256": docs[1].sha256,
    }
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    assert [r["dokumenttyp"] for r in rows] == ["tjänsteskrivelse", "protokollsutdrag", "ärendefil"]
    assert rows[1]["datum"] == "2018-02-21"
