"""Design search: assign units to administrations to minimise cross-boundary interaction.

* :mod:`.problem` — the generic partition problem, its objective and constraint check;
* :mod:`.exact` — MIP models (HiGHS or CP-SAT) that prove optimality or report the gap;
* :mod:`.heuristic` — Louvain start + iterated local search with balance repair, for large
  problems;
* :mod:`.design` — from a case (units at a level, interactions, legal consistency) to a problem,
  and from a solution back to an :class:`~oversyn.core.case.Alternative` of ``move_unit``
  operations with a Swedish explanation.
"""
