"""Base rates: how often each round type appears across the loops, and where; the typical loop they suggest."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from typing import cast

from pydantic import BaseModel, Field

from datasette_interview_prep.core.rounds import ROUND_TYPE_ORDER, ROUND_TYPES_BY_SLUG
from datasette_interview_prep.planner.rows import RawRow, StepPlaceRow

TYPICAL_MIN_SHARE = 0.25  # a round type joins the typical loop when a quarter of the processes have it


class BaseRate(BaseModel):
    """How common a round type is across the processes in the data, and where it usually comes."""

    round_type: str
    label: str
    process_count: int = Field(description="Processes with at least one round of this type")
    total_processes: int
    share: float = Field(description="process_count / total_processes")
    usual_step: int = Field(description="Median step number of its first round in those processes")
    relative_position: float = Field(description="Median of (step - 1) / (steps - 1): 0 first, 1 last")


def compute_base_rates(step_rows: Iterable[RawRow]) -> list[BaseRate]:
    """Each round type's share of the processes (with at least one step) and its usual place in them.

    `step_rows` need `process_id`, `position` and `round_type`. The position of a round type in a process
    is that of its first step; "usual" is the median over the processes that have it.
    """
    steps_by_process: dict[str, list[StepPlaceRow]] = {}
    for row in cast("Iterable[StepPlaceRow]", step_rows):
        steps_by_process.setdefault(row["process_id"], []).append(row)
    total = len(steps_by_process)
    first_positions: dict[str, list[tuple[int, float]]] = {}
    for steps in steps_by_process.values():
        count = len(steps)
        seen: set[str] = set()
        for step_number, step in enumerate(sorted(steps, key=lambda step: step["position"]), start=1):
            slug = step["round_type"]
            if slug in seen:
                continue
            seen.add(slug)
            relative = (step_number - 1) / (count - 1) if count > 1 else 0.0
            first_positions.setdefault(slug, []).append((step_number, relative))
    rates = []
    for slug, positions in first_positions.items():
        if slug not in ROUND_TYPES_BY_SLUG:
            continue
        rates.append(
            BaseRate(
                round_type=slug,
                label=ROUND_TYPES_BY_SLUG[slug].label,
                process_count=len(positions),
                total_processes=total,
                share=len(positions) / total,
                usual_step=round(statistics.median(step for step, _ in positions)),
                relative_position=statistics.median(relative for _, relative in positions),
            )
        )
    return sorted(rates, key=lambda rate: (-rate.process_count, ROUND_TYPE_ORDER[rate.round_type]))


def typical_loop(base_rates: Sequence[BaseRate], min_share: float = TYPICAL_MIN_SHARE) -> list[BaseRate]:
    """The round types common enough to expect (share >= min_share; 'other' excluded), in their usual order."""
    common = [rate for rate in base_rates if rate.share >= min_share and rate.round_type != "other"]
    return sorted(common, key=lambda rate: (rate.relative_position, rate.usual_step, ROUND_TYPE_ORDER[rate.round_type]))
