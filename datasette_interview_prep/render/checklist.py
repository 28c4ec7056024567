"""A Checklist as JSON and as Markdown.

JSON (`/-/prep/{slug}.json`) is `Checklist.model_dump(mode="json")`, version
`format_version` (2; version 2 added the questions of each round, items
reported at other companies and `includes_other_companies`). Its shape, top level:

    format_version, kind ("company" | "custom" | "typical"), key, title,
    company {slug, name, category, note, website, source_count} | null,
    company_name, process {id, kind, kind_label, label, name, role, level,
    reported, timeline, summary, notes, step_count, interview_stage_count,
    posting_ids, source_count} | null, processes [same], process_sources [link],
    rounds [round], totals {rounds, interview_stages, known_minutes_low,
    known_minutes_high, take_home_minutes_low, take_home_minutes_high,
    time_basis, interview_stages_without_duration, prep_items,
    own_source_items, other_company_items, questions, own_questions},
    other_sources [link], base_processes, includes_other_companies,
    merged [process id] (the loops merged into this one, lead first: planner/loops.py;
    [] for one loop as reported), role, level (the ?role=/?level= asked for),
    roles [str], levels [str] (those the company's loops name), also_asked_here
    [question] (tied to the company, of round types no round covers)

    round: position, name, round_type, round_type_label, family, is_interview,
    duration, minutes_low, minutes_high, duration_basis ("stated" | "typical" |
    null), details, questions [str], topics [str], what_candidates_report, weight,
    items [item], other_company_items [item] (backed only by other companies'
    sources; not counted, empty with includes_other_companies), asked_here
    [question] (a source ties it to this company), most_reported [question]
    (on a company checklist: the round type's questions from elsewhere most
    relevant to the company, planner/relevance.py; else the most reported),
    round_type_questions, same_prep_as, reports [{process_id, label, reported,
    steps [str]}] (merged loops: the reports that include this round type),
    evidence {scope, count, platforms {platform: n}, latest, sources [link],
    all_companies_count}, base_rate {round_type, label, process_count,
    total_processes, share, usual_step, relative_position} | null

    item: {id, prep_item_id, round_type, text, sources [link], cites_company,
    reported_at [company name]}
    question: {id ('<key>:q:<question id>', ticked like an item), question_id,
    round_type, question, topic_label, format, date, encounters, companies
    [company name], sources [link]}
    link: {url, title, platform, published, score}

With a plan (?date=...&hours=... or ?weeks=...&hours=...) the JSON also has
`schedule` (schedule.Schedule: today, interview_date, days, hours, per "week" |
"total", hours_per_week, weeks, budget_minutes, mode "full" | "crash",
granularity "day" | "week", total_items, mock_minutes, questions_minutes,
allocations [{position, name, round_type, weight, length_factor, minutes,
items, blocked, start, due}], not_planned [position], periods [{index, start,
end, label, minutes, sessions, expected_done}], sessions [{kind "round" |
"questions" | "mock", position, name, round_type, start, end, minutes,
blocked, part, parts, item_ids, question_ids, same_prep_as}], rule); a company or custom
checklist also has `similar_companies` [{slug, name, process_id, similarity,
loop_similarity, set_similarity, order_similarity, same_category, category,
shared_sources, source_similarity, aggregate, shared_round_types, round_types}].

Fields are only ever added within a format_version. Item `id`s are stable
(see checklist.py). Markdown (`.md`) is the same checklist as `- [ ]` items
with source links, ready to paste into notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from datasette_interview_prep.core import durations
from datasette_interview_prep.core.durations import format_length_range, format_range
from datasette_interview_prep.core.labels import platform_words
from datasette_interview_prep.core.rounds import TAKE_HOME_FAMILY
from datasette_interview_prep.core.text import markdown_text, markdown_url, plural
from datasette_interview_prep.planner.checklist_model import (
    Checklist,
    ChecklistItem,
    Evidence,
    Round,
    RoundQuestion,
    RoundReport,
    SourceLink,
    Totals,
)
from datasette_interview_prep.planner.schedule import Schedule
from datasette_interview_prep.render.plan import plan_markdown
from datasette_interview_prep.render.sources import markdown_link, source_markdown


def checklist_json(checklist: Checklist) -> dict[str, object]:
    return checklist.model_dump(mode="json")


def known_time_label(totals: Totals) -> str:
    """Live interview time: '7 h', '3 h 15 – 4 h', or 'not stated'."""
    if totals.known_minutes_low is None:
        return "not stated"
    return format_range(totals.known_minutes_low, totals.known_minutes_high)


def take_home_time_label(totals: Totals) -> str | None:
    """Take-home time in days where it runs to days ('1 day – 7 days', not '8 h – 56 h')."""
    if totals.take_home_minutes_low is None:
        return None
    return format_length_range(totals.take_home_minutes_low, totals.take_home_minutes_high)


def _source_line(source: SourceLink) -> str:
    return f"- {source_markdown(source)}"


def duration_text(round_: Round) -> str:
    return durations.duration_text(round_.duration, round_.duration_basis)


def evidence_summary(evidence: Evidence, company_name: str | None, mention_all_companies: bool = True) -> str:
    """'3 sources about Anthropic and this round type (teamblind 2, reddit 1; latest 2026-01)'."""
    where = f"about {company_name} and this round type" if evidence.scope == "company" else "about this round type"
    facts = ", ".join(f"{platform_words(platform)} {count}" for platform, count in evidence.platforms.items())
    if evidence.latest:
        facts += f"; latest {evidence.latest}"
    summary = f"{plural(evidence.count, 'source')} {where}" + (f" ({facts})" if evidence.count else "")
    if evidence.scope == "company" and mention_all_companies:
        summary += f"; {evidence.all_companies_count} about this round type at any company"
    return summary


def provenance(checklist: Checklist) -> str:
    """Where the loop comes from, in one sentence."""
    if checklist.kind == "typical":
        return (
            f"Base rates across {checklist.base_processes} processes in the data: every round type found in at "
            "least a quarter of them, in its usual order. Not any one company's loop."
        )
    if checklist.kind == "custom":
        return "The rounds you were told about; lengths and evidence are what candidates report in general."
    process = checklist.process
    if process is None:
        return ""
    if checklist.merged:
        return (
            f"Every round type any of the {len(checklist.merged)} reports names, each round saying which reports "
            "include it. Yours may differ: each loop as reported is one link away."
        )
    if process.kind == "candidate_report":
        when = f" in {process.reported}" if process.reported else ""
        return f"Reported by candidates{when}: the loop as they went through it, which may differ from yours."
    postings = ", ".join(f"#{posting}" for posting in process.posting_ids)
    return (
        "From the job posting"
        + (f"s {postings}" if len(process.posting_ids) > 1 else f" {postings}" if postings else "")
        + ": the loop as the company describes it."
    )


def summary_line(checklist: Checklist) -> str:
    """'4 interview stages · 3 h 15 known interview time (1 stage not timed) + take-home 2 h – 3 h · 23 prep items'."""
    totals = checklist.totals
    time_word = "typical interview time" if totals.time_basis == "typical" else "known interview time"
    time = (
        f"{known_time_label(totals)} {time_word}"
        if totals.known_minutes_low is not None
        else "interview time not stated"
    )
    some_timed = totals.known_minutes_low is not None or totals.take_home_minutes_low is not None
    if totals.interview_stages_without_duration and some_timed:
        time += f" ({plural(totals.interview_stages_without_duration, 'stage')} not timed)"
    if take_home := take_home_time_label(totals):
        timed = [
            r for r in checklist.rounds if r.family == TAKE_HOME_FAMILY and r.is_interview and r.minutes_low is not None
        ]
        if len(timed) == 1 and timed[0].duration:  # one take-home: its length as the source wrote it ("2-3 hours")
            take_home = timed[0].duration
        time += f" + take-home {take_home}"
    return f"{plural(totals.interview_stages, 'interview stage')} · {time} · {plural(totals.prep_items, 'prep item')}"


def own_sources_line(checklist: Checklist) -> str | None:
    """'5 of 21 prep items rest on sources about Anthropic; 10 more, backed only by other companies' sources,
    are left out of the count and the plan.' None for checklists without a company."""
    if checklist.company is None:
        return None
    totals, name = checklist.totals, checklist.company.name
    line = f"{totals.own_source_items} of {plural(totals.prep_items, 'prep item')} rest on sources about {name}"
    if totals.other_company_items:
        if checklist.includes_other_companies:
            line += (
                f"; {totals.other_company_items} of them rest only on other companies' sources "
                "and are counted because you asked for them"
            )
        else:
            line += (
                f"; {totals.other_company_items} more, backed only by other companies' sources, "
                "are left out of the count and the plan"
            )
    return line + "."


def reported_at_label(item: ChecklistItem) -> str:
    """'reported at Amazon', 'reported at Google and Meta'."""
    names = item.reported_at
    return "reported at " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


def question_facts(question: RoundQuestion, with_companies: bool = False) -> str:
    """'RAG and retrieval · 2026-01 · 2 sources' (and 'asked at xAI' for the most-reported)."""
    facts = [question.topic_label]
    if with_companies and question.companies:
        facts.append("asked at " + ", ".join(question.companies))
    if question.format:
        facts.append(question.format)
    if question.date:
        facts.append(question.date)
    return " · ".join(facts)


def _question_markdown(question: RoundQuestion, with_companies: bool) -> str:
    links = ", ".join(markdown_link(source) for source in question.sources)
    facts = question_facts(question, with_companies)
    return f"- [ ] {markdown_text(question.question)} (*{markdown_text(facts)}*" + (f"; {links})" if links else ")")


def _questions_markdown(round_: Round, checklist: Checklist, questions_url: str | None) -> list[str]:
    lines: list[str] = []
    if round_.asked_here:
        lines += [f"**Asked at {markdown_text(checklist.company_name)}:**", ""]
        lines += [_question_markdown(question, False) for question in round_.asked_here] + [""]
    if round_.most_reported:
        lines += [f"**Most reported in {markdown_text(round_.round_type_label.lower())} rounds (any company):**", ""]
        lines += [_question_markdown(question, True) for question in round_.most_reported] + [""]
    if questions_url and round_.round_type_questions:
        all_url = f"{questions_url}?round_type={round_.round_type}"
        lines += [f"All {round_.round_type_questions} questions of this round type: <{markdown_url(all_url)}>", ""]
    return lines


def _other_items_markdown(round_: Round) -> list[str]:
    if not round_.other_company_items:
        return []
    lines = ["**Reported at other companies (not counted):**", ""]
    for item in round_.other_company_items:
        links = ", ".join(markdown_link(source) for source in item.sources)
        lines.append(f"- {markdown_text(item.text)} (*{markdown_text(reported_at_label(item))}*; {links})")
    return lines + [""]


def item_groups(round_: Round, cites_company: bool | None = None) -> list[tuple[str, str, list[ChecklistItem]]]:
    """The round's items by round type: its own first, then each type its description includes; with
    `cites_company`, only the items that cite (True) or do not cite (False) a source about the company."""
    items = [i for i in round_.items if cites_company is None or i.cites_company == cites_company]
    groups = [(round_.round_type, round_.round_type_label, [i for i in items if i.round_type == round_.round_type])]
    groups += [
        (included.round_type, included.label, [i for i in items if i.round_type == included.round_type])
        for included in round_.includes
    ]
    return [group for group in groups if group[2]]


@dataclass(frozen=True)
class SpecificShare:
    """How much of a company checklist rests on the company's own sources (the line at its top)."""

    own_items: int
    items: int
    own_questions: int
    questions: int

    @property
    def own(self) -> int:
        return self.own_items + self.own_questions

    @property
    def total(self) -> int:
        return self.items + self.questions

    @property
    def percent(self) -> int:
        return round(100 * self.own / self.total) if self.total else 0


def specific_share(checklist: Checklist) -> SpecificShare | None:
    """Items citing a source about the company and questions a source ties to it, of all those listed to
    tick; None for checklists without a company."""
    if checklist.company is None:
        return None
    totals = checklist.totals
    return SpecificShare(totals.own_source_items, totals.prep_items, totals.own_questions, totals.questions)


def specific_line(checklist: Checklist) -> str | None:
    """'38% of this page rests on Anthropic's own sources: 11 of 38 prep items and 27 of 36 questions.'"""
    share = specific_share(checklist)
    if share is None:
        return None
    name = checklist.company_name
    return (
        f"{share.percent}% of this page rests on {name}'s own sources: {share.own_items} of "
        f"{plural(share.items, 'prep item')} and {share.own_questions} of {plural(share.questions, 'question')}."
    )


def report_line(report: RoundReport) -> str:
    """'Loop reported by linkjob, 2026: Progressive coding challenge (90 min)'."""
    when = f", {report.reported}" if report.reported else ""
    return f"{report.label}{when}: {'; '.join(report.steps)}"


def _round_markdown(round_: Round, checklist: Checklist, questions_url: str | None = None) -> list[str]:
    lines = [f"## {round_.position}. {markdown_text(round_.name)}", ""]
    facts = [round_.round_type_label, duration_text(round_)]
    if not round_.is_interview:
        facts.append("not an interview stage")
    lines += [f"*{markdown_text(' · '.join(facts))}*", ""]
    if round_.base_rate:
        rate = round_.base_rate
        lines += [
            (
                f"Seen in {rate.process_count} of {rate.total_processes} processes ({rate.share:.0%}), "
                f"usually step {rate.usual_step}."
            ),
            "",
        ]
    if round_.reports:
        lines += [
            f"**In {len(round_.reports)} of {len(checklist.merged)} reported loops:**",
            *(f"- {markdown_text(report_line(report))}" for report in round_.reports),
            "",
        ]
    if round_.details:
        lines += [f"**At {markdown_text(checklist.company_name)}:** {markdown_text(round_.details)}", ""]
    if round_.questions and not round_.asked_here:  # the bank's copies, with sources, follow
        lines += ["**Reported questions:**", *(f"- {markdown_text(question)}" for question in round_.questions), ""]
    if round_.topics:
        lines += [f"**Topics covered:** {markdown_text('; '.join(round_.topics))}", ""]
    if round_.what_candidates_report:
        lines += [f"**What candidates report:** {markdown_text(round_.what_candidates_report)}", ""]
    lines += _questions_markdown(round_, checklist, questions_url)
    if round_.same_prep_as:
        lines += [f"Prep: listed under round {round_.same_prep_as}.", ""]
    elif round_.items:
        lines += ["**Prep:**", ""]
    for group_type, label, items in item_groups(round_):
        if group_type != round_.round_type:
            lines += [f"**Also in this round: {markdown_text(label)}**", ""]
        for item in items:
            links = ", ".join(markdown_link(source) for source in item.sources)
            elsewhere = f"*{markdown_text(reported_at_label(item))}*" if item.reported_at else ""
            notes = "; ".join(note for note in (elsewhere, links) if note)
            lines.append(f"- [ ] {markdown_text(item.text)}" + (f" ({notes})" if notes else ""))
        lines.append("")
    lines += _other_items_markdown(round_)
    for included in round_.includes:
        if included.prep_in != round_.position:
            lines += [
                f"Also in this round: {markdown_text(included.label)}, prepared under round {included.prep_in}.",
                "",
            ]
    evidence = round_.evidence
    lines += [f"**Evidence:** {markdown_text(evidence_summary(evidence, checklist.company_name))}", ""]
    if evidence.sources:
        lines += [*(_source_line(source) for source in evidence.sources), ""]
    return lines


def checklist_markdown(
    checklist: Checklist,
    page_url: str | None = None,
    schedule: Schedule | None = None,
    questions_url: str | None = None,
) -> str:
    """The checklist as Markdown; `questions_url` (the question bank's absolute URL) adds links to it."""
    lines = [f"# {markdown_text(checklist.title)}", ""]
    if checklist.merged and checklist.process:
        facts = [f"{len(checklist.merged)} reported loops merged", f"led by {checklist.process.label}"]
        facts += [value for value in (checklist.role, checklist.level) if value]
        lines += [markdown_text(" · ".join(facts)), ""]
    elif checklist.process:
        process = checklist.process
        facts = [process.label]
        if process.role and process.role != process.label:
            facts.append(process.role)
        if process.level:
            facts.append(process.level)
        if process.timeline:
            facts.append(f"timeline {process.timeline}")
        lines += [markdown_text(" · ".join(facts)), ""]
    lines += [markdown_text(provenance(checklist)), ""]
    if checklist.process_sources:
        lines += ["Reported in:", *(_source_line(source) for source in checklist.process_sources), ""]
    lines += [markdown_text(summary_line(checklist)), ""]
    if specific := specific_line(checklist):
        lines += [markdown_text(specific), ""]
    if own := own_sources_line(checklist):
        lines += [markdown_text(own), ""]
    if page_url:
        lines += [f"Online: <{markdown_url(page_url)}>", ""]
    if schedule:
        lines += plan_markdown(checklist, schedule)
    for round_ in checklist.rounds:
        lines += _round_markdown(round_, checklist, questions_url)
    if checklist.also_asked_here:
        lines += [f"## Also asked at {markdown_text(checklist.company_name)}", ""]
        lines += [*(_question_markdown(question, False) for question in checklist.also_asked_here), ""]
    if checklist.other_sources:
        lines += [f"## Also about {markdown_text(checklist.company_name)}", ""]
        lines += [*(_source_line(source) for source in checklist.other_sources), ""]
    return "\n".join(lines).rstrip() + "\n"
