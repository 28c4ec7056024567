"""The schedule rule (schedule.py), on hand-made rounds and a fixed 'today'."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datasette_interview_prep.core.rounds import ROUND_TYPES_BY_SLUG
from datasette_interview_prep.planner.checklist import ChecklistItem, Evidence, Round
from datasette_interview_prep.planner.checklist_model import RoundQuestion
from datasette_interview_prep.planner.schedule import (
    BEHAVIORAL_FAMILIES,
    BLOCK_MINUTES,
    CRASH_DAYS,
    MIN_SESSION_MINUTES,
    MOCK_MAX_MINUTES,
    PlanError,
    PlanRequest,
    budget_minutes,
    build_schedule,
    interleave,
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
    "behavioral": 1.0,
}


def _question(round_type: str, index: int, encounters: int = 1) -> RoundQuestion:
    return RoundQuestion(
        id=f"acme-1:q:{round_type}-{index}",
        question_id=f"{round_type}-{index}",
        round_type=round_type,
        question=f"Question {index} of {round_type}?",
        topic_label="Topic",
        encounters=encounters,
        companies=["Acme"],
        sources=[],
    )


def _round(
    position: int,
    round_type: str,
    minutes: int | None = None,
    items: int = 3,
    same_prep_as: int | None = None,
    asked: int = 0,
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
        asked_here=[_question(round_type, i, encounters=i + 1) for i in range(asked)],
    )


LOOP = [
    _round(1, "recruiter_screen", 30),
    _round(2, "coding", 90, items=5),
    _round(3, "take_home", 180, items=2),
    _round(4, "hiring_manager", 60),
    _round(5, "panel", 240, items=4),
]


def _plan(days: int, hours: float, per: str = "week") -> PlanRequest:
    return PlanRequest(today=TODAY, interview_date=TODAY + timedelta(days=days), hours=hours, per=per)


def _owned(schedule, position):
    return [s for s in schedule.sessions if s.kind == "round" and s.position == position]


# --- The split ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("days, hours", [(1, 14), (2, 7), (10, 6), (20, 10), (21, 10), (40, 4.5), (365, 80)])
def test_minutes_add_up_to_the_budget_and_every_round_gets_time(days, hours):
    schedule = build_schedule(LOOP, _plan(days, hours))
    assert schedule.budget_minutes == budget_minutes(hours, days) > 0
    planned = sum(a.minutes for a in schedule.allocations)
    assert planned + schedule.mock_minutes + schedule.questions_minutes == schedule.budget_minutes
    assert sum(s.minutes for s in schedule.sessions) == schedule.budget_minutes
    assert sum(p.minutes for p in schedule.periods) == schedule.budget_minutes
    assert all(a.minutes >= MIN_SESSION_MINUTES and a.minutes % BLOCK_MINUTES == 0 for a in schedule.allocations)
    assert all(s.minutes >= MIN_SESSION_MINUTES for s in schedule.sessions)
    if days > CRASH_DAYS:  # a full plan: every round, in the loop's order
        assert schedule.mode == "full" and [a.position for a in schedule.allocations] == [1, 2, 3, 4, 5]
    else:
        assert schedule.mode == "crash"
        assert sorted([a.position for a in schedule.allocations] + schedule.not_planned) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("days", [1, 2, 3, 5, 8, 13, 20, 21, 30, 60])
@pytest.mark.parametrize("hours", [1.5, 2, 3.5, 6, 10, 25])
def test_no_session_is_shorter_than_15_minutes(days, hours):
    """A daily plan once had "Refactoring (1/3) · 5 min": the end of one day's share."""
    try:
        schedule = build_schedule(LOOP, _plan(days, hours))
    except PlanError:
        assert budget_minutes(hours, days) < MIN_SESSION_MINUTES
        return
    assert min(s.minutes for s in schedule.sessions) >= MIN_SESSION_MINUTES
    for allocation in schedule.allocations:  # each round keeps its minutes, only their days move
        assert sum(s.minutes for s in _owned(schedule, allocation.position)) == allocation.minutes


def test_budget_is_hours_a_week_times_the_days_over_seven_in_5_minute_blocks():
    assert budget_minutes(7, 1) == 60
    assert budget_minutes(6, 14) == 720
    assert budget_minutes(1, 1) == 5  # 8.57 minutes -> one block
    assert budget_minutes(0.5, 1) == 0
    # per=total: the hours are the budget, whatever the days.
    assert budget_minutes(8, 1, "total") == budget_minutes(8, 30, "total") == 480
    assert budget_minutes(0.3, 3, "total") == 15


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
    # Behavioral rounds (here the hiring manager's) are spread through the plan instead (rule 5).
    technical = [a for a in schedule.allocations if LOOP[a.position - 1].family not in BEHAVIORAL_FAMILIES]
    assert [a.position for a in technical] == [1, 2, 3, 5]
    for earlier, later in itertools.pairwise(technical):
        assert earlier.due <= later.start
    assert schedule.allocations[0].start == TODAY
    assert technical[-1].due <= TODAY + timedelta(days=13)  # the day before the interview
    assert schedule.sessions[-1].kind == "mock" and schedule.sessions[-1].end == TODAY + timedelta(days=13)


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
    # Its items count done over the window's days, not all on its last one.
    before = next(p.expected_done for p in reversed(schedule.periods) if p.end < windows[0].start)
    assert [p.expected_done for p in spanned] == sorted(p.expected_done for p in spanned)
    assert spanned[-2].expected_done > max(before, spanned[0].expected_done - 1)
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
    # "Done by its end" moves day by day: never three days in a row without an item done, before the mock.
    before_mock = [p.expected_done for p in schedule.periods if not any(s.kind == "mock" for s in p.sessions)]
    assert all(len(set(before_mock[i : i + 3])) > 1 for i in range(len(before_mock) - 2))
    assert split_items(["a", "b", "c", "d"], [10, 10]) == [(["a", "b"], 2), (["c", "d"], 2)]
    # One item over three sessions: worked on in each, done at the end of the last.
    assert split_items(["a"], [10, 10, 10]) == [(["a"], 0), (["a"], 0), (["a"], 1)]
    # Three items over two equal sessions: the middle one runs over both.
    assert split_items(["a", "b", "c"], [10, 10]) == [(["a", "b"], 1), (["b", "c"], 2)]
    assert split_items([], [10]) == [([], 0)]


def test_a_repeated_round_type_gets_time_that_joins_the_first_rounds_sessions():
    loop = [_round(1, "coding", 60), _round(2, "system_design", 60), _round(3, "coding", 60, same_prep_as=1)]
    schedule = build_schedule(loop, _plan(7, 7))
    assert _owned(schedule, 3) == []  # no sessions of its own: it shares round 1's prep
    first = _owned(schedule, 1)
    assert first and all(s.also_for == [3] for s in first)
    by_position = {a.position: a for a in schedule.allocations}
    assert abs(by_position[3].minutes - by_position[1].minutes) <= BLOCK_MINUTES
    assert sum(s.minutes for s in first) == by_position[1].minutes + by_position[3].minutes
    assert (by_position[3].start, by_position[3].due) == (by_position[1].start, by_position[1].due)
    # So round 1's items are spread over both rounds' time: done by its end moves every day of it.
    days = [p.expected_done for p in schedule.periods if any(s.position == 1 for s in p.sessions)]
    assert len(days) > 1 and days == sorted(set(days))


# --- Edge cases ---------------------------------------------------------------------------------------


def test_interview_tomorrow_is_one_day_of_prep():
    schedule = build_schedule(LOOP, _plan(1, 14))
    assert len(schedule.periods) == 1 and schedule.periods[0].start == TODAY
    assert schedule.budget_minutes == 120 and schedule.mode == "crash"
    assert {s.start for s in schedule.sessions} == {TODAY}
    assert schedule.periods[0].expected_done == sum(a.items for a in schedule.allocations)


def test_too_little_time_for_every_round_is_a_crash_plan_of_the_weightiest_rounds():
    schedule = build_schedule(LOOP, _plan(7, 1.25))  # 75 minutes, a week out
    assert schedule.mode == "crash" and schedule.mock_minutes == MIN_SESSION_MINUTES
    # 60 minutes after the mock: four 15-minute rounds, by weight x length (coding 4.5, take-home and
    # panel 4, hiring manager 1); the recruiter screen (0.25) has no time left.
    assert [a.position for a in schedule.allocations] == [2, 3, 4, 5] and schedule.not_planned == [1]
    assert [a.minutes for a in schedule.allocations] == [15, 15, 15, 15]


def test_under_15_minutes_in_all_is_a_plan_error():
    with pytest.raises(PlanError) as error:
        build_schedule(LOOP, _plan(1, 1))  # 5 minutes
    assert error.value.field == "hours" and "less than one 15-minute session" in error.value.message
    # 15 minutes are one session: the mock slot, which lists the questions to rehearse.
    schedule = build_schedule(LOOP, _plan(1, 0.25, "total"))
    assert [s.kind for s in schedule.sessions] == ["mock"] and schedule.not_planned == [1, 2, 3, 4, 5]


# --- Crash plans, the mock slot, behavioral prep, what to do ------------------------------------------

CRASH_LOOP = [
    _round(1, "recruiter_screen", 30),
    _round(2, "coding", 60, items=4, asked=3),
    _round(3, "system_design", 60, items=4, asked=2),
    _round(4, "behavioral", 45, items=3, asked=1),
]


@pytest.mark.parametrize("days", [1, 2, 3])
def test_crash_plans_put_the_companys_own_questions_first_and_end_with_a_mock(days):
    schedule = build_schedule(CRASH_LOOP, _plan(days, 6, "total"))
    assert schedule.mode == "crash" and schedule.budget_minutes == 360
    first, last = schedule.sessions[0], schedule.sessions[-1]
    assert first.kind == "questions" and first.start == TODAY
    # The most-reported own questions first (6 questions x 10 minutes fit under 40% of what is left).
    assert first.question_ids[:2] == ["acme-1:q:coding-2", "acme-1:q:coding-1"]
    assert len(first.question_ids) == 6 and schedule.questions_minutes == 60
    assert last.kind == "mock" and last.end == TODAY + timedelta(days=days - 1)
    assert last.question_ids == first.question_ids[:5]  # rehearsed out loud
    # Then the rounds by priority (coding and design weigh 3, behavioral 1, the screen 0.5).
    technical = [s.position for s in schedule.sessions if s.kind == "round" and s.round_type != "behavioral"]
    assert list(dict.fromkeys(technical)) == [2, 3, 1]
    assert schedule.not_planned == [] and not any(
        set(s.question_ids) & set(first.question_ids) for s in schedule.sessions[1:-1]
    )
    assert schedule.periods[-1].expected_done == schedule.total_items == 14


def test_four_days_out_is_a_full_plan_with_each_rounds_questions_in_its_sessions():
    schedule = build_schedule(CRASH_LOOP, _plan(4, 6, "total"))
    assert schedule.mode == "full" and schedule.questions_minutes == 0
    assert [s.kind for s in schedule.sessions].count("questions") == 0
    coding = _owned(schedule, 2)
    listed = list(dict.fromkeys(q for s in coding for q in s.question_ids))
    assert listed[:3] == ["acme-1:q:coding-0", "acme-1:q:coding-1", "acme-1:q:coding-2"]
    assert coding[0].question_ids and coding[0].item_ids  # the company's questions and the items, mixed


@pytest.mark.parametrize("days", [1, 2, 3, 4, 6, 10, 20, 21, 35, 90])
@pytest.mark.parametrize("hours", [0.5, 2, 6, 20])
@pytest.mark.parametrize("per", ["week", "total"])
def test_every_plan_ends_with_a_mock_slot_on_its_last_day(days, hours, per):
    try:
        schedule = build_schedule(CRASH_LOOP, _plan(days, hours, per))
    except PlanError:
        assert budget_minutes(hours, days, per) < MIN_SESSION_MINUTES
        return
    mocks = [s for s in schedule.sessions if s.kind == "mock"]
    assert mocks and mocks[-1] is schedule.sessions[-1] and mocks[-1].end == TODAY + timedelta(days=days - 1)
    assert MIN_SESSION_MINUTES <= schedule.mock_minutes == sum(s.minutes for s in mocks)
    assert schedule.mock_minutes <= MOCK_MAX_MINUTES or not schedule.allocations
    assert min(s.minutes for s in schedule.sessions) >= MIN_SESSION_MINUTES
    total = sum(a.minutes for a in schedule.allocations) + schedule.mock_minutes + schedule.questions_minutes
    assert total == schedule.budget_minutes == sum(s.minutes for s in schedule.sessions)


def test_behavioral_prep_is_spread_through_the_plan_not_left_to_the_last_days():
    loop = [*CRASH_LOOP[:3], _round(4, "coding", 60, items=6), _round(5, "behavioral", 60, items=4)]
    schedule = build_schedule(loop, _plan(14, 10))
    behavioral = _owned(schedule, 5)
    assert len(behavioral) >= 3
    days = [(s.start - TODAY).days for s in behavioral]
    assert days[0] < 14 / 3 and days[-1] > 14 / 2  # in the first third, and still in the second half
    assert all(s.minutes >= MIN_SESSION_MINUTES for s in behavioral)
    # Its items still come in order over its sessions.
    listed = list(dict.fromkeys(item for s in behavioral for item in s.item_ids))
    assert listed == [item.id for item in loop[4].items]


def test_each_session_lists_its_items_and_questions():
    schedule = build_schedule(CRASH_LOOP, _plan(10, 6))
    for allocation in schedule.allocations:
        round_ = CRASH_LOOP[allocation.position - 1]
        sessions = _owned(schedule, allocation.position)
        assert all(s.item_ids or s.question_ids for s in sessions)
        listed = list(dict.fromkeys(t for s in sessions for t in s.question_ids + s.item_ids))
        assert set(listed) == {q.id for q in round_.asked_here} | {i.id for i in round_.items}


def test_a_checklist_without_rounds_cannot_be_planned():
    with pytest.raises(PlanError):
        build_schedule([], _plan(7, 5))


# --- Parameters ---------------------------------------------------------------------------------------


def test_parse_plan_reads_a_date_or_weeks():
    assert parse_plan({}, TODAY) is None
    assert parse_plan({"date": " ", "hours": ""}, TODAY) is None
    plan = parse_plan({"date": "2027-01-18", "hours": "7.5"}, TODAY)
    assert plan.interview_date == date(2027, 1, 18) and plan.hours == 7.5 and plan.days == 14 and plan.per == "week"
    total = parse_plan({"date": "2027-01-05", "hours": "8", "per": "total"}, TODAY)
    assert (total.per, total.hours, total.days) == ("total", 8, 1)
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
        ({"date": "2027-01-18", "hours": "5", "per": "month"}, "per", "week or total"),
        ({"date": "2027-01-05", "hours": "17", "per": "total"}, "hours", "16 hours a day"),
        ({"date": "2027-01-18", "per": "total"}, "hours", "in all"),
    ],
)
def test_bad_parameters_are_plan_errors_naming_the_field(args, field, fragment):
    with pytest.raises(PlanError) as error:
        parse_plan(args, TODAY)
    assert error.value.field == field and fragment in error.value.message


ROUND_KINDS = [
    ("recruiter_screen", 30, 0),
    ("coding", 60, 2),
    ("system_design", 60, 1),
    ("behavioral", 45, 1),
    ("take_home", 180, 0),
    ("hiring_manager", 60, 0),
    ("panel", 240, 0),
]


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 60),
    st.floats(min_value=0.25, max_value=40),
    st.sampled_from(["week", "total"]),
    st.lists(st.integers(0, len(ROUND_KINDS) - 1), min_size=1, max_size=len(ROUND_KINDS), unique=True),
)
def test_any_plan_adds_up_keeps_sessions_whole_and_ends_with_the_mock(days, hours, per, kinds):
    loop = [
        _round(position, ROUND_KINDS[kind][0], ROUND_KINDS[kind][1], asked=ROUND_KINDS[kind][2])
        for position, kind in enumerate(kinds, start=1)
    ]
    try:
        schedule = build_schedule(loop, _plan(days, hours, per))
    except PlanError:
        assert budget_minutes(hours, days, per) < MIN_SESSION_MINUTES
        return
    assert schedule.mode == ("crash" if days <= CRASH_DAYS else schedule.mode)
    planned = sum(a.minutes for a in schedule.allocations) + schedule.mock_minutes + schedule.questions_minutes
    assert planned == schedule.budget_minutes == sum(s.minutes for s in schedule.sessions)
    assert sum(p.minutes for p in schedule.periods) == schedule.budget_minutes
    assert min(s.minutes for s in schedule.sessions) >= MIN_SESSION_MINUTES
    assert schedule.sessions[-1].kind == "mock" and schedule.sessions[-1].end == TODAY + timedelta(days=days - 1)
    assert sorted([a.position for a in schedule.allocations] + schedule.not_planned) == list(range(1, len(loop) + 1))
    expected = [p.expected_done for p in schedule.periods]
    assert expected == sorted(expected)
    assert expected[-1] == sum(a.items for a in schedule.allocations)


def test_interleave_mixes_the_companys_questions_and_the_items_evenly_each_in_order():
    assert interleave(["q1", "q2"], ["i1", "i2", "i3", "i4"]) == ["i1", "q1", "i2", "i3", "q2", "i4"]
    assert interleave(["q1", "q2", "q3"], ["i1"]) == ["q1", "q2", "i1", "q3"]
    assert interleave([], ["i1"]) == ["i1"] and interleave(["q1"], []) == ["q1"]


def test_a_crash_plan_does_not_call_a_second_round_of_a_planned_type_unplanned():
    loop = [_round(1, "coding", 60), _round(2, "recruiter_screen", 30), _round(3, "coding", 60, same_prep_as=1)]
    schedule = build_schedule(loop, _plan(1, 0.5, "total"))  # 30 minutes: the mock and one round
    assert schedule.mode == "crash" and [a.position for a in schedule.allocations] == [1]
    assert schedule.not_planned == [2]  # round 3 is prepared with round 1


def test_a_plan_request_still_takes_hours_per_week():
    old = PlanRequest(today=TODAY, interview_date=TODAY + timedelta(days=7), hours_per_week=7)
    assert (old.hours, old.per) == (7, "week")
