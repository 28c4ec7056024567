"""The prep schedule: a checklist's rounds spread over the days or weeks before the interview.

The rule, as the page states it:

1. Budget. `hours` of prep a week (`per=week`, the default) gives `hours × days / 7`;
   `per=total` means `hours` in all. Either is rounded down to whole 5-minute
   blocks. The prep days are today up to the day before the interview.
2. Mock slot. Every plan ends, on its last prep day, with a mock interview and
   revision session: 15% of the budget, at least 15 minutes and at most 2 hours
   (all of it when less than 30 minutes are left for anything else). It lists
   the company's own questions to answer out loud (the most-reported first).
3. Full or crash. A plan is a crash plan when the interview is at most 3 days
   away, or when what is left after the mock slot cannot give every round 15
   minutes. A crash plan starts with the company's own questions (those the data
   ties to this company, the most-reported first: 10 minutes each, at most 40%
   of what is left, at least 15 minutes; those that do not fit stay in their
   rounds), then prepares the rounds by priority
   (weight × length factor, highest first; a second round of a type it already
   prepares comes last), as many as can have 15 minutes; the rest are listed as
   not planned (but for a second round of a type whose first round has time:
   that prep covers it). A full plan prepares every round, in the order of the loop.
4. Split. Each planned round gets a first 15 minutes (the shortest session worth
   sitting down for), then the rest of its share in proportion to `weight ×
   length factor`, by largest remainder (ties go to the earlier round).
   `weight` is the round type's prep effort from data/rounds.yaml; the length
   factor is the round's stated length in hours, kept within 0.5-2 (1 when the
   length is unknown, 2 for a take-home or work trial, which is days of work).
   The minutes of the sessions add up to the budget exactly.
5. Order and behavioral prep. The work is laid out in that order, day by day
   (interview under three weeks away) or week by week, each day getting an
   equal share of the budget. Behavioral rounds (behavioral, hiring-manager,
   founder) are not left to their place in the loop: their time is cut into
   sessions of about 30 minutes spread evenly through the plan. A second
   round of a type already in the loop (an onsite coding round after the
   coding screen) shares its prep, so its time joins the first one's
   sessions, which say so ("also for round 4"). A round's
   pieces on one day are one session; no session is shorter than 15 minutes (a
   shorter piece joins the round's session next to it, so a day can get a few
   minutes more or less than its equal share).
6. Take-homes. A take-home or work trial is not mixed with other prep: its time
   is one blocked window, a single session from its first to its last day,
   and the day it ends is its due point.
7. What to do. A round's work list is the company's own questions of that round
   (those not already in a crash plan's first session) and its prep items, mixed
   evenly; then the round type's most-reported questions. They take equal slices of the round's
   time, in order, so each session lists the items and questions it works on;
   the plan expects an item done by the end of the day in which its slice ends
   (for a take-home window too, so "done by its end" moves day by day).

Everything here is pure: `today` is passed in, so the rule is tested without a clock.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field

from datasette_interview_prep.core.durations import format_minutes
from datasette_interview_prep.core.rounds import TAKE_HOME_FAMILY
from datasette_interview_prep.planner.checklist_model import Round, RoundQuestion

BLOCK_MINUTES = 5
MIN_SESSION_MINUTES = 15
MAX_HOURS_PER_WEEK = 80
MAX_HOURS_PER_DAY = 16  # per=total: more than this a day is no plan
MAX_DAYS_AHEAD = 365
MAX_WEEKS = 52
BY_DAY_UNDER_DAYS = 21  # under three weeks away: one period per day, else one per week
LENGTH_FACTOR_MIN, LENGTH_FACTOR_MAX = 0.5, 2.0
CRASH_DAYS = 3  # an interview this close (or less) gets a crash plan
MOCK_SHARE, MOCK_MIN_MINUTES, MOCK_MAX_MINUTES = 0.15, 15, 120
MOCK_QUESTIONS = 5  # questions the mock slot lists to answer out loud
QUESTION_MINUTES = 10  # a crash plan's time for each of the company's own questions
QUESTIONS_MAX_SHARE = 0.4  # ... at most this share of what is left after the mock slot
BEHAVIORAL_FAMILIES = frozenset({"behavioral", "manager", "leadership"})
BEHAVIORAL_CHUNK_MINUTES = 30
PLAN_PARAMETERS = ("date", "hours", "weeks", "per")
PER_CHOICES = ("week", "total")

RULE = (
    "Your budget is the hours you give (a week, times the days until the interview divided by 7; or in total), in "
    "5-minute blocks. The last prep day ends with a mock interview and revision slot (15% of the budget, 15 minutes "
    "to 2 hours). Up to 3 days out, or when there is too little time for every round, it is a crash plan: first the "
    "company's own questions, then the rounds that weigh most, as many as get 15 minutes each. Otherwise every round "
    "gets a first 15 minutes and the rest in proportion to its type's prep weight times its length (in hours, kept "
    "within 0.5-2; 1 when unknown; 2 for a take-home), prepared in the order of the loop. Behavioral prep is cut into "
    "sessions of about 30 minutes spread through the plan; a second round of a type joins the first one's sessions. "
    "Each day (or week) gets an equal share; no session is shorter than 15 minutes; a take-home gets one blocked "
    "window of its own, which ends at its due point."
)

SessionKind = Literal["round", "questions", "mock"]
QUESTIONS_SESSION_NAME = "The company's own questions"
MOCK_SESSION_NAME = "Mock interview and revision"


class PlanError(ValueError):
    """A bad plan parameter: `field` is the form field to show `message` next to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class PlanRequest(BaseModel):
    today: date
    interview_date: date
    hours: float = Field(
        description="Hours of prep: a week (per='week') or in all (per='total')",
        # hours_per_week: its name before per=total, still accepted from callers written against it.
        validation_alias=AliasChoices("hours", "hours_per_week"),
    )
    per: Literal["week", "total"] = "week"
    weeks: int | None = Field(None, description="Set when the plan was asked for in weeks rather than to a date")

    @property
    def days(self) -> int:
        return (self.interview_date - self.today).days


class Allocation(BaseModel):
    position: int
    name: str
    round_type: str
    round_type_label: str
    weight: float
    length_factor: float
    minutes: int
    items: int = Field(description="Prep items listed under this round")
    blocked: bool = Field(description="A take-home's window: one session of its own")
    start: date | None = None
    due: date | None = Field(None, description="The last day of its prep: the round should be ready by then")


class Session(BaseModel):
    kind: SessionKind = Field("round", description="A round's prep, the company's own questions, or the mock slot")
    position: int = Field(description="The round's position in the loop (0 for the questions and mock sessions)")
    name: str
    round_type: str = Field(description="The round's type; '' for the questions and mock sessions")
    round_type_label: str
    start: date
    end: date = Field(description="Inclusive; after start only for a blocked window")
    minutes: int
    blocked: bool
    part: int = Field(description="1 for the round's first session, 2 for its second, ...")
    parts: int
    item_ids: list[str] = Field(description="The prep items this session works on (one may run over two)")
    question_ids: list[str] = Field([], description="The questions (RoundQuestion ids) it works on or rehearses")
    same_prep_as: int | None = None
    also_for: list[int] = Field([], description="Later rounds of the same type whose time joined this round's")


class Period(BaseModel):
    index: int
    start: date
    end: date = Field(description="Inclusive")
    label: str
    minutes: int
    sessions: list[Session]
    expected_done: int = Field(description="Prep items the plan expects done by the end of this period")


class Schedule(BaseModel):
    today: date
    interview_date: date
    days: int
    hours: float
    per: Literal["week", "total"]
    hours_per_week: float = Field(description="The budget as hours a week, whichever way it was given")
    weeks: int | None
    budget_minutes: int
    mode: Literal["full", "crash"]
    granularity: Literal["day", "week"]
    total_items: int
    mock_minutes: int
    questions_minutes: int = Field(description="A crash plan's first session, on the company's own questions")
    allocations: list[Allocation] = Field(description="The planned rounds, in the loop's order")
    not_planned: list[int] = Field([], description="Positions of rounds a crash plan had no time for")
    periods: list[Period]
    sessions: list[Session] = Field(description="Every session in order (those of the periods, a blocked window once)")
    rule: str = RULE


# --- Parameters ---------------------------------------------------------------------------------------


def parse_plan(args: Mapping[str, str], today: date) -> PlanRequest | None:
    """date=YYYY-MM-DD or weeks=N, hours=N, per=week|total -> a PlanRequest; None when none is given."""
    raw = {name: (args.get(name) or "").strip() for name in PLAN_PARAMETERS}
    if not any(raw[name] for name in ("date", "hours", "weeks")):
        return None
    interview_date, weeks = _parse_when(raw, today)
    per = raw["per"] or "week"
    if per not in PER_CHOICES:
        raise PlanError("per", "per= takes week or total: hours a week (the default) or hours in all.")
    hours = _parse_hours(raw["hours"], per, (interview_date - today).days)
    return PlanRequest(
        today=today, interview_date=interview_date, hours=hours, per="total" if per == "total" else "week", weeks=weeks
    )


def _parse_when(raw: Mapping[str, str], today: date) -> tuple[date, int | None]:
    if raw["date"] and raw["weeks"]:
        raise PlanError("weeks", "Give the interview date or a number of weeks, not both.")
    if not raw["date"] and not raw["weeks"]:
        raise PlanError("date", "When is the interview? Give its date (or a number of weeks from today).")
    if raw["date"]:
        try:
            interview_date = date.fromisoformat(raw["date"])
        except ValueError:
            raise PlanError("date", "The interview date should be a date such as 2027-01-15 (YYYY-MM-DD).") from None
        if interview_date <= today:
            raise PlanError("date", "The interview date is today or in the past: pick a day after today.")
        if (interview_date - today).days > MAX_DAYS_AHEAD:
            raise PlanError(
                "date",
                f"The interview date is more than {MAX_DAYS_AHEAD} days away: plan when it is less than a year off.",
            )
        return interview_date, None
    try:
        weeks = int(raw["weeks"])
    except ValueError:
        raise PlanError("weeks", "Weeks should be a whole number, such as 4.") from None
    if not 1 <= weeks <= MAX_WEEKS:
        raise PlanError("weeks", f"Weeks should be between 1 and {MAX_WEEKS}.")
    return today + timedelta(weeks=weeks), weeks


def _parse_hours(text: str, per: str, days: int) -> float:
    unit = "in all" if per == "total" else "a week"
    if not text:
        raise PlanError("hours", f"How many hours {unit} can you prepare? Give a number, such as 6.")
    try:
        hours = float(text)
    except ValueError:
        raise PlanError("hours", f"Hours {unit} should be a number, such as 6 or 7.5.") from None
    if not math.isfinite(hours) or hours <= 0:
        raise PlanError("hours", f"Hours {unit} should be more than 0.")
    limit = MAX_HOURS_PER_DAY * days if per == "total" else MAX_HOURS_PER_WEEK
    if hours > limit:
        pace = f"{MAX_HOURS_PER_DAY} hours a day" if per == "total" else f"{MAX_HOURS_PER_WEEK} hours of prep a week"
        raise PlanError("hours", f"More than {pace} is not a plan anyone can follow: give the hours you really have.")
    return hours


# --- The split ----------------------------------------------------------------------------------------


def length_factor(round_: Round) -> float:
    if round_.family == TAKE_HOME_FAMILY:
        return LENGTH_FACTOR_MAX
    minutes = round_.minutes_high if round_.minutes_high is not None else round_.minutes_low
    if minutes is None:
        return 1.0
    return min(LENGTH_FACTOR_MAX, max(LENGTH_FACTOR_MIN, minutes / 60))


def budget_minutes(hours: float, days: int, per: str = "week") -> int:
    minutes = hours * 60 if per == "total" else hours * 60 * days / 7
    return int(minutes // BLOCK_MINUTES) * BLOCK_MINUTES


def split_blocks(shares: Sequence[float], blocks: int, first: int = 1) -> list[int]:
    """`blocks` whole blocks: `first` each, the rest in proportion to `shares` by largest remainder."""
    count = len(shares)
    if blocks < count * first:
        raise ValueError("too few blocks for the rounds")
    rest = blocks - count * first
    total = sum(shares)
    quotas = [rest * share / total if total else rest / count for share in shares]
    result = [first + int(quota) for quota in quotas]
    left = blocks - sum(result)
    # Largest remainder first; an earlier round wins a tie.
    for index in sorted(range(count), key=lambda i: (-(quotas[i] - int(quotas[i])), i))[:left]:
        result[index] += 1
    return result


def split_tasks(task_ids: Sequence[str], session_minutes: Sequence[int]) -> list[tuple[list[str], list[str]]]:
    """A round's tasks over its sessions: the n tasks take equal slices of the round's time, in order, so
    task i runs from i/n to (i+1)/n of it. Each session gets (the tasks whose slice overlaps it, the tasks
    whose slice ends in it); a task that straddles two sessions is listed in both and done in the second."""
    total, count = sum(session_minutes), len(task_ids)
    shares, before = [], 0
    for minutes in session_minutes:
        after = before + minutes
        # Scaled by count so the comparisons stay in integers: slice i is [i * total, (i + 1) * total].
        worked = [
            task_id
            for i, task_id in enumerate(task_ids)
            if i * total < after * count and (i + 1) * total > before * count
        ]
        finished = [task_id for i, task_id in enumerate(task_ids) if before * count < (i + 1) * total <= after * count]
        shares.append((worked, finished))
        before = after
    return shares


def split_items(item_ids: Sequence[str], session_minutes: Sequence[int]) -> list[tuple[list[str], int]]:
    """split_tasks with the number of tasks done in each session."""
    return [(worked, len(done)) for worked, done in split_tasks(item_ids, session_minutes)]


def _periods(days: int, today: date, budget: int) -> list[tuple[date, date, int]]:
    """(first day, last day, minutes) of each day or week; every day gets an equal share of the budget's
    5-minute blocks (when they do not divide evenly, the days with one more are spread out)."""
    blocks = budget // BLOCK_MINUTES
    per_day = [((index + 1) * blocks // days - index * blocks // days) * BLOCK_MINUTES for index in range(days)]
    step = 1 if days < BY_DAY_UNDER_DAYS else 7
    periods = []
    for first in range(0, days, step):
        last = min(first + step, days) - 1
        periods.append((today + timedelta(days=first), today + timedelta(days=last), sum(per_day[first : last + 1])))
    return periods


def _period_label(start: date, end: date, index: int, granularity: str) -> str:
    if granularity == "day":
        return f"{start:%a} {start.day} {start:%b}"
    span = f"{start.day} {start:%b}" if start == end else f"{start.day} {start:%b} – {end.day} {end:%b}"
    return f"Week {index + 1} · {span}"


def _without_short_pieces(pieces: list[tuple[int, int]], toward_end: bool = False) -> list[tuple[int, int]]:
    """An owner's (period, minutes) pieces, one per period, none under MIN_SESSION_MINUTES: a short one
    joins the piece before it (or after it, for the first), so the owner's total is unchanged. With
    `toward_end` (the mock slot, which must stay on the last day) the piece before it joins it instead."""
    merged: list[tuple[int, int]] = []
    for index, minutes in pieces:
        if merged and merged[-1][0] == index:
            merged[-1] = (index, merged[-1][1] + minutes)
        else:
            merged.append((index, minutes))
    while len(merged) > 1:
        short = next((i for i, (_, minutes) in enumerate(merged) if minutes < MIN_SESSION_MINUTES), None)
        if short is None:
            break
        if toward_end and short > 0:  # the piece before moves into it: minutes only move later
            merged[short] = (merged[short][0], merged[short][1] + merged[short - 1][1])
            del merged[short - 1]
            continue
        into = short - 1 if short > 0 else 1
        merged[into] = (merged[into][0], merged[into][1] + merged[short][1])
        del merged[short]
    return merged


# --- Who gets time ------------------------------------------------------------------------------------


@dataclass
class _Owner:
    """Whatever gets sessions: a round, the company's own questions, or the mock slot."""

    kind: SessionKind
    minutes: int
    tasks: list[str] = field(default_factory=list)  # item and question ids, in the order to work on them
    items: frozenset[str] = frozenset()  # which tasks are prep items (the pace counts those)
    round: Round | None = None
    allocated: list[tuple[Round, float, int]] = field(default_factory=list)  # (round, length factor, minutes)

    @property
    def blocked(self) -> bool:
        return self.round is not None and self.round.family == TAKE_HOME_FAMILY

    @property
    def behavioral(self) -> bool:
        return self.round is not None and self.round.family in BEHAVIORAL_FAMILIES


@dataclass
class _Split:
    mode: Literal["full", "crash"]
    mock: int  # minutes
    questions: int
    planned: list[int]  # indices of the rounds given time, in the order they are prepared
    minutes: list[int]  # ... and their minutes


def own_questions(rounds: Sequence[Round]) -> list[RoundQuestion]:
    """The questions a source ties to this company, from every round, each once, in loop order."""
    seen: dict[str, RoundQuestion] = {}
    for round_ in rounds:
        for question in round_.asked_here:
            seen.setdefault(question.id, question)
    return list(seen.values())


def _split_budget(rounds: Sequence[Round], factors: Sequence[float], budget: int, days: int, own: int) -> _Split:
    """The mock slot, a crash plan's questions session and each planned round's minutes (rules 2-4)."""
    blocks, first = budget // BLOCK_MINUTES, MIN_SESSION_MINUTES // BLOCK_MINUTES
    mock = min(max(round(blocks * MOCK_SHARE), MOCK_MIN_MINUTES // BLOCK_MINUTES), MOCK_MAX_MINUTES // BLOCK_MINUTES)
    if blocks - mock < first:
        mock = blocks
    rest = blocks - mock
    crash = days <= CRASH_DAYS or rest < first * len(rounds)
    questions = 0
    if crash and own and rest >= first:
        wanted = own * QUESTION_MINUTES // BLOCK_MINUTES
        questions = min(rest, max(first, min(wanted, int(rest * QUESTIONS_MAX_SHARE))))
        rest -= questions
    shares = [round_.weight * factor for round_, factor in zip(rounds, factors)]
    order = list(range(len(rounds)))
    if crash:
        order.sort(key=lambda i: (rounds[i].same_prep_as is not None, -shares[i], i))
    planned = order[: rest // first]
    minutes = split_blocks([shares[i] for i in planned], rest, first) if planned else []
    if not planned:
        mock += rest  # under 15 minutes left: the mock slot takes them
    return _Split(
        mode="crash" if crash else "full",
        mock=mock * BLOCK_MINUTES,
        questions=questions * BLOCK_MINUTES,
        planned=planned,
        minutes=[count * BLOCK_MINUTES for count in minutes],
    )


def interleave(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """Both lists, each in its order, mixed evenly: so a round's items get done from its first
    session on, between the company's own questions."""
    keyed = [((2 * i + 1) / (2 * len(first)), 0, task) for i, task in enumerate(first)]
    keyed += [((2 * i + 1) / (2 * len(second)), 1, task) for i, task in enumerate(second)]
    return [task for *_, task in sorted(keyed)]


def _owners(rounds: Sequence[Round], factors: Sequence[float], split: _Split) -> list[_Owner]:
    """The questions session (crash), the planned rounds in their order, the mock slot: each with its tasks."""
    own = own_questions(rounds)
    seen: set[str] = set()

    def fresh(ids: Sequence[str]) -> list[str]:
        new = [task for task in dict.fromkeys(ids) if task not in seen]
        seen.update(new)
        return new

    owners = []
    by_reports = sorted(own, key=lambda question: -question.encounters)
    if split.questions:
        first = by_reports[: max(1, split.questions // QUESTION_MINUTES)]
        owners.append(_Owner("questions", split.questions, fresh([question.id for question in first])))
    by_position: dict[int, _Owner] = {}
    for index, minutes in zip(split.planned, split.minutes):
        round_ = rounds[index]
        earlier = by_position.get(round_.same_prep_as or 0)
        if earlier is not None:  # a second round of a type: its time joins the first one's (rule 5)
            earlier.minutes += minutes
            earlier.allocated.append((round_, factors[index], minutes))
            earlier.tasks += fresh([question.id for question in round_.asked_here])
            continue
        items = [item.id for item in round_.items]
        own_first = interleave([question.id for question in round_.asked_here], items)
        tasks = fresh(own_first + [question.id for question in round_.most_reported])
        owner = _Owner("round", minutes, tasks, frozenset(items), round_, [(round_, factors[index], minutes)])
        by_position[round_.position] = owner
        owners.append(owner)
    rehearse = (
        by_reports[:MOCK_QUESTIONS]
        or [question for index in split.planned for question in rounds[index].most_reported][:MOCK_QUESTIONS]
    )
    owners.append(_Owner("mock", split.mock, [question.id for question in rehearse]))
    return owners


# --- The layout ---------------------------------------------------------------------------------------


def _chunks(minutes: int) -> list[int]:
    """A behavioral round's minutes as sessions of about BEHAVIORAL_CHUNK_MINUTES (none under 15)."""
    count = max(1, minutes // BEHAVIORAL_CHUNK_MINUTES)
    return [blocks * BLOCK_MINUTES for blocks in split_blocks([1.0] * count, minutes // BLOCK_MINUTES)]


def _sequence(owners: Sequence[_Owner]) -> list[tuple[int, int]]:
    """(owner index, minutes) in the order they are worked on: the body (everything but behavioral rounds
    and the mock) in order, behavioral sessions spread evenly through it, the mock slot last (rule 5)."""
    body = [(i, owner.minutes) for i, owner in enumerate(owners) if owner.kind != "mock" and not owner.behavioral]
    inserts = sorted(
        ((k + 0.5) / len(chunks), i, minutes)
        for i, owner in enumerate(owners)
        if owner.behavioral
        for chunks in [_chunks(owner.minutes)]
        for k, minutes in enumerate(chunks)
    )
    body_total = sum(minutes for _, minutes in body)
    sequence: list[tuple[int, int]] = []
    done = 0  # body minutes already in the sequence
    for fraction, owner_index, minutes in inserts:
        point = round(fraction * body_total / BLOCK_MINUTES) * BLOCK_MINUTES
        while body and (done + body[0][1] <= point or (owners[body[0][0]].blocked and done < point)):
            done += body[0][1]
            sequence.append(body.pop(0))
        if body and done < point:  # cut the body's unit at the point
            head = point - done
            sequence.append((body[0][0], head))
            body[0] = (body[0][0], body[0][1] - head)
            done = point
        sequence.append((owner_index, minutes))
    sequence += body
    sequence += [(i, owner.minutes) for i, owner in enumerate(owners) if owner.kind == "mock"]
    return [(owner_index, minutes) for owner_index, minutes in sequence if minutes]


def _pour(
    sequence: Sequence[tuple[int, int]], raw_periods: Sequence[tuple[date, date, int]], owners: int
) -> tuple[list[list[tuple[int, int]]], dict[tuple[int, int], int]]:
    """The sequence poured into the periods: per owner its (period index, minutes) pieces, and the order
    in which (owner, period) first came (a period lists its sessions in that order)."""
    pours: list[list[tuple[int, int]]] = [[] for _ in range(owners)]
    first_seen: dict[tuple[int, int], int] = {}
    period_index, room = 0, raw_periods[0][2]
    for owner_index, minutes in sequence:
        left = minutes
        while left:
            while room == 0:
                period_index += 1
                room = raw_periods[period_index][2]
            poured = min(left, room)
            pours[owner_index].append((period_index, poured))
            first_seen.setdefault((owner_index, period_index), len(first_seen))
            left -= poured
            room -= poured
    return pours, first_seen


def _session(owner: _Owner, start: date, end: date, minutes: int, part: int, parts: int, tasks: list[str]) -> Session:
    round_ = owner.round
    return Session(
        kind=owner.kind,
        position=round_.position if round_ else 0,
        name=round_.name if round_ else (MOCK_SESSION_NAME if owner.kind == "mock" else QUESTIONS_SESSION_NAME),
        round_type=round_.round_type if round_ else "",
        round_type_label=round_.round_type_label if round_ else "",
        start=start,
        end=end,
        minutes=minutes,
        blocked=owner.blocked,
        part=part,
        parts=parts,
        item_ids=[task for task in tasks if task in owner.items],
        question_ids=[task for task in tasks if task not in owner.items],
        same_prep_as=round_.same_prep_as if round_ else None,
        also_for=[later.position for later, _, _ in owner.allocated[1:]],
    )


def _owner_sessions(
    owner: _Owner, pieces: Sequence[tuple[int, int]], raw_periods: Sequence[tuple[date, date, int]]
) -> tuple[list[Session], list[tuple[int, Session, int]]]:
    """An owner's sessions, and where they go: (period index, session, items done by the end of that period).

    A take-home is one window over all its periods (rule 6); the others get a session per piece, whose
    tasks are their slices of the owner's time (rule 7). Items count done where their slice ends."""
    shares = split_tasks(owner.tasks, [minutes for _, minutes in pieces])
    done = [sum(task in owner.items for task in finished) for _, finished in shares]
    if owner.blocked:
        start, end = raw_periods[pieces[0][0]][0], raw_periods[pieces[-1][0]][1]
        window = _session(owner, start, end, owner.minutes, 1, 1, owner.tasks)
        return [window], [(index, window, count) for (index, _), count in zip(pieces, done)]
    sessions, placed = [], []
    for part, ((index, minutes), (worked, _), count) in enumerate(zip(pieces, shares, done), start=1):
        start, end = raw_periods[index][0], raw_periods[index][1]
        session = _session(owner, start, end, minutes, part, len(pieces), worked)
        sessions.append(session)
        placed.append((index, session, count))
    return sessions, placed


def build_schedule(rounds: Sequence[Round], request: PlanRequest) -> Schedule:
    """Split the budget (mock slot, crash questions, rounds) and lay it out over the days or weeks."""
    if not rounds:
        raise PlanError("date", "This checklist has no rounds to plan for.")
    budget = budget_minutes(request.hours, request.days, request.per)
    _check_budget(budget, request.per)
    factors = [length_factor(round_) for round_ in rounds]
    split = _split_budget(rounds, factors, budget, request.days, len(own_questions(rounds)))
    owners = _owners(rounds, factors, split)
    raw_periods = _periods(request.days, request.today, budget)
    pours, first_seen = _pour(_sequence(owners), raw_periods, len(owners))
    pieces = [
        pour if owner.blocked else _without_short_pieces(pour, toward_end=owner.kind == "mock")
        for owner, pour in zip(owners, pours)
    ]
    placed: list[tuple[int, int, Session, int]] = []  # (period, order, session, items done)
    sessions: list[Session] = []
    allocations: list[Allocation] = []
    for owner_index, (owner, owner_pieces) in enumerate(zip(owners, pieces)):
        owner_sessions, owner_placed = _owner_sessions(owner, owner_pieces, raw_periods)
        sessions += owner_sessions
        order = min(first_seen.get((owner_index, index), len(first_seen)) for index, _ in owner_pieces)
        placed += [(index, first_seen.get((owner_index, index), order), s, done) for index, s, done in owner_placed]
        allocations += [
            _allocation(round_, factor, minutes, owner_sessions) for round_, factor, minutes in owner.allocated
        ]
    granularity: Literal["day", "week"] = "day" if request.days < BY_DAY_UNDER_DAYS else "week"
    sessions.sort(key=lambda session: (session.start, session.kind == "mock"))
    return Schedule(
        today=request.today,
        interview_date=request.interview_date,
        days=request.days,
        hours=request.hours,
        per=request.per,
        hours_per_week=request.hours if request.per == "week" else round(request.hours * 7 / request.days, 2),
        weeks=request.weeks,
        budget_minutes=budget,
        mode=split.mode,
        granularity=granularity,
        total_items=sum(len(round_.items) for round_ in rounds),
        mock_minutes=split.mock,
        questions_minutes=split.questions,
        allocations=sorted(allocations, key=lambda allocation: allocation.position),
        not_planned=_not_planned(rounds, split.planned),
        periods=_period_models(raw_periods, pieces, placed, granularity),
        sessions=sessions,
    )


def _not_planned(rounds: Sequence[Round], planned: Sequence[int]) -> list[int]:
    """Positions of the rounds a crash plan gives no time, but for a second round of a type whose first
    round has time: that one's prep covers it."""
    covered = {rounds[i].position for i in planned}
    return [
        round_.position
        for round_ in rounds
        if round_.position not in covered and (round_.same_prep_as is None or round_.same_prep_as not in covered)
    ]


def _check_budget(budget: int, per: str) -> None:
    """PlanError when the budget holds no session at all."""
    if budget < MIN_SESSION_MINUTES:
        more = "more hours" if per == "total" else "more hours a week, or per=total for hours in all"
        raise PlanError(
            "hours",
            f"{format_minutes(budget) if budget else 'Under 5 minutes'} in all is less than one "
            f"{MIN_SESSION_MINUTES}-minute session: give {more}.",
        )


def _allocation(round_: Round, factor: float, minutes: int, sessions: Sequence[Session]) -> Allocation:
    return Allocation(
        position=round_.position,
        name=round_.name,
        round_type=round_.round_type,
        round_type_label=round_.round_type_label,
        weight=round_.weight,
        length_factor=factor,
        minutes=minutes,
        items=len(round_.items),
        blocked=round_.family == TAKE_HOME_FAMILY,
        start=min(session.start for session in sessions),
        due=max(session.end for session in sessions),
    )


def _period_models(
    raw_periods: Sequence[tuple[date, date, int]],
    pieces: Sequence[Sequence[tuple[int, int]]],
    placed: Sequence[tuple[int, int, Session, int]],
    granularity: Literal["day", "week"],
) -> list[Period]:
    """The periods with their sessions, the minutes they hold and the items expected done by their end."""
    # What each period holds after short pieces moved (a blocked window counts its poured minutes).
    period_minutes = [0] * len(raw_periods)
    for owner_pieces in pieces:
        for index, minutes in owner_pieces:
            period_minutes[index] += minutes
    periods, done = [], 0
    for index, (start, end, _) in enumerate(raw_periods):
        here = sorted((entry for entry in placed if entry[0] == index), key=lambda entry: entry[1])
        done += sum(entry[3] for entry in here)
        periods.append(
            Period(
                index=index,
                start=start,
                end=end,
                label=_period_label(start, end, index, granularity),
                minutes=period_minutes[index],
                sessions=[entry[2] for entry in here],
                expected_done=done,
            )
        )
    return periods
