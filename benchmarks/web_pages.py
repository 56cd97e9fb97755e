"""Page times of the web app under 20 concurrent sessions (loopback only, bounded).

Starts gunicorn on 127.0.0.1 with a fresh SQLite database holding the example cases, logs in
20 sessions as the demo user and has each fetch the case overview, the alternative builder and
the evaluation results a fixed number of times.  Prints p50/p95 per page, and the login page as
a reference measured in the same run (a page that renders a template but does no case work),
so the figures can be compared across machines.  Stops the server itself; every request has
a timeout.

    PYTHONPATH=src python benchmarks/web_pages.py [--sessions 20] [--rounds 10]

With ``--large`` it reports instead every case page of a large municipality (2,000 units,
30 administrations, 5,000 interactions, 6 alternatives: ``large_case.py``) beside the bare
login page, cold and warm server time and HTML size against the 300 ms / 1 MB targets
(``web_large_case.py``, Django's test client in this process)::

    PYTHONPATH=src python benchmarks/web_pages.py --large [--repeat 3] [--only overview]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/logga-in/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "demo", "password": "demo-oversyn"}
    ).encode()
    req = urllib.request.Request(base + "/logga-in/", data=data, headers={"Referer": base})
    opener.open(req, timeout=30).read()
    return opener


def timed(opener: urllib.request.OpenerDirector, url: str) -> float:
    start = time.perf_counter()
    with opener.open(url, timeout=30) as response:
        response.read()
        assert response.status == 200, (url, response.status)
    return time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    if "--large" in sys.argv[1:]:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from web_large_case import main as large_main

        raise SystemExit(large_main([a for a in sys.argv[1:] if a != "--large"]))
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="oversyn-bench-"))
    env = {
        **os.environ,
        "OVERSYN_SQLITE": str(tmp / "bench.sqlite3"),
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "oversyn.web.settings",
        "OVERSYN_ENV": "dev",
        "OVERSYN_DEBUG": "0",
    }
    py = sys.executable
    manage = [py, "-m", "oversyn.web.manage"]
    subprocess.run(
        [*manage, "demo", "--no-serve"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            py,
            "-m",
            "gunicorn",
            "oversyn.web.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(base + "/logga-in/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        pages = {
            "inloggning (referens)": "/logga-in/",
            "ärendeöversikt": "/arenden/ia-till-ifo/",
            "alternativbyggare": "/arenden/ia-till-ifo/alternativ/ia-till-ifo/",
            "resultat (Linköping, SMAA)": "/arenden/linkoping-2017/utvardering/",
        }
        times: dict[str, list[float]] = {name: [] for name in pages}
        lock = threading.Lock()
        openers = [session(base) for _ in range(args.sessions)]

        def run(opener: urllib.request.OpenerDirector) -> None:
            for _ in range(args.rounds):
                for name, path in pages.items():
                    elapsed = timed(opener, base + path)
                    with lock:
                        times[name].append(elapsed)

        threads = [threading.Thread(target=run, args=(o,)) for o in openers]
        wall = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        wall = time.perf_counter() - wall
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)

    ref = statistics.median(times["inloggning (referens)"])
    print(
        f"{args.sessions} samtidiga sessioner × {args.rounds} varv, "
        f"gunicorn {args.workers} arbetare, {wall:.1f} s"
    )
    print(f"{'sida':28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p50/ref':>8}")
    for name, values in times.items():
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(f"{name:28} {len(values):5d} {p50 * 1000:8.1f} {p95 * 1000:8.1f} {p50 / ref:8.1f}")


if __name__ == "__main__":
    main()
