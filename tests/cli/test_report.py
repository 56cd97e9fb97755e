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
