"""The practice loop of a company (/-/prep/{company}/practice) and its "today" view: pure.

A practice run takes one question per round of the company's loop, in the loop's order: one of the
questions a source ties to the company for that round type when there are any, else one of the round
type's questions at any company; never the same question twice in a run. Which one is drawn from a seed
(`?seed=`, by default the day's date), so a link reproduces a run and each day brings a new one. A round
with no question in the bank is listed without one and skipped by the loop.

A round is practised for its stated length (else its typical length, else DEFAULT_MINUTES), at most
MAX_MINUTES: a take-home or an onsite lasts hours, and a practice sitting is its first hour.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from datasette_interview_prep.planner.checklist_model import Checklist, Round
from datasette_interview_prep.planner.outlines import Outline
from datasette_interview_prep.planner.questions import BankQuestion, QuestionIndex
from datasette_interview_prep.planner.schedule import Schedule, Session

DEFAULT_MINUTES = 45
MAX_MINUTES = 60
SEED_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class BadSeed(ValueError):
    """A ?seed= that is not 1-40 letters, digits, '-' or '_'."""


class PracticeQuestion(BaseModel):
    id: str
    question: str
    topic_label: str
    asked_here: bool = Field(description="A source ties it to this company (else it is the round type's)")
    outline: Outline | None


class PracticeRound(BaseModel):
    position: int = Field(description="The round's place in the loop")
    name: str
    round_type: str
    round_type_label: str
    duration: str | None = Field(description="The round's length as the data states it")
    minutes: int = Field(description="How long to practise it: the countdown")
    minutes_basis: Literal["stated", "typical", "default"]
    capped: bool = Field(description="The round is longer than MAX_MINUTES; the countdown is its first part")
    question: PracticeQuestion | None = Field(description="None when the bank has no question for this round")


class PracticeRun(BaseModel):
    seed: str
    company: str
    company_name: str
    rounds: list[PracticeRound]

    @property
    def practised(self) -> list[PracticeRound]:
        return [round_ for round_ in self.rounds if round_.question is not None]


def parse_seed(value: object, today: date) -> str:
    """`?seed=` as given, or the day's date (YYYY-MM-DD) when absent; BadSeed otherwise."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return today.isoformat()
    if not SEED_PATTERN.match(text):
        raise BadSeed("seed= takes 1 to 40 letters, digits, '-' or '_' (the same seed gives the same questions).")
    return text


def practice_minutes(round_: Round) -> tuple[int, Literal["stated", "typical", "default"], bool]:
    """(countdown minutes, where the length comes from, whether it was cut to MAX_MINUTES)."""
    length = round_.minutes_high or round_.minutes_low
    if not length:
        return DEFAULT_MINUTES, "default", False
    basis: Literal["stated", "typical", "default"] = "typical" if round_.duration_basis == "typical" else "stated"
    return min(length, MAX_MINUTES), basis, length > MAX_MINUTES


def _draw(rng: random.Random, pool: Sequence[BankQuestion], used: set[str]) -> BankQuestion | None:
    fresh = [question for question in pool if question.id not in used]
    return rng.choice(fresh) if fresh else None


def practice_run(checklist: Checklist, index: QuestionIndex, outlines: Mapping[str, Outline], seed: str) -> PracticeRun:
    """One question per round of `checklist` (a company's), drawn with `seed` (see the module docstring)."""
    company = checklist.company.slug if checklist.company else checklist.key
    rng = random.Random(f"{seed}:{company}")
    used: set[str] = set()
    rounds = []
    for round_ in checklist.rounds:
        own = index.asked_at_company([round_.round_type], company)
        picked = _draw(rng, own, used)
        asked_here = picked is not None
        if picked is None:
            picked = _draw(rng, index.by_round_type.get(round_.round_type, []), used)
        question = None
        if picked is not None:
            used.add(picked.id)
            question = PracticeQuestion(
                id=picked.id,
                question=picked.question,
                topic_label=picked.topic_label,
                asked_here=asked_here,
                outline=outlines.get(picked.id),
            )
        minutes, basis, capped = practice_minutes(round_)
        rounds.append(
            PracticeRound(
                position=round_.position,
                name=round_.name,
                round_type=round_.round_type,
                round_type_label=round_.round_type_label,
                duration=round_.duration,
                minutes=minutes,
                minutes_basis=basis,
                capped=capped,
                question=question,
            )
        )
    return PracticeRun(seed=seed, company=company, company_name=checklist.company_name or company, rounds=rounds)


def sessions_on(schedule: Schedule, day: date) -> list[Session]:
    """The plan's sessions that run on `day` (a blocked take-home window counts on each of its days)."""
    return [session for session in schedule.sessions if session.start <= day <= session.end]
