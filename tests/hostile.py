"""Hostile files (issue 16) and a child process that measures what reading one costs.

Each ``make_*`` writes one file into a folder and returns its path; they are generated, not
stored, because some are large (1,000,000 rows, a 50 MB field).  :func:`measure` reads a file
in a fresh Python process (limited to 4 GB of address space, so a regression cannot take the
machine with it) and reports the refusal, the time and how much the process grew: the peak
resident size (``VmHWM`` from ``/proc/self/status``, reset through ``/proc/self/clear_refs``
after the imports) minus the resident size just before the read.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ia-till-ifo.yaml"

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


def make_alias_bomb(folder: Path) -> Path:
    path = folder / "alias-bomb.yaml"
    path.write_text(BILLION_LAUGHS + "\n", encoding="utf-8")
    return path


def make_deep_json(folder: Path, depth: int = 1_000_000) -> Path:
    path = folder / "deep.json"
    path.write_text('{"values": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    return path


def make_huge_int_json(folder: Path) -> Path:
    path = folder / "huge-int.json"
    row = {"kpi": "N1", "municipality": "0583", "period": 2018}
    text = json.dumps({"values": [{**row, "values": [{"value": 1}]}]})
    path.write_text(text.replace('"value": 1', '"value": 1' + "0" * 100_000), encoding="utf-8")
    return path


def make_million_rows_csv(folder: Path, rows: int = 1_000_000) -> Path:
    path = folder / "million.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("a,b,weight\n")
        line = "ia,ifo,1\n"
        handle.write(line * rows)
    return path


def make_big_field_casefile(folder: Path, mb: int = 50) -> Path:
    text = SEED.read_text(encoding="utf-8")
    path = folder / "big-field.yaml"
    field = "x" * (mb * 1024 * 1024)
    path.write_text(text.replace("case:\n", f"case:\n  summary: {field}\n", 1), encoding="utf-8")
    return path


def make_big_field_csv(folder: Path, mb: int = 50) -> Path:
    path = folder / "big-field.csv"
    path.write_text("a,b,weight,note\nia,ifo,1," + "x" * (mb * 1024 * 1024) + "\n")
    return path


def make_zip_bomb_xlsx(folder: Path, unpacked_mb: int = 1024) -> Path:
    """A workbook whose sheet inflates to ``unpacked_mb`` MB (about 1 MB on disk)."""
    path = folder / "zip-bomb.xlsx"
    buf = io.BytesIO()
    chunk = b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(unpacked_mb * 1024 * 1024 // len(chunk)):
                member.write(chunk)
    path.write_bytes(buf.getvalue())
    return path


def make_impossible_date(folder: Path) -> Path:
    path = folder / "impossible-date.yaml"
    text = SEED.read_text(encoding="utf-8")
    path.write_text(text.replace("case:\n", "case:\n  opened: 2021-02-30\n", 1), encoding="utf-8")
    return path


def make_nul_bytes(folder: Path) -> Path:
    path = folder / "nul.yaml"
    text = SEED.read_text(encoding="utf-8")
    path.write_bytes(text.replace("title:", "title: a\x00b", 1).encode("utf-8"))
    return path


def make_utf16(folder: Path) -> Path:
    path = folder / "utf16.yaml"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    return path


def make_latin1(folder: Path) -> Path:
    path = folder / "latin1.yaml"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("latin-1", "replace"))
    return path


_CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        import django
        django.setup()
    {imports}
    def status(key):
        for line in open("/proc/self/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    path = sys.argv[1]
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset VmHWM to the current resident size
    except OSError:
        pass
    before = status("VmRSS")
    start = time.perf_counter()
    refusal, message = None, ""
    try:
        {call}
    except {refusals} as exc:
        refusal = type(exc).__name__
        message = str(exc)
    seconds = time.perf_counter() - start
    print(json.dumps({{"refusal": refusal, "message": message[:500], "seconds": seconds,
                      "grew_mb": status("VmHWM") - before}}))
    """
)


def measure(path: Path, imports: str, call: str, refusals: str, django: bool = False) -> dict:
    """Run ``call`` (with ``path`` bound) in a child process; its refusal, time and growth."""
    code = _CHILD.format(imports=imports, call=call, refusals=refusals)
    env = dict(os.environ)
    if django:
        env["DJANGO_SETTINGS_MODULE"] = "oversyn.web.settings_test"
    else:
        env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
