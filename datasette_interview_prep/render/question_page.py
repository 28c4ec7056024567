"""One question's page (/-/questions/{id}) as JSON and as Markdown; the practice run as Markdown.

JSON (`/-/questions/{id}.json`), format_version 1:

    format_version, question (the bank's question: see render/questions.py), outline (null when the
    question has none: {question_id, label, tests, key_points [text], pitfalls [text],
    follow_ups [{question, source (URL or null)}]}), related [{id, question, url}] (same topic and round
    type, most similar first), practice_url (a company's practice loop, or the bank)

Every outline is labelled `label`: written for this project, not from the sources.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from datasette_interview_prep.core.labels import platform_words
from datasette_interview_prep.core.text import markdown_text, markdown_url, plural
from datasette_interview_prep.planner.outlines import Outline
from datasette_interview_prep.planner.questions import QuestionEntry
from datasette_interview_prep.render.sources import Source, markdown_link

FORMAT_VERSION = 1


class RelatedQuestion(BaseModel):
    id: str
    question: str
    url: str


class QuestionPageData(BaseModel):
    format_version: int = FORMAT_VERSION
    question: QuestionEntry
    outline: Outline | None
    related: list[RelatedQuestion]
    practice_url: str


def dated_source_facts(source: Source) -> str:
    """'reddit, 2025-06', or 'reddit, undated': the platform and the date, saying so when there is none."""
    return ", ".join(fact for fact in (platform_words(source.platform), source.published or "undated") if fact)


def question_facts(entry: QuestionEntry) -> list[tuple[str, str]]:
    """(label, value) lines that describe the question, in the page's order."""
    facts = [("Round type", entry.round_type_label), ("Topic", entry.topic_label)]
    if entry.format:
        facts.append(("Format", entry.format))
    facts.append(("Reported by", plural(entry.encounters, "source")))
    facts.append(("Date", entry.date or "undated"))
    return facts


def outline_markdown(outline: Outline, source_titles: Mapping[str, str]) -> list[str]:
    lines = [f"*{markdown_text(outline.label)}.*", "", f"**What it tests:** {markdown_text(outline.tests)}", ""]
    lines += ["**Key points**", ""] + [f"- {markdown_text(point)}" for point in outline.key_points] + [""]
    if outline.pitfalls:
        lines += ["**Pitfalls**", ""] + [f"- {markdown_text(pitfall)}" for pitfall in outline.pitfalls] + [""]
    if outline.follow_ups:
        lines += ["**Likely follow-ups**", ""]
        for follow_up in outline.follow_ups:
            line = f"- {markdown_text(follow_up.question)}"
            if follow_up.source:
                title = source_titles.get(follow_up.source, follow_up.source)
                line += f" (reported in [{markdown_text(title)}]({markdown_url(follow_up.source)}))"
            lines.append(line)
        lines.append("")
    return lines


def question_markdown(data: QuestionPageData, page_url: str, source_titles: Mapping[str, str]) -> str:
    entry = data.question
    lines = [f"# {markdown_text(entry.question)}", ""]
    lines += [f"- {label}: {markdown_text(value)}" for label, value in question_facts(entry)]
    if entry.companies:
        lines.append(f"- Asked at: {markdown_text(', '.join(company.name for company in entry.companies))}")
    lines += ["", f"Online: <{markdown_url(page_url)}>", "", "## Sources", ""]
    lines += [f"- {markdown_link(source)} ({markdown_text(dated_source_facts(source))})" for source in entry.sources]
    lines += ["", "## Outline", ""]
    lines += (
        outline_markdown(data.outline, source_titles) if data.outline else ["No outline for this question yet.", ""]
    )
    if data.related:
        lines += ["## Related questions", ""]
        lines += [f"- [{markdown_text(item.question)}]({markdown_url(item.url)})" for item in data.related]
    return "\n".join(lines).rstrip() + "\n"
