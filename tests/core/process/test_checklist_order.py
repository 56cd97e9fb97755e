"""Order warnings speak the reader's language, item names included (seed 003, § 13)."""

from __future__ import annotations

import datetime as dt

from oversyn.core.process.review import process_report
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES


def test_order_warnings_name_items_in_each_language() -> None:
    case = load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")
    findings = [
        f
        for f in process_report(case, dt.date(2018, 3, 1)).findings
        if f.code == "order_not_done_before_decision"
    ]
    assert findings
    texts_sv = {f.text("sv") for f in findings}
    texts_en = {f.text("en") for f in findings}
    assert any(s.startswith("MBL-förhandling enligt 11 §") for s in texts_sv)
    assert any(s.startswith("Negotiation under MBL section 11") for s in texts_en)
    assert not any("förhandling" in s for s in texts_en)
