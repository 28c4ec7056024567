"""A prep schedule as an iCalendar file (`.ics`), built with the `icalendar` library.

One VEVENT per scheduled session. The events are all-day (a plan says which
day or week to spend the time, not at what hour: the candidate knows their free
hours, the server does not) and transparent, so they never mark the calendar busy.
A session of a day is a one-day event; one of a week, or a take-home's blocked
window, spans its days (DTEND is the day after the last, as RFC 5545 wants).

UIDs are stable: `<checklist key>-r<round>-<first day>-p<part>@datasette-interview-prep`,
so importing the same plan again updates the events instead of duplicating
them. DTSTAMP is the time of the export (passed in, so tests are repeatable).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from datasette_interview_prep.core.durations import format_minutes
from datasette_interview_prep.planner.checklist import Checklist, ChecklistItem
from datasette_interview_prep.planner.schedule import Schedule, Session

PRODID = "-//datasette-interview-prep//prep planner//EN"
UID_DOMAIN = "datasette-interview-prep"
MAX_LINKS_PER_ITEM = 3
WINDOW_NAMES = {"take_home": "Take-home", "work_trial": "Work trial"}


def _items_by_id(checklist: Checklist) -> dict[str, ChecklistItem]:
    return {item.id: item for round_ in checklist.rounds for item in round_.items}


def event_uid(checklist: Checklist, session: Session) -> str:
    return f"{checklist.key}-r{session.position}-{session.start:%Y%m%d}-p{session.part}@{UID_DOMAIN}"


def session_summary(checklist: Checklist, session: Session) -> str:
    who = checklist.company_name or "your loop"
    if session.blocked:
        return f"{WINDOW_NAMES.get(session.round_type, 'Blocked')} window ({who}): {session.name}"
    part = f" ({session.part}/{session.parts})" if session.parts > 1 else ""
    return f"Prep {who}: {session.name}{part} · {format_minutes(session.minutes)}"


def session_description(checklist: Checklist, session: Session, page_url: str | None) -> str:
    items = _items_by_id(checklist)
    lines = [
        f"Round {session.position}: {session.name} ({session.round_type_label})",
        f"Time: {format_minutes(session.minutes)}" + (" in this window" if session.blocked else ""),
        "",
    ]
    if session.blocked:
        lines += [
            (
                f"Blocked window for the {session.round_type_label.lower()}: keep this time for it alone; "
                "it is due by the end of the last day."
            ),
            "",
        ]
    if session.same_prep_as:
        lines += [f"A second round of this type: go over round {session.same_prep_as}'s prep again.", ""]
    if session.item_ids:
        lines.append("Checklist:")
        for item_id in session.item_ids:
            item = items[item_id]
            lines.append(f"[ ] {item.text}")
            lines += [f"    {source.url}" for source in item.sources[:MAX_LINKS_PER_ITEM]]
        lines.append("")
    if page_url:
        lines.append(f"Checklist online: {page_url}")
    return "\n".join(lines).rstrip()


def schedule_calendar(checklist: Checklist, schedule: Schedule, now: datetime, page_url: str | None = None) -> bytes:
    """The schedule's sessions as an iCalendar document (bytes, CRLF line endings, folded)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Interview prep: {checklist.company_name or 'your loop'}")
    for session in schedule.sessions:
        event = Event()
        event.add("uid", event_uid(checklist, session))
        event.add("dtstamp", now)
        event.add("dtstart", session.start)
        event.add("dtend", session.end + timedelta(days=1))
        event.add("summary", session_summary(checklist, session))
        event.add("description", session_description(checklist, session, page_url))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Interview prep"])
        if page_url:
            event.add("url", page_url)
        calendar.add_component(event)
    return calendar.to_ical()
