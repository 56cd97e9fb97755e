"""Service records → aggregate through the web, for 10 M records (issue 13, item 2).

Starts, on a fresh SQLite database in a temporary folder, the web server
(``oversyn-manage runserver --noreload``, one process) and one job worker
(``oversyn-manage jobs_worker``), generates ``--rows`` synthetic records for the IA → IFO
example (``oversyn synth-events``' generator) as Parquet or CSV, logs in, uploads the file
with curl (streamed), posts the column mapping and polls the job's JSON until it is done.
Prints the upload time, the job's time, the whole time, the peak memory (VmHWM) of the web
process and of the worker, how much the database grew and the largest request time of the
polls.  The reference in the same run: the CLI's ``compute_evidence`` on the same file in a
fresh child process (``benchmarks/interactions_bench.py`` measures that one in detail).

    PYTHONPATH=src python benchmarks/web_records.py [--rows 10000000] [--format parquet|csv]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ia-till-ifo.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _hwm_mb(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", text)
    return int(match[1]) / 1024 if match else float("nan")


def _reference(path: Path) -> tuple[float, float]:
    code = (
        "import time,resource,re;from pathlib import Path;"
        "from oversyn.io.evidence.events import compute_evidence;"
        f"t=time.perf_counter();compute_evidence({str(path)!r}, period='2024');"
        "s=time.perf_counter()-t;"
        "m=re.search(r'VmHWM:\\s+(\\d+) kB', Path('/proc/self/status').read_text());"
        "print(s, int(m[1])/1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, mb = out.stdout.split()
    return float(seconds), float(mb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    import requests

    from oversyn.io.casefile import load_case
    from oversyn.io.evidence.synth import synth_events, write_events

    tmp = Path(tempfile.mkdtemp(prefix="oversyn-web-records-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "oversyn.web.settings",
        "OVERSYN_ENV": "dev",
        "OVERSYN_DEBUG": "0",
        "OVERSYN_SQLITE": str(tmp / "db.sqlite3"),
        "OVERSYN_JOB_FILES": str(tmp / "jobbfiler"),
        "OVERSYN_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, "-m", "oversyn.web.manage"]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        started = time.perf_counter()
        case = load_case(SEED)
        persons = int(args.rows / 1.7) + 1000
        table = synth_events(case, persons=persons, seed=2024)
        table = table.slice(0, min(args.rows, table.num_rows))
        records = tmp / f"insatser.{args.format}"
        write_events(table, records)
        print(
            f"records: {table.num_rows:,} rows, {records.stat().st_size / 1e6:.0f} MB "
            f"{args.format} (made in {time.perf_counter() - started:.1f} s)"
        )
        del table
        subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
        setup = (
            "import django;django.setup();"
            "from django.contrib.auth import get_user_model;"
            "from django.contrib.auth.models import Permission;"
            "from oversyn.io.casefile import load_case;"
            "from oversyn.web.cases import services;"
            "u=get_user_model().objects.create_user('bench', password='bench-pw-123');"
            "u.user_permissions.add(Permission.objects.get(codename='add_caserecord'));"
            f"r=services.case_create(actor=u, case=load_case({str(SEED)!r}));print(r.key)"
        )
        key = subprocess.run(
            [sys.executable, "-c", setup], env=env, check=True, capture_output=True, text=True
        ).stdout.split()[-1]
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        web = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], env=env)
        worker = subprocess.Popen([*manage, "jobs_worker", "-v", "0"], env=env)
        procs += [web, worker]
        session = requests.Session()
        for _ in range(120):
            try:
                session.get(base + "/logga-in/", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        db_before = Path(env["OVERSYN_SQLITE"]).stat().st_size
        token = session.cookies["csrftoken"]
        session.post(
            base + "/logga-in/",
            data={"username": "bench", "password": "bench-pw-123", "csrfmiddlewaretoken": token},
            headers={"Referer": base + "/logga-in/"},
        ).raise_for_status()
        token = session.cookies["csrftoken"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        t0 = time.perf_counter()
        upload = subprocess.run(
            [
                "curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                "-H", f"Cookie: {cookie}", "-H", f"X-CSRFToken: {token}",
                "-H", f"Referer: {base}/", "-F", f"poster=@{records}",
                f"{base}/arenden/{key}/samverkan/poster/",
            ],
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        upload_s = time.perf_counter() - t0
        assert upload[0] == "302", upload
        mapping = upload[1]
        t1 = time.perf_counter()
        page = session.get(mapping)
        mapping_s = time.perf_counter() - t1
        response = session.post(
            mapping,
            data={
                "person": "personnyckel", "unit": "enhet", "start": "startdatum",
                "end": "slutdatum", "period": "2024", "handoff_days": "30", "min_count": "5",
                "kinds": "shared_clients", "estimated": "on", "source": "syntetiska data",
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": mapping}, allow_redirects=False,
        )  # fmt: skip
        assert response.status_code == 302, (response.status_code, page.text[-2000:])
        job_id = response.headers["Location"].split("jobb=")[1]
        t2 = time.perf_counter()
        slowest = 0.0
        while True:
            q = time.perf_counter()
            data = session.get(f"{base}/jobb/{job_id}/", headers={"Accept": "application/json"})
            slowest = max(slowest, time.perf_counter() - q)
            job = data.json()
            if job["status"] not in ("queued", "running"):
                break
            time.sleep(0.5)
        job_s = time.perf_counter() - t2
        assert job["status"] == "done", job
        q = time.perf_counter()
        page = session.get(f"{base}/arenden/{key}/samverkan/")
        page_s = time.perf_counter() - q
        db_after = Path(env["OVERSYN_SQLITE"]).stat().st_size
        left = [p for p in Path(env["OVERSYN_JOB_FILES"]).rglob("*") if p.is_file()]
        web_mb, worker_mb = _hwm_mb(web.pid), _hwm_mb(worker.pid)
        ref_s, ref_mb = _reference(records)
        print(
            json.dumps(
                {
                    "rows": job["result"]["records"],
                    "upload_s": round(upload_s, 1),
                    "mapping_page_s": round(mapping_s, 2),
                    "job_s": round(job_s, 1),
                    "job_compute_s": job["result"]["seconds"],
                    "total_s": round(upload_s + mapping_s + job_s, 1),
                    "slowest_poll_s": round(slowest, 3),
                    "interactions_page_s": round(page_s, 3),
                    "interactions_page_kb": round(len(page.content) / 1024),
                    "web_peak_mb": round(web_mb),
                    "worker_peak_mb": round(worker_mb),
                    "database_growth_kb": round((db_after - db_before) / 1024),
                    "files_left": len(left),
                    "reference_cli_s": round(ref_s, 1),
                    "reference_cli_peak_mb": round(ref_mb),
                },
                indent=1,
            )
        )
        return 0
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
