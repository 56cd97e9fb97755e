"""Bytes per stored revision for a large case through 20 writes (issue 11, item 5).

Loads :func:`large_case.large_case` (2,000 units, 30 administrations, 5,000 interactions,
6 alternatives) into a fresh SQLite database, then makes 20 writes through the action contract
(the case title, i.e. a small edit; every write stores the whole case as a zlib-compressed
revision) and reports the case's JSON size, the stored bytes per revision and the time per
write.

    PYTHONPATH=src python benchmarks/revision_storage.py [--writes 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=20)
    args = parser.parse_args()
    from web_large_case import _setup  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp))
        from django.contrib.auth import get_user_model
        from large_case import large_case  # type: ignore[import-not-found]

        from oversyn.web.cases import services
        from oversyn.web.cases.models import CaseRevision

        user = get_user_model().objects.create_user("bench", password="x", is_staff=True)
        record = services.case_create(actor=user, case=large_case(), message="Benchmark.")
        seconds = []
        for i in range(args.writes):
            case = services.load(record)
            start = time.perf_counter()
            record = services.case_info_update(
                actor=user,
                record=record,
                data={**case.case.model_dump(mode="json"), "title": f"Stor kommun, ändring {i}"},
                base=services.token(case.case),
            )
            seconds.append(time.perf_counter() - start)
        revs = list(CaseRevision.objects.filter(case=record))
        stored = [len(bytes(r.data)) for r in revs]
        print(f"revisions: {len(revs)} (1 create + {args.writes} writes)")
        print(f"case JSON: {statistics.mean(r.size for r in revs) / 1e6:.2f} MB per version")
        print(
            f"stored:    {statistics.mean(stored) / 1e3:.0f} kB per revision (zlib), "
            f"{sum(stored) / 1e6:.2f} MB in all"
        )
        print(f"write:     median {statistics.median(seconds) * 1000:.0f} ms per write")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
