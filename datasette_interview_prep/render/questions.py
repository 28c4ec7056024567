"""A page of the question bank as JSON and as Markdown.

JSON (`/-/questions.json`) is `QuestionPage.model_dump(mode="json")`, version
`format_version` (1):

    format_version, filters {round_type, topic, company, since, q, sort, page},
    total, bank_total, page, pages, page_size, round_type_counts {slug: n},
    topic_counts {slug: n}, questions [question]

    question: id, question, round_type, round_type_label, topic, topic_label,
    companies [{slug, name, in_data}], sources [{url, title, platform,
    published}] (most recent first), encounters, reported, date, format

Fields are only ever added within a format_version. Markdown (`.md`) is the
same questions as a list to paste into notes, each with its sources and a link to its page; the
download (/-/questions.md) holds every matching question, not one page.
"""

from __future__ import annotations

from collections.abc import Mapping

from datasette_interview_prep.core.rounds import ROUND_TYPES_BY_SLUG
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.core.text import markdown_text, markdown_url, plural
from datasette_interview_prep.core.topics import QUESTION_TOPICS
from datasette_interview_prep.planner.questions import QuestionEntry, QuestionFilters, QuestionPage
from datasette_interview_prep.render.sources import source_facts as source_facts  # web/questions_views.py uses it
from datasette_interview_prep.render.sources import source_markdown


def questions_json(page: QuestionPage) -> dict[str, object]:
    return page.model_dump(mode="json")


def filter_description(filters: QuestionFilters, company_names: dict[str, str] | None = None) -> str:
    """'Live coding · Coding and algorithms · at OpenAI · since 2025 · matching "lru"', or 'All questions'."""
    parts = []
    if filters.round_type:
        parts.append(ROUND_TYPES_BY_SLUG[filters.round_type].label)
    if filters.topic:
        parts.append(QUESTION_TOPICS[filters.topic])
    if filters.company:
        parts.append(f"at {(company_names or {}).get(filters.company, filters.company)}")
    if filters.since:
        parts.append(f"dated {filters.since} or later")
    if filters.q:
        parts.append(f'matching "{filters.q}"')
    return " · ".join(parts) or "All questions"


def entry_facts(entry: QuestionEntry) -> str:
    """'Live coding · Coding and algorithms · 2 sources · 2025-06' ('undated' when nothing dates it; the topic
    left out where it reads as the round type: 'System design', not 'System design · System design')."""
    facts = [entry.round_type_label]
    if entry.topic_label.casefold() != entry.round_type_label.casefold():
        facts.append(entry.topic_label)
    facts += [plural(entry.encounters, "source"), entry.date or "undated"]
    return " · ".join(facts)


def _entry_markdown(entry: QuestionEntry, url: str | None = None) -> list[str]:
    text = markdown_text(entry.question)
    lines = [f"- [ ] [{text}]({markdown_url(url)})" if url else f"- [ ] {text}"]
    lines.append(f"  *{markdown_text(entry_facts(entry))}*")
    if entry.companies:
        lines.append(f"  Asked at: {markdown_text(', '.join(company.name for company in entry.companies))}")
    if entry.format:
        lines.append(f"  Format: {markdown_text(entry.format)}")
    lines += [f"  - {source_markdown(source)}" for source in entry.sources]
    return lines


def questions_markdown(
    page: QuestionPage,
    page_url: str | None = None,
    company_names: dict[str, str] | None = None,
    question_urls: Mapping[str, str] | None = None,
) -> str:
    """The page as a Markdown checklist; `question_urls` (id -> URL) link each question to its page."""
    description = filter_description(page.filters, company_names)
    lines = ["# Interview questions candidates report", "", markdown_text(description), ""]
    shown = f"{plural(page.total, 'question')} of {page.bank_total} in the bank"
    if page.pages > 1:
        shown += f"; page {page.page} of {page.pages}"
    lines += [markdown_text(shown), ""]
    if page_url:
        lines += [f"Online: <{markdown_url(page_url)}>", ""]
    for entry in page.questions:
        lines += _entry_markdown(entry, (question_urls or {}).get(entry.id))
    if not page.questions:
        lines.append("No question matches these filters.")
    return "\n".join(lines).rstrip() + "\n"


def markdown_filename(filters: QuestionFilters) -> str:
    """'interview-questions-openai-coding.md': the filters that narrow the list, in a file name."""
    parts = [filters.company, filters.round_type, filters.topic, f"since-{filters.since}" if filters.since else None]
    if filters.q:
        parts.append(slugify(filters.q)[:30] or None)
    suffix = "-".join(slugify(part) for part in parts if part)
    page = f"-page-{filters.page}" if filters.page > 1 else ""
    return f"interview-questions{'-' + suffix if suffix else ''}{page}.md"
