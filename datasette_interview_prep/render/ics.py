"""A prep schedule as an iCalendar file (`.ics`), built with the `icalendar` library.

The events are all-day (a plan says which day or week to spend the time, not
at what hour: the candidate knows their free hours, the server does not) and
transparent, so they never mark the calendar busy.

- A plan by day: one event per session, on its day; a take-home's blocked
  window spans its days (DTEND is the day after the last, as RFC 5545 wants).
- A plan by week: one one-day event on the first day of each week, listing that
  week's sessions and items (seven-day all-day events would cover the calendar),
  and a one-day event on the day a take-home window is due.
- One event on the interview date, with the loop's rounds.

Every session's description lists what to do: the items and questions it
works on, by their text (render/plan.py), so the mock slot and a crash plan's
session on the company's own questions read like the page.

UIDs are stable (`<checklist key>-r<round>-<first day>-p<part>` for a round's session,
`-mock-` and `-questions-` in place of `-r<round>-` for the others, `-w<week>-<first day>`,
`-due<round>-<day>`, `-interview-<day>`, each `@datasette-interview-prep`), so
importing the same plan again updates the events instead of duplicating them.
DTSTAMP is the time of the export (passed in, so tests are repeatable).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from datasette_interview_prep.core.durations import format_minutes
from datasette_interview_prep.planner.checklist_model import Checklist, ChecklistItem
from datasette_interview_prep.planner.schedule import Period, Schedule, Session
from datasette_interview_prep.render.plan import session_tasks, session_title, tasks_by_id

PRODID = "-//datasette-interview-prep//prep planner//EN"
UID_DOMAIN = "datasette-interview-prep"
MAX_LINKS_PER_ITEM = 3
WINDOW_NAMES = {"take_home": "Take-home", "work_trial": "Work trial"}


def _who(checklist: Checklist) -> str:
    return checklist.company_name or "your loop"


def _items_by_id(checklist: Checklist) -> dict[str, ChecklistItem]:
    return {item.id: item for round_ in checklist.rounds for item in round_.items}


def event_uid(checklist: Checklist, session: Session) -> str:
    owner = f"r{session.position}" if session.kind == "round" else session.kind
    return f"{checklist.key}-{owner}-{session.start:%Y%m%d}-p{session.part}@{UID_DOMAIN}"


def session_summary(checklist: Checklist, session: Session) -> str:
    who = _who(checklist)
    if session.kind != "round":
        part = f" ({session.part}/{session.parts})" if session.parts > 1 else ""
        return f"Prep {who}: {session.name}{part} · {format_minutes(session.minutes)}"
    if session.blocked:
        return f"{WINDOW_NAMES.get(session.round_type, 'Blocked')} window ({who}): {session.name}"
    part = f" ({session.part}/{session.parts})" if session.parts > 1 else ""
    return f"Prep {who}: {session.name}{part} · {format_minutes(session.minutes)}"


def session_description(checklist: Checklist, session: Session, page_url: str | None) -> str:
    items = _items_by_id(checklist)
    heading = (
        f"Round {session.position}: {session.name} ({session.round_type_label})"
        if session.kind == "round"
        else session_title(session)
    )
    lines = [heading, f"Time: {format_minutes(session.minutes)}" + (" in this window" if session.blocked else ""), ""]
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
    if session.kind == "mock":
        lines += ["Answer these out loud, timed, as in the interview; then go over what you missed.", ""]
    tasks = session_tasks(session, tasks_by_id(checklist))
    if tasks:
        lines.append("Checklist:")
        for task in tasks:
            lines.append(f"[ ] {task.text}")
            if task.id in items:
                lines += [f"    {source.url}" for source in items[task.id].sources[:MAX_LINKS_PER_ITEM]]
        lines.append("")
    if page_url:
        lines.append(f"Checklist online: {page_url}")
    return "\n".join(lines).rstrip()


def week_summary(checklist: Checklist, period: Period) -> str:
    who = _who(checklist)
    names = ", ".join(dict.fromkeys(session.name for session in period.sessions)) or "nothing scheduled"
    return f"Prep {who}, week {period.index + 1} · {format_minutes(period.minutes)}: {names}"


def week_description(checklist: Checklist, period: Period, page_url: str | None) -> str:
    lines = [f"{period.label}: {format_minutes(period.minutes)} of prep this week, at the hours that suit you.", ""]
    for session in period.sessions:
        description = session_description(checklist, session, None)
        if session.blocked:
            description += f"\nDue {session.end:%a} {session.end.day} {session.end:%b}."
        lines += [description, ""]
    if page_url:
        lines.append(f"Checklist online: {page_url}")
    return "\n".join(lines).rstrip()


def interview_description(checklist: Checklist, page_url: str | None) -> str:
    lines = ["The loop:"]
    lines += [
        f"{round_.position}. {round_.name} ({round_.round_type_label})"
        + (f", {round_.duration}" if round_.duration else "")
        for round_ in checklist.rounds
    ]
    if page_url:
        lines += ["", f"Checklist online: {page_url}"]
    return "\n".join(lines)


def _event(
    uid: str, now: datetime, start: date, days: int, summary: str, description: str, page_url: str | None
) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(days=days))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Interview prep"])
    if page_url:
        event.add("url", page_url)
    return event


def schedule_calendar(checklist: Checklist, schedule: Schedule, now: datetime, page_url: str | None = None) -> bytes:
    """The schedule as an iCalendar document (bytes, CRLF line endings, folded)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    who = _who(checklist)
    calendar.add("x-wr-calname", f"Interview prep: {who}")
    events = []
    if schedule.granularity == "day":
        for session in schedule.sessions:
            uid = event_uid(checklist, session).removesuffix(f"@{UID_DOMAIN}")
            days = (session.end - session.start).days + 1
            summary, description = (
                session_summary(checklist, session),
                session_description(checklist, session, page_url),
            )
            events.append(_event(uid, now, session.start, days, summary, description, page_url))
    else:
        for period in schedule.periods:
            uid = f"{checklist.key}-w{period.index + 1}-{period.start:%Y%m%d}"
            summary, description = week_summary(checklist, period), week_description(checklist, period, page_url)
            events.append(_event(uid, now, period.start, 1, summary, description, page_url))
        for session in schedule.sessions:
            if session.blocked:
                uid = f"{checklist.key}-due{session.position}-{session.end:%Y%m%d}"
                summary = f"{WINDOW_NAMES.get(session.round_type, 'Blocked window')} due ({who}): {session.name}"
                description = session_description(checklist, session, page_url)
                events.append(_event(uid, now, session.end, 1, summary, description, page_url))
    uid = f"{checklist.key}-interview-{schedule.interview_date:%Y%m%d}"
    events.append(
        _event(
            uid,
            now,
            schedule.interview_date,
            1,
            f"Interview: {who}",
            interview_description(checklist, page_url),
            page_url,
        )
    )
    for event in events:
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
