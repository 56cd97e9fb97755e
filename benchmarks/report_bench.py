"""Benchmark: generating the Linköping beslutsunderlag as DOCX (target: under 3 s).

Prints three figures and compares each with the 3 s reference:

* cold: a fresh ``oversyn report`` process (Python start, imports, build, charts, write),
  the way a user runs it, median of 3 runs;
* warm: build + render in a running process (as the web preview does), median of 5 runs;
* the same warm figure for PDF and HTML, for information.

Run: ``PYTHONPATH=src python benchmarks/report_bench.py [case.yaml]``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from oversyn.documents.build import build_document  # noqa: E402
from oversyn.documents.render_docx import render_docx  # noqa: E402
from oversyn.documents.render_html import render_html  # noqa: E402
from oversyn.documents.render_pdf import render_pdf  # noqa: E402
from oversyn.io.casefile import load_case  # noqa: E402

REFERENCE_S = 3.0


def _line(label: str, seconds: float, target: bool = True) -> str:
    if not target:
        return f"{label:<34} {seconds:6.2f} s   (for information; no target)"
    verdict = "OK" if seconds < REFERENCE_S else "OVER"
    return f"{label:<34} {seconds:6.2f} s   (reference {REFERENCE_S:.1f} s: {verdict})"


def main() -> int:
    case_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples/linkoping-2017.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "underlag.docx"
        cold = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "oversyn.cli.main",
                    "report",
                    str(case_path),
                    "-o",
                    str(out),
                ],
                check=True,
                capture_output=True,
                env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            )
            cold.append(time.perf_counter() - start)

        def warm(render: str) -> float:
            times = []
            for _ in range(5):
                start = time.perf_counter()
                doc = build_document(load_case(case_path))
                if render == "docx":
                    render_docx(doc)
                elif render == "pdf":
                    render_pdf(doc)
                else:
                    render_html(doc)
                times.append(time.perf_counter() - start)
            return statistics.median(times)

        warm("html")  # first run loads fonts and caches; not counted
        print(f"case: {case_path.name}")
        print(_line("DOCX, fresh process (median of 3)", statistics.median(cold)))
        docx_warm = warm("docx")
        print(_line("DOCX, in process (median of 5)", docx_warm))
        print(_line("HTML, in process (median of 5)", warm("html"), target=False))
        print(_line("PDF, in process (median of 5)", warm("pdf"), target=False))
        return 0 if statistics.median(cold) < REFERENCE_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
