"""The prep schedule: a checklist's rounds spread over the days or weeks before the interview.

The rule, as the page states it:

1. Budget. `hours` of prep a week until the interview date (or for `weeks`
   weeks) is `hours × days / 7`, rounded down to whole 5-minute blocks. The
   prep days are today up to the day before the interview.
2. Split. Each round gets a first 15 minutes (the shortest session worth
   sitting down for), then the rest of the budget in proportion to `weight × length factor`, by largest remainder (ties go to the
   earlier round). `weight` is the round type's prep effort from
   data/rounds.yaml; the length factor is the round's stated length in hours,
   kept within 0.5-2 (1 when the length is unknown, 2 for a take-home or work
   trial, which is days of work). So every round gets time, and the minutes
   add up to the budget exactly.
3. Order. Rounds are prepared in the order of the loop, because the first
   rounds come first: the budget is laid out day by day (interview under three
   weeks away) or week by week, each day getting an equal share, and each
   round's minutes fill the days after the previous round's. No session is
   shorter than 15 minutes: a round's piece that would be (the end of a day's
   share, or what spills into the next day) joins the round's session next to
   it, so a day can get a few minutes more or less than its equal share.
4. Take-homes. A take-home or work trial is not mixed with other prep: its time
   is one blocked window, a single session from its first to its last day,
   and the day it ends is its due point.
5. Pace. A round's items take equal slices of its time, in order, so each
   session lists the items it works on, and the plan expects an item done by
   the end of the session in which its slice ends.

Everything here is pure: `today` is passed in, so the rule is tested without a clock.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from datasette_interview_prep.core.durations import format_minutes
from datasette_interview_prep.core.rounds import TAKE_HOME_FAMILY
from datasette_interview_prep.planner.checklist_model import Round

BLOCK_MINUTES = 5
MIN_SESSION_MINUTES = 15
MAX_HOURS_PER_WEEK = 80
MAX_DAYS_AHEAD = 365
MAX_WEEKS = 52
BY_DAY_UNDER_DAYS = 21  # under three weeks away: one period per day, else one per week
LENGTH_FACTOR_MIN, LENGTH_FACTOR_MAX = 0.5, 2.0
PLAN_PARAMETERS = ("date", "hours", "weeks")

RULE = (
    "Your budget is the hours a week you give, times the days until the interview divided by 7, in 5-minute blocks. "
    "Every round gets a first 15 minutes; the rest is split in proportion to the round type's prep weight times the "
    "round's length (in hours, kept within 0.5-2; 1 when unknown; 2 for a take-home). Rounds are prepared in the "
    "order of the loop, each day (or week) getting an equal share of the budget, and no session is shorter than "
    "15 minutes; a take-home gets one blocked window of its own, which ends at its due point."
)


class PlanError(ValueError):
    """A bad plan parameter: `field` is the form field to show `message` next to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class PlanRequest(BaseModel):
    today: date
    interview_date: date
    hours_per_week: float
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
    position: int = Field(description="The round's position in the loop")
    name: str
    round_type: str
    round_type_label: str
    start: date
    end: date = Field(description="Inclusive; after start only for a blocked window")
    minutes: int
    blocked: bool
    part: int = Field(description="1 for the round's first session, 2 for its second, ...")
    parts: int
    item_ids: list[str] = Field(description="The round's items this session works on (one may run over two)")
    same_prep_as: int | None = None


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
    hours_per_week: float
    weeks: int | None
    budget_minutes: int
    granularity: Literal["day", "week"]
    total_items: int
    allocations: list[Allocation]
    periods: list[Period]
    sessions: list[Session] = Field(description="Every session in order (those of the periods, a blocked window once)")
    rule: str = RULE


# --- Parameters ---------------------------------------------------------------------------------------


def parse_plan(args: Mapping[str, str], today: date) -> PlanRequest | None:
    """date=YYYY-MM-DD or weeks=N, and hours=N (a week) -> a PlanRequest; None when none is given."""
    raw = {name: (args.get(name) or "").strip() for name in PLAN_PARAMETERS}
    if not any(raw.values()):
        return None
    if raw["date"] and raw["weeks"]:
        raise PlanError("weeks", "Give the interview date or a number of weeks, not both.")
    if not raw["date"] and not raw["weeks"]:
        raise PlanError("date", "When is the interview? Give its date (or a number of weeks from today).")
    weeks = None
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
    else:
        try:
            weeks = int(raw["weeks"])
        except ValueError:
            raise PlanError("weeks", "Weeks should be a whole number, such as 4.") from None
        if not 1 <= weeks <= MAX_WEEKS:
            raise PlanError("weeks", f"Weeks should be between 1 and {MAX_WEEKS}.")
        interview_date = today + timedelta(weeks=weeks)
    if not raw["hours"]:
        raise PlanError("hours", "How many hours a week can you prepare? Give a number, such as 6.")
    try:
        hours = float(raw["hours"])
    except ValueError:
        raise PlanError("hours", "Hours a week should be a number, such as 6 or 7.5.") from None
    if not math.isfinite(hours) or hours <= 0:
        raise PlanError("hours", "Hours a week should be more than 0.")
    if hours > MAX_HOURS_PER_WEEK:
        raise PlanError(
            "hours",
            f"More than {MAX_HOURS_PER_WEEK} hours of prep a week is not a plan anyone can "
            "follow: give the hours you really have.",
        )
    return PlanRequest(today=today, interview_date=interview_date, hours_per_week=hours, weeks=weeks)


# --- The split ----------------------------------------------------------------------------------------


def length_factor(round_: Round) -> float:
    if round_.family == TAKE_HOME_FAMILY:
        return LENGTH_FACTOR_MAX
    minutes = round_.minutes_high if round_.minutes_high is not None else round_.minutes_low
    if minutes is None:
        return 1.0
    return min(LENGTH_FACTOR_MAX, max(LENGTH_FACTOR_MIN, minutes / 60))


def budget_minutes(hours_per_week: float, days: int) -> int:
    minutes = hours_per_week * 60 * days / 7
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


def split_items(item_ids: Sequence[str], session_minutes: Sequence[int]) -> list[tuple[list[str], int]]:
    """A round's items over its sessions: the n items take equal slices of the round's time, in order, so
    item i runs from i/n to (i+1)/n of it. Each session gets (the items whose slice overlaps it, how many
    slices end in it); an item that straddles two sessions is listed in both and counted done in the second."""
    total, count = sum(session_minutes), len(item_ids)
    shares, before = [], 0
    for minutes in session_minutes:
        after = before + minutes
        # Scaled by count so the comparisons stay in integers: slice i is [i * total, (i + 1) * total].
        worked = [
            item_id
            for i, item_id in enumerate(item_ids)
            if i * total < after * count and (i + 1) * total > before * count
        ]
        finished = sum(before * count < (i + 1) * total <= after * count for i in range(count))
        shares.append((worked, finished))
        before = after
    return shares


def _periods(request: PlanRequest, budget: int) -> list[tuple[date, date, int]]:
    """(first day, last day, minutes) of each day or week; every day gets an equal share of the budget's
    5-minute blocks (when they do not divide evenly, the days with one more are spread out)."""
    days, blocks = request.days, budget // BLOCK_MINUTES
    per_day = [((index + 1) * blocks // days - index * blocks // days) * BLOCK_MINUTES for index in range(days)]
    step = 1 if days < BY_DAY_UNDER_DAYS else 7
    periods = []
    for first in range(0, days, step):
        last = min(first + step, days) - 1
        periods.append(
            (
                request.today + timedelta(days=first),
                request.today + timedelta(days=last),
                sum(per_day[first : last + 1]),
            )
        )
    return periods


def _period_label(start: date, end: date, index: int, granularity: str) -> str:
    if granularity == "day":
        return f"{start:%a} {start.day} {start:%b}"
    span = f"{start.day} {start:%b}" if start == end else f"{start.day} {start:%b} – {end.day} {end:%b}"
    return f"Week {index + 1} · {span}"


def _without_short_pieces(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A round's (period, minutes) pieces with none under MIN_SESSION_MINUTES: a short one joins the
    round's piece before it (or after it, for the first), so the round's total is unchanged."""
    pieces = list(pieces)
    while len(pieces) > 1:
        short = next((i for i, (_, minutes) in enumerate(pieces) if minutes < MIN_SESSION_MINUTES), None)
        if short is None:
            break
        into = short - 1 if short > 0 else 1
        pieces[into] = (pieces[into][0], pieces[into][1] + pieces[short][1])
        del pieces[short]
    return pieces


def build_schedule(rounds: Sequence[Round], request: PlanRequest) -> Schedule:
    """Split the budget across the rounds and lay it out, in the loop's order, over the days or weeks."""
    if not rounds:
        raise PlanError("date", "This checklist has no rounds to plan for.")
    budget = budget_minutes(request.hours_per_week, request.days)
    _check_budget(budget, len(rounds))
    factors = [length_factor(round_) for round_ in rounds]
    minutes = _round_minutes(rounds, factors, budget)
    granularity: Literal["day", "week"] = "day" if request.days < BY_DAY_UNDER_DAYS else "week"
    raw_periods = _periods(request, budget)
    pours = [
        pieces if round_.family == TAKE_HOME_FAMILY else _without_short_pieces(pieces)
        for round_, pieces in zip(rounds, _pour(minutes, raw_periods))
    ]
    period_sessions: list[list[Session]] = [[] for _ in raw_periods]
    items_due: list[int] = [0] * len(raw_periods)  # items whose session ends in each period
    sessions: list[Session] = []
    allocations: list[Allocation] = []
    for round_, factor, round_minutes, pieces in zip(rounds, factors, minutes, pours):
        round_sessions, placed = _round_sessions(round_, round_minutes, pieces, raw_periods)
        for index, session, due in placed:
            period_sessions[index].append(session)
            items_due[index] += due
        sessions += round_sessions
        allocations.append(_allocation(round_, factor, round_minutes, round_sessions))
    return Schedule(
        today=request.today,
        interview_date=request.interview_date,
        days=request.days,
        hours_per_week=request.hours_per_week,
        weeks=request.weeks,
        budget_minutes=budget,
        granularity=granularity,
        total_items=sum(len(round_.items) for round_ in rounds),
        allocations=allocations,
        periods=_period_models(raw_periods, pours, period_sessions, items_due, granularity),
        sessions=sessions,
    )


def _check_budget(budget: int, rounds: int) -> None:
    """PlanError unless the budget gives every round its first session."""
    if budget // BLOCK_MINUTES < rounds * (MIN_SESSION_MINUTES // BLOCK_MINUTES):
        needed = rounds * MIN_SESSION_MINUTES
        raise PlanError(
            "hours",
            f"{format_minutes(budget) if budget else 'Under 5 minutes'} in all is too little to "
            f"give each of the {rounds} rounds time (at least {needed} minutes): "
            "give more hours a week or a later date.",
        )


def _round_minutes(rounds: Sequence[Round], factors: Sequence[float], budget: int) -> list[int]:
    """Each round's minutes: a first session each, the rest by weight × length factor (rule 2)."""
    shares = [round_.weight * factor for round_, factor in zip(rounds, factors)]
    blocks = split_blocks(shares, budget // BLOCK_MINUTES, MIN_SESSION_MINUTES // BLOCK_MINUTES)
    return [count * BLOCK_MINUTES for count in blocks]


def _pour(minutes: Sequence[int], raw_periods: Sequence[tuple[date, date, int]]) -> list[list[tuple[int, int]]]:
    """Each round's minutes, in order, poured into the periods: per round, its (period index, minutes) pieces."""
    pours: list[list[tuple[int, int]]] = [[] for _ in minutes]
    period_index, room = 0, raw_periods[0][2]
    for round_index, round_minutes in enumerate(minutes):
        left = round_minutes
        while left:
            while room == 0:
                period_index += 1
                room = raw_periods[period_index][2]
            poured = min(left, room)
            pours[round_index].append((period_index, poured))
            left -= poured
            room -= poured
    return pours


def _session(
    round_: Round, start: date, end: date, minutes: int, part: int, parts: int, item_ids: list[str]
) -> Session:
    return Session(
        position=round_.position,
        name=round_.name,
        round_type=round_.round_type,
        round_type_label=round_.round_type_label,
        start=start,
        end=end,
        minutes=minutes,
        blocked=round_.family == TAKE_HOME_FAMILY,
        part=part,
        parts=parts,
        item_ids=item_ids,
        same_prep_as=round_.same_prep_as,
    )


def _round_sessions(
    round_: Round, minutes: int, pieces: Sequence[tuple[int, int]], raw_periods: Sequence[tuple[date, date, int]]
) -> tuple[list[Session], list[tuple[int, Session, int]]]:
    """A round's sessions, and where they go: (period index, session, items due by the end of that period).

    A take-home is one window over all its periods (rule 4); other rounds get a session per piece, whose
    items are their slices of the round's time (rule 5)."""
    item_ids = [item.id for item in round_.items]
    if round_.family == TAKE_HOME_FAMILY:
        start, end = raw_periods[pieces[0][0]][0], raw_periods[pieces[-1][0]][1]
        window = _session(round_, start, end, minutes, 1, 1, item_ids)
        last = len(pieces) - 1
        return [window], [(index, window, len(item_ids) if i == last else 0) for i, (index, _) in enumerate(pieces)]
    sessions, placed = [], []
    shares = split_items(item_ids, [poured_minutes for _, poured_minutes in pieces])
    for part, ((index, poured_minutes), (worked, finished)) in enumerate(zip(pieces, shares), start=1):
        start, end = raw_periods[index][0], raw_periods[index][1]
        session = _session(round_, start, end, poured_minutes, part, len(pieces), worked)
        sessions.append(session)
        placed.append((index, session, finished))
    return sessions, placed


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
        start=sessions[0].start,
        due=sessions[-1].end,
    )


def _period_models(
    raw_periods: Sequence[tuple[date, date, int]],
    pours: Sequence[Sequence[tuple[int, int]]],
    period_sessions: Sequence[list[Session]],
    items_due: Sequence[int],
    granularity: Literal["day", "week"],
) -> list[Period]:
    """The periods with their sessions, the minutes they hold and the items expected done by their end."""
    # What each period holds after short pieces moved (a blocked window counts its poured minutes).
    period_minutes = [0] * len(raw_periods)
    for pieces in pours:
        for index, poured_minutes in pieces:
            period_minutes[index] += poured_minutes
    periods = []
    done = 0
    for index, ((start, end, _), in_period) in enumerate(zip(raw_periods, period_sessions)):
        done += items_due[index]
        periods.append(
            Period(
                index=index,
                start=start,
                end=end,
                label=_period_label(start, end, index, granularity),
                minutes=period_minutes[index],
                sessions=in_period,
                expected_done=done,
            )
        )
    return periods
