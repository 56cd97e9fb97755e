"""Evaluation of the alternatives: gates, scored principles, metrics, ranking and SMAA.

* :mod:`.model` – the case file's ``evaluation`` section (pydantic);
* :mod:`.validate` – located semantic checks;
* :mod:`.methods` – weighted sum, aggregation across assessors, ranking, sensitivity (NumPy);
* :mod:`.smaa` – SMAA-2 robustness analysis (vectorised NumPy);
* :mod:`.adapters` – second opinion (TOPSIS / PROMETHEE II via pymcdm);
* :mod:`.engine` – :func:`~.engine.evaluate_case`, the API the CLI and web use.

This package imports nothing at import time so that :mod:`oversyn.core.case` can use the model.
"""
