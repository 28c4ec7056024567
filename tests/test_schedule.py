"""The schedule rule (schedule.py), on hand-made rounds and a fixed 'today'."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datasette_interview_prep.core.rounds import ROUND_TYPES_BY_SLUG
from datasette_interview_prep.planner.checklist import ChecklistItem, Evidence, Round
from datasette_interview_prep.planner.schedule import (
    BLOCK_MINUTES,
    MIN_SESSION_MINUTES,
    PlanError,
    PlanRequest,
    budget_minutes,
    build_schedule,
    length_factor,
    parse_plan,
    split_blocks,
    split_items,
)

TODAY = date(2027, 1, 4)  # a Monday
WEIGHTS = {
    "recruiter_screen": 0.5,
    "coding": 3.0,
    "hiring_manager": 1.0,
    "take_home": 2.0,
    "panel": 2.0,
    "system_design": 3.0,
    "offer": 0.2,
}


def _round(
    position: int, round_type: str, minutes: int | None = None, items: int = 3, same_prep_as: int | None = None
) -> Round:
    kind = ROUND_TYPES_BY_SLUG[round_type]
    return Round(
        position=position,
        name=f"Round {position}",
        round_type=round_type,
        round_type_label=kind.label,
        family=kind.family,
        is_interview=kind.is_interview,
        duration=None,
        minutes_low=minutes,
        minutes_high=minutes,
        duration_basis="stated" if minutes else None,
        details=None,
        questions=[],
        what_candidates_report=None,
        weight=WEIGHTS[round_type],
        same_prep_as=same_prep_as,
        items=[]
        if same_prep_as
        else [
            ChecklistItem(
                id=f"acme-1:{round_type}-{i}",
                prep_item_id=f"{round_type}-{i}",
                round_type=round_type,
                text=f"Item {i}",
                sources=[],
            )
            for i in range(items)
        ],
        evidence=Evidence(scope="company", count=0, platforms={}, latest=None, sources=[], all_companies_count=0),
    )


LOOP = [
    _round(1, "recruiter_screen", 30),
    _round(2, "coding", 90, items=5),
    _round(3, "take_home", 180, items=2),
    _round(4, "hiring_manager", 60),
    _round(5, "panel", 240, items=4),
]


def _plan(days: int, hours: float) -> PlanRequest:
    return PlanRequest(today=TODAY, interview_date=TODAY + timedelta(days=days), hours_per_week=hours)


# --- The split ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("days, hours", [(1, 14), (2, 7), (10, 6), (20, 10), (21, 10), (40, 4.5), (365, 80)])
def test_minutes_add_up_to_the_budget_and_every_round_gets_time(days, hours):
    schedule = build_schedule(LOOP, _plan(days, hours))
    assert schedule.budget_minutes == budget_minutes(hours, days) > 0
    assert sum(a.minutes for a in schedule.allocations) == schedule.budget_minutes
    assert sum(s.minutes for s in schedule.sessions) == schedule.budget_minutes
    assert sum(p.minutes for p in schedule.periods) == schedule.budget_minutes
    assert all(a.minutes >= MIN_SESSION_MINUTES and a.minutes % BLOCK_MINUTES == 0 for a in schedule.allocations)
    assert all(s.minutes >= MIN_SESSION_MINUTES for s in schedule.sessions)
    assert [a.position for a in schedule.allocations] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("days", [1, 2, 3, 5, 8, 13, 20, 21, 30, 60])
@pytest.mark.parametrize("hours", [1.5, 2, 3.5, 6, 10, 25])
def test_no_session_is_shorter_than_15_minutes(days, hours):
    """A daily plan once had "Refactoring (1/3) · 5 min": the end of one day's share."""
    try:
        schedule = build_schedule(LOOP, _plan(days, hours))
    except PlanError:
        assert budget_minutes(hours, days) < MIN_SESSION_MINUTES * len(LOOP)
        return
    assert min(s.minutes for s in schedule.sessions) >= MIN_SESSION_MINUTES
    for round_ in LOOP:  # each round keeps its minutes, only their days move
        sessions = [s for s in schedule.sessions if s.position == round_.position]
        allocation = next(a for a in schedule.allocations if a.position == round_.position)
        assert sum(s.minutes for s in sessions) == allocation.minutes


def test_budget_is_hours_a_week_times_the_days_over_seven_in_5_minute_blocks():
    assert budget_minutes(7, 1) == 60
    assert budget_minutes(6, 14) == 720
    assert budget_minutes(1, 1) == 5  # 8.57 minutes -> one block
    assert budget_minutes(0.5, 1) == 0


def test_time_follows_weight_times_length():
    schedule = build_schedule(LOOP, _plan(14, 10))
    by_type = {a.round_type: a for a in schedule.allocations}
    # coding: 3 x 1.5 = 4.5; panel: 2 x 2 = 4; take-home: 2 x 2 = 4; manager: 1 x 1; recruiter: 0.5 x 0.5
    assert by_type["coding"].minutes > by_type["take_home"].minutes
    # Equal shares: the one block a remainder can tip goes to the earlier round.
    assert by_type["take_home"].minutes - by_type["panel"].minutes in (0, BLOCK_MINUTES)
    assert by_type["panel"].minutes > by_type["hiring_manager"].minutes > by_type["recruiter_screen"].minutes
    assert by_type["take_home"].length_factor == 2.0 and by_type["recruiter_screen"].length_factor == 0.5


def test_length_factor_is_kept_within_bounds_and_is_1_when_unknown():
    assert length_factor(_round(1, "coding")) == 1.0
    assert length_factor(_round(1, "coding", 15)) == 0.5
    assert length_factor(_round(1, "panel", 480)) == 2.0
    assert length_factor(_round(1, "take_home")) == 2.0  # a take-home is days of work, stated or not


def test_split_blocks_gives_one_each_then_largest_remainder_with_ties_to_the_earlier_round():
    assert split_blocks([1, 1, 1], 3) == [1, 1, 1]
    assert split_blocks([1, 1], 5) == [3, 2]
    assert split_blocks([3, 1], 10) == [7, 3]
    with pytest.raises(ValueError):
        split_blocks([1, 1, 1], 2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0.05, max_value=10), min_size=1, max_size=12), st.integers(0, 500))
def test_split_blocks_always_sums_and_never_leaves_a_round_out(shares, extra):
    blocks = len(shares) + extra
    result = split_blocks(shares, blocks)
    assert sum(result) == blocks and min(result) >= 1


# --- Order and layout ---------------------------------------------------------------------------------


def test_earlier_rounds_are_prepared_first():
    schedule = build_schedule(LOOP, _plan(14, 8))
    starts = [(s.start, s.position) for s in schedule.sessions]
    assert starts == sorted(starts)
    for earlier, later in zip(schedule.allocations, schedule.allocations[1:]):
        assert earlier.due <= later.start
    assert schedule.allocations[0].start == TODAY
    assert schedule.allocations[-1].due == TODAY + timedelta(days=13)  # the day before the interview


def test_by_day_under_three_weeks_and_by_week_from_three():
    by_day = build_schedule(LOOP, _plan(20, 6))
    assert by_day.granularity == "day" and len(by_day.periods) == 20
    assert by_day.periods[0].label == "Mon 4 Jan" and by_day.periods[0].start == by_day.periods[0].end
    by_week = build_schedule(LOOP, _plan(24, 6))
    assert by_week.granularity == "week" and len(by_week.periods) == 4  # 7 + 7 + 7 + 3 days
    assert by_week.periods[0].label == "Week 1 · 4 Jan – 10 Jan"
    assert (by_week.periods[-1].start, by_week.periods[-1].end) == (date(2027, 1, 25), date(2027, 1, 27))
    # A short last week gets a share of the budget in proportion to its days.
    assert by_week.periods[-1].minutes < by_week.periods[0].minutes


def test_days_share_the_budget_evenly():
    schedule = build_schedule(LOOP, _plan(14, 6))
    minutes = [period.minutes for period in schedule.periods]
    # Equal shares, but for the short pieces that join a round's session on the day before or after.
    assert max(minutes) - min(minutes) <= BLOCK_MINUTES + 2 * (MIN_SESSION_MINUTES - BLOCK_MINUTES)
    assert all(minute % BLOCK_MINUTES == 0 for minute in minutes)


def test_a_take_home_gets_one_blocked_window_ending_at_its_due_point():
    schedule = build_schedule(LOOP, _plan(14, 12))
    windows = [s for s in schedule.sessions if s.round_type == "take_home"]
    assert len(windows) == 1 and windows[0].blocked and windows[0].end > windows[0].start
    allocation = next(a for a in schedule.allocations if a.round_type == "take_home")
    assert allocation.blocked and allocation.due == windows[0].end and allocation.minutes == windows[0].minutes
    assert set(windows[0].item_ids) == {item.id for item in LOOP[2].items}
    spanned = [p for p in schedule.periods if windows[0] in p.sessions]
    assert [p.start for p in spanned] == [windows[0].start + timedelta(days=i) for i in range(len(spanned))]
    # Other rounds are split by day.
    coding = [s for s in schedule.sessions if s.round_type == "coding"]
    assert len(coding) > 1 and all(s.start == s.end and not s.blocked for s in coding)


def test_items_are_shared_out_over_a_rounds_sessions_and_the_pace_reaches_every_item():
    schedule = build_schedule(LOOP, _plan(14, 6))
    coding = [s for s in schedule.sessions if s.round_type == "coding"]
    assert all(s.item_ids for s in coding)
    assert list(dict.fromkeys(item for s in coding for item in s.item_ids)) == [item.id for item in LOOP[1].items]
    expected = [p.expected_done for p in schedule.periods]
    assert expected == sorted(expected) and expected[-1] == schedule.total_items == 17
    assert split_items(["a", "b", "c", "d"], [10, 10]) == [(["a", "b"], 2), (["c", "d"], 2)]
    # One item over three sessions: worked on in each, done at the end of the last.
    assert split_items(["a"], [10, 10, 10]) == [(["a"], 0), (["a"], 0), (["a"], 1)]
    # Three items over two equal sessions: the middle one runs over both.
    assert split_items(["a", "b", "c"], [10, 10]) == [(["a", "b"], 1), (["b", "c"], 2)]
    assert split_items([], [10]) == [([], 0)]


def test_a_repeated_round_type_gets_time_but_no_items_of_its_own():
    loop = [_round(1, "coding", 60), _round(2, "coding", 60, same_prep_as=1)]
    schedule = build_schedule(loop, _plan(7, 7))
    second = [s for s in schedule.sessions if s.position == 2]
    assert second and all(s.same_prep_as == 1 and s.item_ids == [] for s in second)
    assert schedule.allocations[1].minutes == schedule.allocations[0].minutes


# --- Edge cases ---------------------------------------------------------------------------------------


def test_interview_tomorrow_is_one_day_of_prep():
    schedule = build_schedule(LOOP, _plan(1, 14))
    assert len(schedule.periods) == 1 and schedule.periods[0].start == TODAY
    assert schedule.budget_minutes == 120 and schedule.periods[0].expected_done == schedule.total_items
    assert {s.start for s in schedule.sessions} == {TODAY}


def test_15_minutes_a_round_in_all_still_gives_every_round_time():
    schedule = build_schedule(LOOP, _plan(7, 1.25))
    assert schedule.budget_minutes == 75
    assert [a.minutes for a in schedule.allocations] == [15] * 5
    with pytest.raises(PlanError) as error:
        build_schedule(LOOP, _plan(7, 1))  # an hour for five rounds: 12 minutes each is no session
    assert "at least 75 minutes" in error.value.message


def test_too_little_time_for_every_round_is_a_plan_error():
    with pytest.raises(PlanError) as error:
        build_schedule(LOOP, _plan(1, 1))  # 5 minutes for 5 rounds
    assert error.value.field == "hours" and "too little" in error.value.message


def test_a_checklist_without_rounds_cannot_be_planned():
    with pytest.raises(PlanError):
        build_schedule([], _plan(7, 5))


# --- Parameters ---------------------------------------------------------------------------------------


def test_parse_plan_reads_a_date_or_weeks():
    assert parse_plan({}, TODAY) is None
    assert parse_plan({"date": " ", "hours": ""}, TODAY) is None
    plan = parse_plan({"date": "2027-01-18", "hours": "7.5"}, TODAY)
    assert plan.interview_date == date(2027, 1, 18) and plan.hours_per_week == 7.5 and plan.days == 14
    weekly = parse_plan({"weeks": "3", "hours": "6"}, TODAY)
    assert weekly.interview_date == date(2027, 1, 25) and weekly.weeks == 3 and weekly.days == 21
    assert parse_plan({"date": "2027-01-05", "hours": "1"}, TODAY).days == 1  # tomorrow


@pytest.mark.parametrize(
    "args, field, fragment",
    [
        ({"date": "2027-01-18", "hours": "0"}, "hours", "more than 0"),
        ({"date": "2027-01-18", "hours": "-3"}, "hours", "more than 0"),
        ({"date": "2027-01-18", "hours": "lots"}, "hours", "a number"),
        ({"date": "2027-01-18", "hours": "nan"}, "hours", "more than 0"),
        ({"date": "2027-01-18", "hours": "inf"}, "hours", "more than 0"),
        ({"date": "2027-01-18", "hours": "1000"}, "hours", "80 hours"),
        ({"date": "2027-01-18"}, "hours", "How many hours"),
        ({"date": "2027-01-04", "hours": "5"}, "date", "today or in the past"),
        ({"date": "2026-12-25", "hours": "5"}, "date", "today or in the past"),
        ({"date": "2031-01-01", "hours": "5"}, "date", "more than 365 days"),
        ({"date": "18/01/2027", "hours": "5"}, "date", "YYYY-MM-DD"),
        ({"date": "2027-02-30", "hours": "5"}, "date", "YYYY-MM-DD"),
        ({"hours": "5"}, "date", "When is the interview"),
        ({"weeks": "0", "hours": "5"}, "weeks", "between 1 and 52"),
        ({"weeks": "53", "hours": "5"}, "weeks", "between 1 and 52"),
        ({"weeks": "2.5", "hours": "5"}, "weeks", "whole number"),
        ({"weeks": "2", "date": "2027-01-18", "hours": "5"}, "weeks", "not both"),
    ],
)
def test_bad_parameters_are_plan_errors_naming_the_field(args, field, fragment):
    with pytest.raises(PlanError) as error:
        parse_plan(args, TODAY)
    assert error.value.field == field and fragment in error.value.message
