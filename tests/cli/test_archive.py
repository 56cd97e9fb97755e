"""`oversyn archive` and `oversyn template`, and the report options for the remiss answer and
the PDF variants."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from oversyn.cli.main import app
from tests.conftest import EXAMPLES
from tests.documents.pdfcheck import PDFAID, PDFUAID, read_pdf
from tests.documents.word_templates import minimal_template

runner = CliRunner(env={"COLUMNS": "200"})
REFUGEES = str(EXAMPLES / "flyktingverksamhet-2018.yaml")
ENKOPING = str(EXAMPLES / "enkoping-2021.yaml")


def test_archive_writes_an_e_ark_sip(tmp_path: Path) -> None:
    out = tmp_path / "case-sip.zip"
    result = runner.invoke(app, ["archive", REFUGEES, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "E-ARK SIP, 3 dokument" in result.output
    names = zipfile.ZipFile(out).namelist()
    root = names[0].split("/")[0]
    assert f"{root}/METS.xml" in names
    assert f"{root}/metadata/descriptive/erms.xml" in names
    assert f"{root}/representations/rep1/data/protokollsutdrag-un-2018-02-21-13.pdf" in names


def test_archive_plain_json(tmp_path: Path) -> None:
    out = tmp_path / "case.zip"
    result = runner.invoke(app, ["archive", ENKOPING, "-o", str(out), "--plain", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "zip"
    assert [d["type"] for d in data["documents"]] == ["tjänsteskrivelse", "remissvar", "ärendefil"]
    assert data["documents"][1]["direction"] == "incoming"
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert manifest["nämnd"] == "Socialnämnden"


def test_archive_needs_a_zip(tmp_path: Path) -> None:
    result = runner.invoke(app, ["archive", REFUGEES, "-o", str(tmp_path / "x.tar")])
    assert result.exit_code == 1
    assert "paketet skrivs som .zip" in result.output


def test_remiss_answer_from_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "svar.docx"
    result = runner.invoke(app, ["report", ENKOPING, "--answer", "sn", "-o", str(out)])
    assert result.exit_code == 0, result.output
    import docx

    word = docx.Document(io.BytesIO(out.read_bytes()))
    assert word.core_properties.category == "remissvar"
    assert "Kopia till" in [p.text for p in word.paragraphs]


def test_unknown_party_is_named(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", ENKOPING, "--answer", "vn", "-o", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 1
    assert "inget remissvar från 'vn'; svar finns från: sn (remiss-ks-2021)" in result.output


def test_pdf_variants_from_the_cli(tmp_path: Path) -> None:
    ua = tmp_path / "utdrag.pdf"
    result = runner.invoke(app, ["report", REFUGEES, "--extract", "-o", str(ua)])
    assert result.exit_code == 0, result.output
    assert read_pdf(ua).xmp[PDFUAID + "part"] == "1"
    a3 = tmp_path / "utdrag-a3.pdf"
    template = minimal_template(tmp_path / "mall.docx")
    result = runner.invoke(
        app,
        [
            "report",
            REFUGEES,
            "--extract",
            "-o",
            str(a3),
            "--pdf-variant",
            "a3",
            "--template",
            str(template),
        ],
    )
    assert result.exit_code == 0, result.output
    facts = read_pdf(a3)
    assert facts.xmp[PDFAID + "part"] == "3"
    assert list(facts.attachments) == ["utdrag-a3.docx"]
    bad = runner.invoke(app, ["report", REFUGEES, "-o", str(ua), "--pdf-variant", "b"])
    assert bad.exit_code == 1 and "använd ua, a2 eller a3" in bad.output


def test_template_report(tmp_path: Path) -> None:
    template = minimal_template(tmp_path / "mall.docx")
    result = runner.invoke(app, ["template", str(template)])
    assert result.exit_code == 0, result.output
    assert "Fält som fylls i: Dnr (sidhuvud)" in result.output
    assert "List Number" in result.output
    as_json = json.loads(runner.invoke(app, ["template", str(template), "--json"]).output)
    assert as_json["placeholders"] == ["dnr", "datum", "handlaggare", "namnd", "titel"]
    assert "Heading 1" not in as_json["missing_styles"]
    broken = tmp_path / "trasig.docx"
    broken.write_bytes(b"not a zip")
    result = runner.invoke(app, ["template", str(broken)])
    assert result.exit_code == 1 and "kan inte läsas som Word-mall" in result.output
