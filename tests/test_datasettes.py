"""The tests start every Datasette through tests/datasettes.py, as `datasette serve` starts one."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
DIRECT = re.compile(r"\bDatasette\(")


def test_no_test_builds_a_datasette_by_hand():
    by_hand = [
        f"{path.name}:{number}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name not in ("datasettes.py", "test_datasettes.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if DIRECT.search(line)
    ]
    assert by_hand == [], "use start_datasette (tests/datasettes.py): " + ", ".join(by_hand)
