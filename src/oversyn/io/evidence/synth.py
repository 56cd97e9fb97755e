"""Synthetic service records generated from a case (for tests, benchmarks and demos).

Nothing here is real data.  The case is the generating structure:

* a share of the persons follow one of the case's **journeys** (chosen in proportion to its
  volume): consecutive episodes at the journey's units, the next starting 0–20 days after the
  previous ends (a hand-off);
* a share are served by both units of an **interaction** (chosen in proportion to its weight),
  with overlapping episodes;
* the rest are served by a single unit, chosen in proportion to its staff (FTE) among units
  that serve citizens (authority, commissioning or delivery).

Episodes last 15–365 days (gamma distributed, mean ≈ 120); episodes that end after the
extract date are open (no end date).  Everything is vectorised with numpy and seeded, so a
seed gives the same file on every machine.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from oversyn.core.case import Case
from oversyn.core.model import Function
from oversyn.io.spreadsheet import NEEDS_PREFIX

SHARE_JOURNEYS = 0.25
SHARE_PAIRS = 0.25
OUTPUT_COLUMNS = ("personnyckel", "enhet", "startdatum", "slutdatum", "insatstyp")


def _durations(rng: np.random.Generator, size: int | tuple[int, ...]) -> np.ndarray:
    return np.clip(rng.gamma(2.0, 60.0, size), 15, 365).astype(np.int64)


def synth_events(case: Case, persons: int, seed: int = 1, year: int = 2024) -> pa.Table:
    """``persons`` synthetic persons' records for ``year`` (see module docstring)."""
    rng = np.random.default_rng(seed)
    units = case.baseline.units
    unit_ids = np.array([u.id for u in units], dtype=object)
    index = {u.id: i for i, u in enumerate(units)}
    serving = [
        i
        for i, u in enumerate(units)
        if {Function.AUTHORITY, Function.COMMISSIONING, Function.DELIVERY} & set(u.functions)
    ] or list(range(len(units)))
    popularity = np.array([max(units[i].fte or 1.0, 1.0) for i in serving])
    popularity = np.sqrt(popularity)
    popularity /= popularity.sum()
    service = np.array(
        [(u.service_areas[0] if u.service_areas else "insats") for u in units], dtype=object
    )

    journeys = [j for j in case.journeys if all(s in index for s in j.steps) and j.volume > 0]
    pairs = [i for i in case.interactions if i.a in index and i.b in index and i.weight > 0]
    share_j = SHARE_JOURNEYS if journeys else 0.0
    share_p = SHARE_PAIRS if pairs else 0.0
    kind = rng.choice(3, size=persons, p=[share_j, share_p, 1 - share_j - share_p])
    person_ids = rng.permutation(persons).astype(np.int64) + 1

    year_start = np.datetime64(f"{year}-01-01", "D")
    extract = np.datetime64(f"{year + 1}-03-31", "D")
    chunks_person: list[np.ndarray] = []
    chunks_unit: list[np.ndarray] = []
    chunks_start: list[np.ndarray] = []
    chunks_end: list[np.ndarray] = []

    def emit(who: np.ndarray, unit: np.ndarray, start: np.ndarray, end: np.ndarray) -> None:
        chunks_person.append(person_ids[who])
        chunks_unit.append(unit)
        chunks_start.append(start)
        chunks_end.append(end)

    # journeys: consecutive episodes with short gaps (hand-offs)
    who_j = np.flatnonzero(kind == 0)
    if who_j.size:
        volumes = np.array([j.volume for j in journeys], dtype=float)
        choice = rng.choice(len(journeys), size=who_j.size, p=volumes / volumes.sum())
        for j_index, journey in enumerate(journeys):
            who = who_j[choice == j_index]
            if not who.size:
                continue
            steps = len(journey.steps)
            starts = rng.integers(-200, 330, size=who.size)
            durations = _durations(rng, (who.size, steps))
            gaps = rng.integers(0, 21, size=(who.size, steps))
            gaps[:, 0] = 0
            offsets = np.cumsum(durations + gaps, axis=1) - durations
            begin = starts[:, None] + offsets
            finish = begin + durations
            for step, unit_id in enumerate(journey.steps):
                emit(
                    who,
                    np.full(who.size, index[unit_id]),
                    begin[:, step],
                    finish[:, step],
                )

    # pairs: two overlapping episodes
    who_p = np.flatnonzero(kind == 1)
    if who_p.size:
        weights = np.array([p.weight for p in pairs], dtype=float)
        choice = rng.choice(len(pairs), size=who_p.size, p=weights / weights.sum())
        first = np.array([index[p.a] for p in pairs])[choice]
        second = np.array([index[p.b] for p in pairs])[choice]
        flip = rng.random(who_p.size) < 0.5
        first, second = np.where(flip, second, first), np.where(flip, first, second)
        start1 = rng.integers(-120, 330, size=who_p.size)
        dur1 = _durations(rng, who_p.size)
        start2 = start1 + (rng.random(who_p.size) * dur1 * 0.8).astype(np.int64)
        dur2 = _durations(rng, who_p.size)
        emit(who_p, first, start1, start1 + dur1)
        emit(who_p, second, start2, start2 + dur2)

    # single-unit persons, a third of them with a second episode at the same unit
    who_s = np.flatnonzero(kind == 2)
    if who_s.size:
        unit = np.array(serving)[rng.choice(len(serving), size=who_s.size, p=popularity)]
        start = rng.integers(-150, 350, size=who_s.size)
        dur = _durations(rng, who_s.size)
        emit(who_s, unit, start, start + dur)
        again = rng.random(who_s.size) < 1 / 3
        start2 = start[again] + dur[again] + rng.integers(30, 200, size=int(again.sum()))
        emit(who_s[again], unit[again], start2, start2 + _durations(rng, int(again.sum())))

    person = np.concatenate(chunks_person)
    unit_index = np.concatenate(chunks_unit).astype(np.int64)
    start_days = year_start + np.concatenate(chunks_start).astype("timedelta64[D]")
    end_days = year_start + np.concatenate(chunks_end).astype("timedelta64[D]")
    keep = start_days <= extract
    order = rng.permutation(int(keep.sum()))
    person, unit_index = person[keep][order], unit_index[keep][order]
    start_days, end_days = start_days[keep][order], end_days[keep][order]
    open_mask = end_days > extract
    unit_dict = pa.array(list(unit_ids), type=pa.string())
    service_dict = pa.array(list(service), type=pa.string())
    indices = pa.array(unit_index.astype(np.int32))
    return pa.table(
        {
            "personnyckel": pa.array(person),
            "enhet": pa.DictionaryArray.from_arrays(indices, unit_dict).cast(pa.string()),
            "startdatum": pa.array(start_days),
            "slutdatum": pa.array(end_days, mask=open_mask),
            "insatstyp": pa.DictionaryArray.from_arrays(indices, service_dict).cast(pa.string()),
        }
    )


def write_events(table: pa.Table, path: str | Path) -> None:
    """Write records as Parquet (``.parquet``) or CSV (anything else), by the file's suffix."""
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        pq.write_table(table, path)
    else:  # CSV: formula-like texts get the apostrophe of oversyn.io.spreadsheet.csv_text
        columns = [
            pc.replace_substring_regex(col, pattern=f"^({NEEDS_PREFIX[1:]})", replacement="'\\1")
            if pa.types.is_string(col.type)
            else col
            for col in table.columns
        ]
        table = pa.table(columns, names=table.column_names)
        pacsv.write_csv(table, path, pacsv.WriteOptions(include_header=True, quoting_style="none"))
