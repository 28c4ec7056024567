"""The .ics export (ics.py), parsed back with icalendar: pure on a hand-made checklist, then through the view."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar

from datasette_interview_prep.planner.checklist import (
    Checklist,
    ChecklistItem,
    Evidence,
    Round,
    RoundQuestion,
    SourceLink,
    Totals,
)
from datasette_interview_prep.planner.schedule import PlanRequest, build_schedule
from datasette_interview_prep.render.ics import schedule_calendar

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 9, 30, tzinfo=timezone.utc)
PAGE = "https://prep.example/-/prep/acme?date=2027-03-15&hours=6"


def _round(position: int, round_type: str, family: str, minutes: int | None, item_ids: list[str]) -> Round:
    return Round(
        position=position,
        name=f"{round_type.title()} round",
        round_type=round_type,
        round_type_label=round_type,
        family=family,
        is_interview=True,
        duration=None,
        minutes_low=minutes,
        minutes_high=minutes,
        duration_basis=None,
        details=None,
        questions=[],
        what_candidates_report=None,
        weight=2.0,
        items=[
            ChecklistItem(
                id=f"acme-1:{item_id}",
                prep_item_id=item_id,
                round_type=round_type,
                text=f"Practise {item_id}, carefully; then again",
                sources=[SourceLink(url=f"https://source.example/{item_id}", title=item_id)],
            )
            for item_id in item_ids
        ],
        same_prep_as=None,
        evidence=Evidence(scope="company", count=0, platforms={}, latest=None, sources=[], all_companies_count=0),
    )


def _checklist() -> Checklist:
    rounds = [
        _round(1, "coding", "technical", 60, ["lru", "kv-store", "iterators"]),
        _round(2, "take_home", "take_home", 180, ["scope"]),
        _round(3, "system_design", "technical", 60, ["search"]),
    ]
    totals = Totals(
        rounds=3,
        interview_stages=3,
        known_minutes_low=120,
        known_minutes_high=120,
        take_home_minutes_low=180,
        take_home_minutes_high=180,
        time_basis="stated",
        interview_stages_without_duration=0,
        prep_items=5,
    )
    return Checklist(
        kind="company", key="acme-1", title="Prep checklist: Acme", company_name="Acme", rounds=rounds, totals=totals
    )


def _parsed(days: int = 14, hours: float = 6) -> tuple[Calendar, object]:
    checklist = _checklist()
    schedule = build_schedule(
        checklist.rounds, PlanRequest(today=TODAY, interview_date=TODAY + timedelta(days=days), hours=hours)
    )
    return Calendar.from_ical(schedule_calendar(checklist, schedule, NOW, PAGE)), schedule


def _prep_events(calendar: Calendar) -> list:
    return [event for event in calendar.walk("VEVENT") if not str(event["SUMMARY"]).startswith("Interview: ")]


def test_a_plan_by_day_has_one_event_per_session_and_one_on_the_interview_date():
    calendar, schedule = _parsed()
    assert schedule.granularity == "day"
    events = _prep_events(calendar)
    assert len(events) == len(schedule.sessions) > 3
    interview = [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]) == "Interview: Acme"]
    assert len(interview) == 1 and interview[0].decoded("DTSTART") == schedule.interview_date
    assert "1. Coding round (coding)" in str(interview[0]["DESCRIPTION"])
    assert str(calendar["VERSION"]) == "2.0" and "datasette-interview-prep" in str(calendar["PRODID"])
    for event, session in zip(events, schedule.sessions):
        assert event.decoded("DTSTART") == session.start
        assert event.decoded("DTEND") == session.end + timedelta(days=1)  # all-day: DTEND is exclusive
        assert event.decoded("DTSTAMP") == NOW
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_summary_and_description_carry_the_round_its_items_and_their_links():
    calendar, schedule = _parsed()
    first = calendar.walk("VEVENT")[0]
    assert str(first["SUMMARY"]).startswith("Prep Acme: Coding round")
    description = str(first["DESCRIPTION"])
    session = schedule.sessions[0]
    assert session.item_ids
    for item_id in session.item_ids:
        prep_item_id = item_id.split(":", 1)[1]
        assert f"[ ] Practise {prep_item_id}, carefully; then again" in description
        assert f"https://source.example/{prep_item_id}" in description
    assert PAGE in description and str(first["URL"]) == PAGE
    every_item = "".join(str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT"))
    for item in ("lru", "kv-store", "iterators", "scope", "search"):
        assert f"https://source.example/{item}" in every_item


def test_a_take_home_is_one_event_spanning_its_blocked_window():
    calendar, schedule = _parsed(days=14, hours=14)
    windows = [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]).startswith("Take-home window")]
    assert len(windows) == 1
    session = next(session for session in schedule.sessions if session.blocked)
    assert windows[0].decoded("DTEND") - windows[0].decoded("DTSTART") == timedelta(
        days=(session.end - session.start).days + 1
    )
    assert "due by the end of the last day" in str(windows[0]["DESCRIPTION"])


def test_uids_are_unique_and_stable_across_exports():
    first, _ = _parsed()
    again, _ = _parsed()
    uids = [str(event["UID"]) for event in first.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert uids == [str(event["UID"]) for event in again.walk("VEVENT")]
    assert all(uid.startswith("acme-1-") and uid.endswith("@datasette-interview-prep") for uid in uids)


def test_a_plan_by_week_has_one_single_day_event_a_week_listing_its_items():
    """Seven-day all-day events, one per session, covered the whole calendar."""
    calendar, schedule = _parsed(days=35, hours=5)
    assert schedule.granularity == "week"
    events = calendar.walk("VEVENT")
    assert all(event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1) for event in events)
    weeks = [event for event in events if ", week " in str(event["SUMMARY"])]
    assert [event.decoded("DTSTART") for event in weeks] == [period.start for period in schedule.periods]
    for event, period in zip(weeks, schedule.periods):
        for session in period.sessions:
            assert session.name in str(event["SUMMARY"]) and session.name in str(event["DESCRIPTION"])
    due = [event for event in events if str(event["SUMMARY"]).startswith("Take-home due (Acme)")]
    window = next(session for session in schedule.sessions if session.blocked)
    assert len(due) == 1 and due[0].decoded("DTSTART") == window.end
    assert str(events[-1]["SUMMARY"]) == "Interview: Acme"
    assert events[-1].decoded("DTSTART") == schedule.interview_date


def test_the_file_is_crlf_with_folded_lines():
    checklist = _checklist()
    schedule = build_schedule(checklist.rounds, PlanRequest(today=TODAY, interview_date=date(2027, 3, 15), hours=6))
    raw = schedule_calendar(checklist, schedule, NOW, PAGE)
    lines = raw.split(b"\r\n")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in lines)


# --- Through the view ---------------------------------------------------------------------------------


async def test_the_ics_of_a_company_checklist_parses_back(ds):
    response = await ds.client.get("/-/prep/anthropic.ics?weeks=2&hours=6")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert 'filename="anthropic-prep.ics"' in response.headers["content-disposition"]
    calendar = Calendar.from_ical(response.content)
    data = (await ds.client.get("/-/prep/anthropic.json?weeks=2&hours=6")).json()
    events = _prep_events(calendar)
    assert len(events) == len(data["schedule"]["sessions"])
    assert len(calendar.walk("VEVENT")) == len(events) + 1  # and the interview
    assert all(str(event["SUMMARY"]).startswith("Prep Anthropic:") for event in events)
    descriptions = "".join(str(event["DESCRIPTION"]) for event in events)
    for round_ in data["rounds"]:
        for item in round_["items"]:
            assert item["text"] in descriptions
            if item["sources"]:
                assert item["sources"][0]["url"] in descriptions
    assert "http://localhost/-/prep/anthropic?" in descriptions


async def test_the_ics_needs_a_plan_and_reports_a_bad_one(ds):
    missing = await ds.client.get("/-/prep/anthropic.ics")
    assert missing.status_code == 400 and "date=YYYY-MM-DD" in missing.text
    past = await ds.client.get("/-/prep/anthropic.ics?date=2001-01-01&hours=5")
    assert past.status_code == 400 and "in the past" in past.text
    custom = await ds.client.get("/-/prep?rounds=coding,take_home&weeks=3&hours=5&format=ics")
    assert custom.status_code == 200 and len(Calendar.from_ical(custom.content).walk("VEVENT")) >= 2
    posthog = Calendar.from_ical((await ds.client.get("/-/prep/posthog.ics?weeks=4&hours=5")).content)
    trial = [str(event["SUMMARY"]) for event in posthog.walk("VEVENT") if "Work trial" in str(event["SUMMARY"])]
    assert len(trial) == 1 and trial[0].startswith("Work trial due (PostHog): ")


def test_a_crash_plan_has_events_for_the_companys_questions_and_the_mock_slot():
    checklist = _checklist()
    asked = RoundQuestion(
        id="acme-1:q:kv",
        question_id="kv",
        round_type=checklist.rounds[0].round_type,
        question="Design a key-value store with expiry",
        topic_label="Storage",
        encounters=2,
        companies=["Acme"],
        sources=[],
    )
    rounds = [checklist.rounds[0].model_copy(update={"asked_here": [asked]}), *checklist.rounds[1:]]
    checklist = checklist.model_copy(update={"rounds": rounds})
    plan = PlanRequest(today=TODAY, interview_date=TODAY + timedelta(days=2), hours=4, per="total")
    schedule = build_schedule(checklist.rounds, plan)
    calendar = Calendar.from_ical(schedule_calendar(checklist, schedule, NOW, PAGE))
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    questions = next(event for uid, event in events.items() if uid.startswith("acme-1-questions-20270301-p1@"))
    assert str(questions["SUMMARY"]).startswith("Prep Acme: The company's own questions")
    assert "[ ] Design a key-value store with expiry" in str(questions["DESCRIPTION"])
    mock = next(event for uid, event in events.items() if uid.startswith("acme-1-mock-"))
    assert mock.decoded("DTSTART") == TODAY + timedelta(days=1)  # the last prep day
    assert "out loud" in str(mock["DESCRIPTION"]) and "Design a key-value store" in str(mock["DESCRIPTION"])
