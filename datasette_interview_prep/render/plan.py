"""A prep plan (planner/schedule.py) in words: its heading, each session's title and work list, Markdown.

Shared by the page (web/checklist_page.py), the Markdown download and the calendar
(render/ics.py), so a session reads the same everywhere: "2. Coding · 40 min" with
the prep items and questions it works on, by their text.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from datasette_interview_prep.core.durations import format_minutes
from datasette_interview_prep.core.text import markdown_text, plural
from datasette_interview_prep.planner.checklist_model import Checklist, Round
from datasette_interview_prep.planner.schedule import Schedule, Session


@dataclasses.dataclass(frozen=True)
class Task:
    id: str  # the ChecklistItem or RoundQuestion id (the page's checkbox is item-<id>)
    kind: Literal["item", "question"]
    text: str


def hours_label(hours: float) -> str:
    return f"{hours:g} h"


def plan_heading(schedule: Schedule) -> str:
    """'Crash plan: 8 h in all over 1 day, until the interview on Tue 8 Dec 2026' or
    '6 h a week for 12 days, until the interview on Thu 15 Jan 2027 (10 h 15 in all)'."""
    day = schedule.interview_date
    span = plural(schedule.weeks, "week") if schedule.weeks else plural(schedule.days, "day")
    until = f"until the interview on {day:%a} {day.day} {day:%b %Y}"
    if schedule.per == "total":
        text = f"{hours_label(schedule.hours)} in all over {span}, {until}"
        if schedule.budget_minutes != round(schedule.hours * 60):
            text += f" ({format_minutes(schedule.budget_minutes)} in 5-minute blocks)"
    else:
        text = (
            f"{hours_label(schedule.hours)} a week for {span}, {until} "
            f"({format_minutes(schedule.budget_minutes)} in all)"
        )
    return f"Crash plan: {text}" if schedule.mode == "crash" else text


def tasks_by_id(checklist: Checklist) -> dict[str, Task]:
    """Every item and question of the checklist by id: what a session's ids stand for."""
    tasks: dict[str, Task] = {}
    for round_ in checklist.rounds:
        for question in [*round_.asked_here, *round_.most_reported]:
            tasks.setdefault(question.id, Task(question.id, "question", question.question))
        for item in round_.items:
            tasks.setdefault(item.id, Task(item.id, "item", item.text))
    return tasks


def session_tasks(session: Session, tasks: dict[str, Task]) -> list[Task]:
    """What the session works on, in order: questions first for the questions and mock sessions, else the
    round's order (its own questions, its items, the most-reported questions)."""
    ids = [*session.question_ids, *session.item_ids]
    if session.kind == "round":
        ids = [task_id for task_id in tasks if task_id in set(ids)]
    return [tasks[task_id] for task_id in ids if task_id in tasks]


def session_title(session: Session) -> str:
    """'2. Coding', '2. Coding (also for round 4)', 'The company's own questions', 'Mock interview and revision'."""
    if session.kind != "round":
        return session.name
    also = f" (also for round{'s' if len(session.also_for) > 1 else ''} {', '.join(map(str, session.also_for))})"
    return f"{session.position}. {session.name}" + (also if session.also_for else "")


def session_note(session: Session) -> str:
    """'40 min · part 2 of 3', with what a session of a kind is for."""
    parts = f" · part {session.part} of {session.parts}" if session.parts > 1 else ""
    note = f"{format_minutes(session.minutes)}{parts}"
    if session.kind == "mock":
        note += " · answer these out loud, timed, then go over what you missed"
    elif session.kind == "questions":
        note += " · candidates report these at this company: outline an answer to each"
    elif session.same_prep_as:
        note += f" · go over round {session.same_prep_as}'s prep again"
    elif session.blocked:
        note += f" · blocked window, due {session.end:%a} {session.end.day} {session.end:%b}"
    return note


def not_planned(checklist: Checklist, schedule: Schedule) -> list[Round]:
    """The rounds a crash plan had no time for."""
    left_out = set(schedule.not_planned)
    return [round_ for round_ in checklist.rounds if round_.position in left_out]


def plan_markdown(checklist: Checklist, schedule: Schedule) -> list[str]:
    lines = ["## Plan", "", markdown_text(plan_heading(schedule)), ""]
    tasks = tasks_by_id(checklist)
    for period in schedule.periods:
        lines.append(
            f"- **{markdown_text(period.label)}** ({format_minutes(period.minutes)}, "
            f"{period.expected_done} of {schedule.total_items} items done by the end)"
        )
        if not period.sessions:
            lines.append("  - rest")
        for session in period.sessions:
            if session.blocked and session.start < period.start:
                lines.append(f"  - {markdown_text(session_title(session))}: blocked window, continued")
                continue
            lines.append(f"  - {markdown_text(session_title(session))}: {markdown_text(session_note(session))}")
            lines += [f"    - [ ] {markdown_text(task.text)}" for task in session_tasks(session, tasks)]
    if left_out := not_planned(checklist, schedule):
        names = "; ".join(f"{round_.position}. {round_.name}" for round_ in left_out)
        lines += ["", f"No time left for: {markdown_text(names)} (skim their items if you can)."]
    lines += ["", f"*{markdown_text(schedule.rule)}*", ""]
    return lines


@dataclasses.dataclass(frozen=True)
class SessionView:
    session: Session
    title: str
    note: str
    tasks: list[Task]
    anchor: str | None  # the round's section on the page, for a round's session
    continued: bool  # a blocked window already listed on an earlier day or week


@dataclasses.dataclass(frozen=True)
class PeriodView:
    label: str
    end: str
    minutes: int
    expected_done: int
    sessions: list[SessionView]
    first: bool  # the plan's first day or week: the one shown open


def plan_view(checklist: Checklist, schedule: Schedule) -> list[PeriodView]:
    """The plan's days or weeks, each session with its title, note and work list, for the page."""
    tasks = tasks_by_id(checklist)
    return [
        PeriodView(
            label=period.label,
            end=period.end.isoformat(),
            minutes=period.minutes,
            expected_done=period.expected_done,
            sessions=[
                SessionView(
                    session=session,
                    title=session_title(session),
                    note=session_note(session),
                    tasks=session_tasks(session, tasks),
                    anchor=f"round-{session.position}" if session.kind == "round" else None,
                    continued=session.blocked and session.start < period.start,
                )
                for session in period.sessions
            ],
            first=period.index == 0,
        )
        for period in schedule.periods
    ]
