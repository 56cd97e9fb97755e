"""`oversyn report`: every example in every format, the options, located errors."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from oversyn.cli.main import app
from tests.conftest import EXAMPLES

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_every_example_gives_docx_and_html(example: str, tmp_path: Path) -> None:
    for suffix in (".docx", ".html"):
        out = tmp_path / f"underlag{suffix}"
        result = runner.invoke(app, ["report", str(EXAMPLES / example), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 10_000
    word = docx.Document(io.BytesIO((tmp_path / "underlag.docx").read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Förslag till beslut"
    assert headings[-1] == "Beslutet skickas till"


def test_pdf_with_alternative_and_json(tmp_path: Path) -> None:
    out = tmp_path / "lk.pdf"
    result = runner.invoke(
        app,
        [
            "report",
            str(EXAMPLES / "linkoping-2017.yaml"),
            "-o",
            str(out),
            "--alternative",
            "alt3",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert '"format": "pdf"' in result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_template_option(tmp_path: Path) -> None:
    template = tmp_path / "mall.docx"
    custom = docx.Document()
    custom.styles.add_style("Kommunens rubrik", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    custom.save(str(template))
    out = tmp_path / "u.docx"
    result = runner.invoke(
        app,
        ["report", str(EXAMPLES / "ia-till-ifo.yaml"), "-o", str(out), "--template", str(template)],
    )
    assert result.exit_code == 0, result.output
    assert "Kommunens rubrik" in {s.name for s in docx.Document(str(out)).styles}


def test_errors_are_clear_and_exit_1(tmp_path: Path) -> None:
    case = str(EXAMPLES / "ia-till-ifo.yaml")
    result = runner.invoke(app, ["report", case, "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 1
    assert "okänd filändelse '.txt'" in result.output
    result = runner.invoke(
        app, ["report", case, "-o", str(tmp_path / "x.pdf"), "--alternative", "finns-ej"]
    )
    assert result.exit_code == 1
    assert "alternativet 'finns-ej' finns inte" in result.output
    result = runner.invoke(
        app,
        [
            "report",
            case,
            "-o",
            str(tmp_path / "x.docx"),
            "--template",
            str(tmp_path / "saknas.docx"),
        ],
    )
    assert result.exit_code == 1
    assert "mallen finns inte" in result.output
    broken = tmp_path / "trasig.docx"
    broken.write_text("inte en docx")
    result = runner.invoke(
        app, ["report", case, "-o", str(tmp_path / "x.docx"), "--template", str(broken)]
    )
    assert result.exit_code == 1
    assert "kan inte användas som Word-mall" in result.output
    result = runner.invoke(app, ["--lang", "en", "report", case, "-o", str(tmp_path / "x.odt")])
    assert result.exit_code == 1
    assert "unknown extension" in result.output


def test_extract_of_the_section_13_decision(tmp_path: Path) -> None:
    """`--extract`: the protokollsutdrag of seed 003's § 13 (no table of contents)."""
    out = tmp_path / "utdrag.docx"
    case = str(EXAMPLES / "flyktingverksamhet-2018.yaml")
    result = runner.invoke(app, ["report", case, "--extract", "-o", str(out)])
    assert result.exit_code == 0, result.output
    word = docx.Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in word.paragraphs]
    assert "Protokollsutdrag: § 13 Åtgärder handlingsplan Effekt – Integrationsavdelning" in texts
    assert "Expedieras till" in texts and "Karin Alvermalm" in texts
    assert "Att fylla i: justeringsdatum och justerare" in texts
    bad = runner.invoke(app, ["report", case, "--decision", "nej", "-o", str(out)])
    assert bad.exit_code == 1
    assert "beslutet 'nej' finns inte; finns: un-2018-02-21-13" in bad.output


def test_extract_needs_a_decision(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["report", str(EXAMPLES / "motala-2018.yaml"), "--extract", "-o", str(tmp_path / "x.pdf")],
    )
    assert result.exit_code == 1
    assert "ärendet har inget beslut (decisions) att göra utdrag ur" in result.output


def test_report_today_sets_the_day_deadlines_are_judged_on(tmp_path: Path) -> None:
    out = tmp_path / "ia.html"
    result = runner.invoke(
        app,
        ["report", str(EXAMPLES / "ia-till-ifo.yaml"), "-o", str(out), "--today", "2024-11-01"],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "2025-01-01" in html and "dagar sedan" not in html
    bad = runner.invoke(
        app, ["report", str(EXAMPLES / "ia-till-ifo.yaml"), "-o", str(out), "--today", "1 nov"]
    )
    assert bad.exit_code != 0
