"""What every area app of the web layer shares (public API only; no app reaches into another's
private names).

* :mod:`.permissions` — roles and what each may do (``require``, ``can``, ``role_of``);
* :mod:`.errors` — ``ServiceError``, ``ConflictError`` (and the row race ``RowRace``);
* :mod:`.repository` — the case row: ``load``, ``fresh``, ``validated``, ``commit`` (the
  compare-and-swap write) and ``retry_row_race``; ``token`` is an object's version token;
* :mod:`.audit` — the audit record (``record``) and ``diff`` of its before/after;
* :mod:`.messages` — the one pydantic-error translator (``pydantic_errors``);
* :mod:`.actions` — the one write contract (``CaseAction``, ``run_action``) every change of a
  case goes through;
* :mod:`.registry` — the case item kinds (``register``, ``kinds``, ``get``) and the generic
  item actions built from them.

The tables stay in :mod:`oversyn.web.cases.models` (``CaseRecord``, ``Membership``,
``AuditRecord`` …), so existing databases need no migration.
"""
