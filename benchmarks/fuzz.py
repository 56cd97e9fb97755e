"""Long fuzzing run and the hostile-file figures (issue 16).

Fuzz: every reader gets at least 10,000 generated inputs (the same targets and strategies as
tests/io/test_fuzz.py and tests/web/test_security_fuzz.py, from tests/fuzzing.py) and must
either accept or refuse with its located error.  Prints tried / accepted / refused / crashes
per target and exits 1 on any crash (listing the first few).

Hostile: each hostile file of tests/hostile.py is read in a child process (CLI readers) and
the alias bomb is also posted to both web import forms (Django test client, in-process,
peak traced memory); prints the refusal, the time and the growth of the process.

    PYTHONPATH=src:. python benchmarks/fuzz.py [--examples 10000] [--only casefile,xlsx]
    PYTHONPATH=src:. python benchmarks/fuzz.py --hostile
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversyn.web.settings_test")


def targets(examples: int, tmp: Path) -> dict:
    import django

    django.setup()
    from hypothesis import strategies as st
    from oversyn.web.cases.tabular import (
        TableError,
        interactions_from_csv,
        organisation_from_xlsx,
        organisation_to_xlsx,
    )
    from tests.fuzzing import json_documents, json_values, mutated_text, mutated_workbook
    from tests.io import test_fuzz as io_fuzz
    from tests.web.test_security_fuzz import CSV_BASE

    from oversyn.io.casefile import CaseFileError, load_case
    from oversyn.io.evidence.events import EvidenceError
    from oversyn.io.kolada import KoladaFormatError
    from oversyn.io.limits import BoundError, load_json

    seed_case = load_case(ROOT / "examples" / "ia-till-ifo.yaml")
    evidence_base = (
        "a,b,kind,weight,measure,period,source,estimated,note\n"
        "ia,ifo,shared_clients,12,personer,2023,fuzz,false,\n"
    )
    return {
        "casefile": (
            io_fuzz.casefile_target,
            mutated_text(io_fuzz.SEED),
            (CaseFileError,),
        ),
        "kolada": (
            io_fuzz.kolada_target,
            json_documents(shaped=io_fuzz.kolada_shaped) | mutated_text(io_fuzz.KOLADA),
            (BoundError, KoladaFormatError),
        ),
        "api-json-body": (  # the hook for API bodies: bounded JSON of any shape
            lambda text: load_json(text),
            json_documents() | st.builds(json.dumps, json_values(200)),
            (BoundError,),
        ),
        "evidence-csv": (
            lambda text: io_fuzz.evidence_csv_target(text, tmp),
            mutated_text(evidence_base) | st.text(max_size=200),
            (EvidenceError,),
        ),
        "web-csv": (
            lambda text: interactions_from_csv(text, "fuzz.csv"),
            mutated_text(CSV_BASE) | st.text(max_size=300),
            (TableError,),
        ),
        "xlsx": (
            lambda data: organisation_from_xlsx(data, "fuzz.xlsx"),
            mutated_workbook(organisation_to_xlsx(seed_case.baseline)),
            (TableError,),
        ),
    }


def fuzz(examples: int, only: set[str] | None, seed: int) -> int:
    from tests.fuzzing import run_target

    crashes = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, (target, strategy, refusals) in targets(examples, Path(tmp)).items():
            if only and name not in only:
                continue
            start = time.perf_counter()
            report = run_target(name, target, strategy, refusals, examples, seed=seed)
            print(f"{report.line()} ({time.perf_counter() - start:.0f} s)", flush=True)
            for crash in report.crashes[:5]:
                print("   ", crash)
            crashes += len(report.crashes)
    return crashes


def hostile() -> None:
    from tests import hostile as h

    load = "from oversyn.io.casefile import load_case, CaseFileError"
    kolada = "from oversyn.io.kolada import read_kolada_file, KoladaFormatError"
    evidence = (
        "from oversyn.io.evidence.aggregate import read_interactions_csv; "
        "from oversyn.io.evidence.events import EvidenceError"
    )
    rows = [
        (h.make_alias_bomb, load, "load_case(path)", "CaseFileError"),
        (h.make_big_field_casefile, load, "load_case(path)", "CaseFileError"),
        (h.make_impossible_date, load, "load_case(path)", "CaseFileError"),
        (h.make_nul_bytes, load, "load_case(path)", "CaseFileError"),
        (h.make_utf16, load, "load_case(path)", "CaseFileError"),
        (h.make_latin1, load, "load_case(path)", "CaseFileError"),
        (h.make_deep_json, kolada, "read_kolada_file(path)", "KoladaFormatError"),
        (h.make_huge_int_json, kolada, "read_kolada_file(path)", "KoladaFormatError"),
        (h.make_million_rows_csv, evidence, "read_interactions_csv(path)", "EvidenceError"),
        (h.make_big_field_csv, evidence, "read_interactions_csv(path)", "EvidenceError"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'file':<24} {'size':>9} {'refusal':<18} {'time':>8} {'grew':>8}  message")
        for make, imports, call, refusal in rows:
            path = make(folder)
            r = h.measure(path, imports, call, refusal)
            size = path.stat().st_size
            print(
                f"{path.name:<24} {size / 1e6:>7.1f}MB {r['refusal']!s:<18} "
                f"{r['seconds'] * 1000:>6.0f}ms {r['grew_mb']:>6.1f}MB  {r['message'][:70]}"
            )
            path.unlink()
        bomb = h.make_alias_bomb(folder)
        start = time.perf_counter()
        cli = subprocess.run(
            [str(Path(sys.executable).parent / "oversyn"), "validate", str(bomb)],
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - start
        print(
            f"CLI `oversyn validate alias-bomb.yaml`: exit {cli.returncode} in {wall:.2f} s "
            f"(process start included): {cli.stdout.strip()[:90]}"
        )
    web_alias_bomb()


def web_alias_bomb() -> None:
    """POST the bomb to / and to the case import form in-process: time and traced peak."""
    import tracemalloc

    import django
    from django.test.utils import get_runner, setup_test_environment

    django.setup()
    setup_test_environment()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from tests import hostile as h

    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        from django.contrib.auth import get_user_model

        from oversyn.io.casefile import load_case
        from oversyn.web.cases import services

        user = get_user_model().objects.create_user("bench", password="x")
        record = services.case_create(actor=user, case=load_case(h.SEED))
        client = Client()
        client.force_login(user)
        client.get("/")  # warm up: the first request loads the URL configuration and views
        for url, extra in (
            ("/", {}),
            (f"/arenden/{record.key}/importera/", {"version": record.version}),
        ):
            tracemalloc.start()
            start = time.perf_counter()
            response = client.post(
                url, {"file": SimpleUploadedFile("bomb.yaml", h.BILLION_LAUGHS.encode()), **extra}
            )
            seconds = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            refused = "YAML-ankare" in response.content.decode()
            print(
                f"web POST {url} alias bomb: {response.status_code}, refused={refused}, "
                f"{seconds * 1000:.0f} ms, traced peak {peak:.1f} MB"
            )
    finally:
        runner.teardown_databases(old)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--hostile", action="store_true", help="the hostile-file figures")
    args = parser.parse_args()
    if args.hostile:
        hostile()
        return
    only = {n for n in args.only.split(",") if n} or None
    sys.exit(1 if fuzz(args.examples, only, args.seed) else 0)


if __name__ == "__main__":
    main()
