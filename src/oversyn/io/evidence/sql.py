"""The interaction and journey computation, written once as SQL that DuckDB and Spark SQL run.

Input: a table ``ev(person, unit, sday, eday)`` — one row per episode, ``sday``/``eday`` the
start and end as days since 1970-01-01 (``eday`` NULL while open).  Each engine makes that
table from the records file its own way (:mod:`.events` for DuckDB, :mod:`.spark` for Spark);
the definitions of the figures (module docstring of :mod:`.events`) live only here.

The statements use the common subset of the two dialects: joins, ``GROUP BY``, ``CASE``,
window functions (``row_number``, ``lag``), ``least``/``greatest``, ``count(DISTINCT …)``,
``hash``, and ``array_agg`` + ``array_sort`` + ``array_contains`` over integers (DuckDB's
aliases of ``list``/``list_sort``/``list_contains``; Spark's own names).  No
dialect-specific lambdas, list functions, semi-joins, date arithmetic or quoting (``end`` is a
keyword in both, hence ``eday``).

Shared persons are counted per distinct *set* of units (a person's sorted distinct unit ids):
persons are grouped by their set, and only the few sets are expanded into unit pairs — no
self-join over the records.  A journey is the sorted array of ``rank · 2²⁰ + uid`` over a
person's collapsed episodes, so equal arrays are equal sequences and both engines order them
the same way (lexicographically by the units in journey order); :func:`decode_steps` takes
the units back out.  Counts below ``min_count`` become NULL inside the engine, so an exact
small count never leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass

UID_BITS = 1048576  # 2²⁰: units per file (checked by the caller)


@dataclass(frozen=True)
class Step:
    """``sql`` materialised as the table ``name`` (``fetch`` False) or fetched as rows."""

    name: str
    sql: str
    fetch: bool = False


def _suppressed(expr: str, min_count: int) -> str:
    return f"CASE WHEN {expr} >= {int(min_count)} THEN {expr} END"


def _directed(expr: str, min_count: int) -> str:
    """A directed hand-off count: 0 when there is none (not disclosive), else suppressed."""
    return f"CASE WHEN {expr} IS NULL THEN 0 ELSE {_suppressed(expr, min_count)} END"


def in_period(p0: int, p1: int, alias: str = "") -> str:
    """An episode overlaps the period [p0, p1] (days since 1970-01-01)."""
    a = f"{alias}." if alias else ""
    return f"({a}sday <= {int(p1)} AND ({a}eday IS NULL OR {a}eday >= {int(p0)}))"


def unit_steps(p0: int, p1: int, min_count: int) -> list[Step]:
    """Units with integer ids in name order, their (suppressed) record counts, and whether
    they have records in the period; then the number of distinct unit hashes (to know whether
    ``hash(unit)`` separates the units)."""
    return [
        Step(
            "un",
            f"""SELECT unit, row_number() OVER (ORDER BY unit) AS uid,
                       {_suppressed("count(*)", min_count)} AS records,
                       sum(CASE WHEN {in_period(p0, p1)} THEN 1 ELSE 0 END) AS in_period
                FROM ev GROUP BY unit""",
        ),
        Step("units", "SELECT uid, unit, records, in_period FROM un ORDER BY uid", fetch=True),
        Step("hashes", "SELECT count(DISTINCT hash(unit)) FROM un", fetch=True),
    ]


def figure_steps(
    p0: int,
    p1: int,
    *,
    min_count: int,
    handoff_days: int,
    max_journeys: int,
    hash_key: bool,
) -> list[Step]:
    """The persons, journeys, shared persons and hand-offs (run after :func:`unit_steps`).

    Every pair, hand-off and journey needs a person with at least two units in the period, so
    those figures look only at the records of such persons (``em``); a person has several
    units when min <> max over the units' hashes (``hash_key``: the hashes are distinct) or
    names.  ``fetch`` steps: ``totals`` (persons, records in the period), ``shared``
    (a, b, n), ``handoffs`` (a, b, n, a→b, b→a), ``journeys`` (steps array, n)."""
    key = "hash(unit)" if hash_key else "unit"
    period = in_period(p0, p1)
    return [
        Step(
            "pp",
            f"""SELECT person, count(*) AS n,
                       CASE WHEN min({key}) <> max({key}) THEN 1 ELSE 0 END AS multi
                FROM ev WHERE {period} GROUP BY person""",
        ),
        Step("totals", "SELECT count(*), coalesce(sum(n), 0) FROM pp", fetch=True),
        Step(
            "em",
            f"""SELECT e.person AS person, u.uid AS uid, e.sday AS sday, e.eday AS eday
                FROM ev e
                JOIN un u ON e.unit = u.unit
                JOIN pp m ON e.person = m.person AND m.multi = 1
                WHERE {in_period(p0, p1, "e")}""",
        ),
        # each person's units in start order (then uid), consecutive repeats collapsed
        Step(
            "js",
            f"""WITH o AS (
                    SELECT person, uid, sday,
                           lag(uid) OVER (PARTITION BY person ORDER BY sday, uid) AS prev
                    FROM em),
                c AS (
                    SELECT person, uid,
                           row_number() OVER (PARTITION BY person ORDER BY sday, uid) AS r
                    FROM o WHERE prev IS NULL OR prev <> uid),
                s AS (
                    SELECT person, array_sort(array_agg(CAST(r AS BIGINT) * {UID_BITS} + uid))
                           AS steps
                    FROM c GROUP BY person)
                SELECT steps, count(*) AS n FROM s GROUP BY steps""",
        ),
        Step(
            "shared",
            f"""WITH s AS (SELECT person, array_sort(array_agg(DISTINCT uid)) AS us
                           FROM em GROUP BY person),
                     g AS (SELECT us, count(*) AS n FROM s GROUP BY us),
                     gu AS (SELECT g.us AS us, g.n AS n, u.uid AS uid
                            FROM g JOIN un u ON array_contains(g.us, u.uid)),
                     c AS (SELECT x.uid AS a, y.uid AS b, sum(x.n) AS n
                           FROM gu x JOIN gu y ON x.us = y.us AND x.uid < y.uid
                           GROUP BY x.uid, y.uid)
                SELECT a, b, {_suppressed("n", min_count)} FROM c ORDER BY n DESC, a, b""",
            fetch=True,
        ),
        Step(
            "ho",
            f"""SELECT DISTINCT x.person AS person, x.uid AS src, y.uid AS dst
                FROM em x JOIN em y ON x.person = y.person AND x.uid <> y.uid
                WHERE x.eday IS NOT NULL AND x.eday >= {int(p0)} AND x.eday <= {int(p1)}
                  AND y.sday >= x.eday AND y.sday <= x.eday + {int(handoff_days)}""",
        ),
        Step(
            "handoffs",
            f"""WITH d AS (SELECT src, dst, count(*) AS n FROM ho GROUP BY src, dst),
                     u AS (SELECT least(src, dst) AS a, greatest(src, dst) AS b,
                                  count(DISTINCT person) AS n
                           FROM ho GROUP BY least(src, dst), greatest(src, dst))
                SELECT u.a, u.b, {_suppressed("u.n", min_count)},
                       {_directed("d1.n", min_count)}, {_directed("d2.n", min_count)}
                FROM u LEFT JOIN d d1 ON d1.src = u.a AND d1.dst = u.b
                       LEFT JOIN d d2 ON d2.src = u.b AND d2.dst = u.a
                ORDER BY u.n DESC, u.a, u.b""",
            fetch=True,
        ),
        Step(
            "journeys",
            f"""SELECT steps, {_suppressed("n", min_count)} FROM js
                ORDER BY n DESC, steps LIMIT {int(max_journeys)}""",
            fetch=True,
        ),
    ]


def decode_steps(steps: list[int]) -> tuple[int, ...]:
    """The unit ids of a journey array, in journey order."""
    return tuple(int(x) % UID_BITS for x in sorted(steps))
