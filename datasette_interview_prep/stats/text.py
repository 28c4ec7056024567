"""Number and name formatting of the statistics' explanations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.stats.models import StepRow

# ---------------------------------------------------------------------------
# Formatting


def number_text(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def percent_text(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}% ({part} of {whole})" if whole else "–"


def names_text(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def quoted_steps(steps: Sequence[StepRow]) -> str:
    return "; ".join(f"“{step['name']}”" for step in steps)


def same_names(a: Iterable[str], b: Iterable[str]) -> bool:
    """The same companies, however spelt ('Open AI' is 'OpenAI': core.names.name_key)."""
    return {name_key(name) for name in a} == {name_key(name) for name in b}
