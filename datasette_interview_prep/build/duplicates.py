"""Processes that are the same process entered twice, usually a company file copied under a new name.

Files of one company merge (the field guide has one file per posting), so a copy of a file would
otherwise load as more processes of the same company. Two processes are taken to be one when

- they are of the same company and have the same steps (names, in order, case and spacing folded), or
- they are of the same company and have the same name (its role when it has no name) and the same
  provenance (the URLs that back them and the postings they were read from): an edited copy.

Across companies nothing is compared: the benchmarks' synthetic companies share postings and steps.

A process with no steps, or with no name or no provenance, is never matched by the rule that needs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from datasette_interview_prep.build.schema import Process


@dataclass(frozen=True)
class PlacedProcess:
    """A process and where it was read: the file as shown in errors, the field of the process in it."""

    file: str
    field: str
    company: str  # the company's slug
    process_id: str
    process: Process


@dataclass(frozen=True)
class Duplicate:
    later: PlacedProcess
    first: PlacedProcess
    why: str


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _steps_key(placed: PlacedProcess) -> tuple[str, ...] | None:
    steps = tuple(_folded(step.name) for step in placed.process.steps)
    return (placed.company, *steps) if steps else None


def _name_and_provenance_key(placed: PlacedProcess) -> tuple[str, ...] | None:
    process = placed.process
    name = process.name or process.role
    provenance = sorted({*process.sources, *(f"posting:{posting}" for posting in process.posting_ids())})
    return (placed.company, _folded(name), *provenance) if name and provenance else None


def find_duplicates(processes: list[PlacedProcess]) -> list[Duplicate]:
    """Each process that repeats an earlier one, with the earlier one and the rule that matched."""
    rules = (
        (_steps_key, "same company and the same {steps} steps"),
        (_name_and_provenance_key, "same company, the same name and the same sources"),
    )
    seen: list[dict[tuple[str, ...], PlacedProcess]] = [{} for _ in rules]
    duplicates = []
    for placed in processes:
        for (key_of, why), first_of in zip(rules, seen):
            key = key_of(placed)
            if key is None:
                continue
            if key in first_of:
                steps = len(placed.process.steps)
                duplicates.append(Duplicate(placed, first_of[key], why.format(steps=steps)))
                break
            first_of[key] = placed
    return duplicates
