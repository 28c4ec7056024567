"""A company's reported loops merged into the one loop its checklist opens on.

The rule (LOOP_RULE, also in the README). Without ?process=, a company with
two or more reported loops (processes with listed steps) gets one merged
loop:

- Which loops. All of them; `?role=` or `?level=` keeps the loops reported
  for that role or level and the loops that name none (a report without a
  level is not about another level). The values are matched with case,
  spaces and punctuation folded (`?level=l5-staff` is "L5/Staff").
- One round per round type that any of the kept loops reports, so a round
  type reported at the company never disappears from its default page. A
  round type met several times in a loop (three coding rounds) is one round.
- Their order: the round type's usual place in the company's loops, the
  mean of its relative position (0 for a loop's first step, 1 for its last;
  its first occurrence in each loop that has it); ties in the taxonomy's
  order.
- Each round says how many of the loops include it, which reports (their
  steps, as named there) and when they were reported.
- The lead loop, whose name, badge and provenance head the page and whose
  steps come first in each round (name, length, details): without a level
  asked, a loop that names no level before one that does (a staff-only loop
  does not speak for every candidate); then the most recently reported
  (dated before undated); then the most interview stages; then the first in
  the data. With ?level= or ?role=, the loops that name it come first.

A company with one loop keeps it as it is, step by step; `?process=` shows
any single loop step by step. Pure: plain rows in, plain records out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from datasette_interview_prep.core.rounds import ROUND_TYPE_ORDER
from datasette_interview_prep.planner.rows import ProcessRow, StepRow

LOOP_RULE = (
    "Without ?process=, a company with several reported loops gets them merged: one round for every round type "
    "any of them reports, in its usual place in those loops, each saying which reports include it and when. "
    "The lead loop (named at the top; its steps come first in each round) is one that names no level, then the "
    "most recently reported, then the one with the most interview stages. ?role= and ?level= keep the loops "
    "reported for that role or level (and those that name none); ?process= shows one loop as reported."
)

CHOICE_FIELDS = ("role", "level")


def choice_key(value: str | None) -> str:
    """'L5/Staff' -> 'l5-staff': the form ?role= and ?level= values are matched in."""
    return re.sub(r"[^a-z0-9]+", "-", (value or "").lower()).strip("-")


class UnknownChoice(ValueError):
    """?role= or ?level= names nothing any loop of the company reports."""

    def __init__(self, field: str, choices: list[str]):
        super().__init__(f"unknown {field}")
        self.field = field
        self.choices = choices


@dataclass(frozen=True)
class MergedRound:
    """One round type of the merged loop, with the steps of each loop that reports it (lead loop first)."""

    round_type: str
    usual_position: float  # mean relative position in the loops that have it, 0 (first) to 1 (last)
    steps: tuple[StepRow, ...]
    process_ids: tuple[str, ...]  # the loops that include it, in lead order


@dataclass(frozen=True)
class MergedLoop:
    lead: ProcessRow
    processes: tuple[ProcessRow, ...]  # the loops merged, lead first
    rounds: tuple[MergedRound, ...]
    role: str | None = None  # the ?role= asked for, as the data spells it
    level: str | None = None


def loops_with_steps(processes: Sequence[ProcessRow], steps: Sequence[StepRow]) -> list[ProcessRow]:
    """The processes with at least one listed step, in data order."""
    with_steps = {step["process_id"] for step in steps}
    return [process for process in processes if process["id"] in with_steps]


def choices(processes: Sequence[ProcessRow], field: str) -> list[str]:
    """The distinct roles (or levels) the loops name, in data order."""
    found: dict[str, str] = {}
    for process in processes:
        value = process.get(field)
        if isinstance(value, str) and value.strip():
            found.setdefault(choice_key(value), value)
    return list(found.values())


def _matching(processes: Sequence[ProcessRow], field: str, wanted: str | None) -> tuple[list[ProcessRow], str | None]:
    """The loops reported for `wanted` (or naming no value of `field`) and the value as the data spells it."""
    if not wanted:
        return list(processes), None
    known = {choice_key(value): value for value in choices(processes, field)}
    spelled = known.get(choice_key(wanted))
    if spelled is None:
        raise UnknownChoice(field, list(known.values()))
    key = choice_key(spelled)
    return [p for p in processes if not p.get(field) or choice_key(str(p.get(field))) == key], spelled


def lead_order(processes: Sequence[ProcessRow], role: str | None = None, level: str | None = None) -> list[ProcessRow]:
    """The loops, lead first (LOOP_RULE): the asked role/level, no level when none is asked, the latest
    reported, the most interview stages, data order."""
    ordered = list(processes)  # data order: the last tie-break
    ordered.sort(key=lambda p: -(p.get("interview_stage_count") or 0))
    ordered.sort(key=lambda p: p.get("reported") or "", reverse=True)
    if level:
        ordered.sort(key=lambda p: choice_key(p.get("level")) != choice_key(level))
    else:
        ordered.sort(key=lambda p: bool(p.get("level")))
    if role:
        ordered.sort(key=lambda p: choice_key(p.get("role")) != choice_key(role))
    return ordered


def merge_loops(
    processes: Sequence[ProcessRow], steps: Sequence[StepRow], role: str | None = None, level: str | None = None
) -> MergedLoop:
    """The loops with steps (of `processes`), kept by role and level, merged by round type (LOOP_RULE).

    UnknownChoice when `role` or `level` matches no loop; ValueError when no process has steps."""
    loops = loops_with_steps(processes, steps)
    if not loops:
        raise ValueError("no process with steps")
    loops, role_spelled = _matching(loops, "role", role)
    loops, level_spelled = _matching(loops, "level", level)
    ordered = lead_order(loops, role_spelled, level_spelled)
    steps_of = {
        process["id"]: sorted((s for s in steps if s["process_id"] == process["id"]), key=lambda s: s["position"])
        for process in ordered
    }
    positions: dict[str, list[float]] = {}
    gathered: dict[str, list[StepRow]] = {}
    including: dict[str, list[str]] = {}
    for process in ordered:
        loop_steps = steps_of[process["id"]]
        last = max(len(loop_steps) - 1, 1)
        for index, step in enumerate(loop_steps):
            slug = step["round_type"]
            gathered.setdefault(slug, []).append(step)
            if process["id"] not in including.setdefault(slug, []):
                including[slug].append(process["id"])
                positions.setdefault(slug, []).append(index / last)
    rounds = [
        MergedRound(
            round_type=slug,
            usual_position=sum(positions[slug]) / len(positions[slug]),
            steps=tuple(gathered[slug]),
            process_ids=tuple(including[slug]),
        )
        for slug in gathered
    ]
    rounds.sort(key=lambda r: (round(r.usual_position, 6), ROUND_TYPE_ORDER.get(r.round_type, 99)))
    return MergedLoop(
        lead=ordered[0], processes=tuple(ordered), rounds=tuple(rounds), role=role_spelled, level=level_spelled
    )
