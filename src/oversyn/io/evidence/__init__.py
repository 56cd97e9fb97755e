"""Evidence from the municipality's own data: service records → interactions and journeys.

* :mod:`.events` reads pseudonymised service records (CSV or Parquet) with DuckDB and computes
  the aggregates (shared persons, hand-offs, journeys) with disclosure control;
* :mod:`.aggregate` writes and reads the aggregate CSV files and puts them into a case;
* :mod:`.synth` generates realistic synthetic records from a case (tests, benchmarks, demos).

Person-level data stays inside DuckDB: only counts of persons leave it, and counts below the
minimum cell size are replaced by ``None`` (shown as "< 5") before they do.
"""
