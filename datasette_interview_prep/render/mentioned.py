"""A company with no reported loop (planner/mentioned.py) as Markdown: `/-/prep/{slug}.md`.

The same facts as its page: that nothing is reported for it yet, the sources
about it, the questions the bank ties to it (as `- [ ]` to tick), the
companies with loops the same sources discuss, and the typical loop.
"""

from __future__ import annotations

from collections.abc import Sequence

from datasette_interview_prep.core.text import markdown_text, markdown_url, plural
from datasette_interview_prep.planner.mentioned import MentionedCompany
from datasette_interview_prep.planner.questions import BankQuestion


def nothing_reported_line(name: str, sources: int, questions: int) -> str:
    """'Nothing reported for Stripe yet: no interview loop in the data; 4 sources and 1 question mention it.'"""
    found = [
        part
        for part in (plural(sources, "source") if sources else "", plural(questions, "question") if questions else "")
        if part
    ]
    tail = f"; {' and '.join(found)} mention it" if found else ""
    return f"Nothing reported for {name} yet: the data has no interview loop for it{tail}."


def mentioned_markdown(
    company: MentionedCompany,
    questions: Sequence[BankQuestion],
    similar: Sequence[tuple[str, str, int]],
    typical_url: str,
) -> str:
    """`similar`: (name, absolute checklist URL, sources about both) of companies with loops."""
    name = markdown_text(company.name)
    lines = [
        f"# Interview prep: {name}",
        "",
        markdown_text(nothing_reported_line(company.name, len(company.sources), len(questions))),
        "",
    ]
    if questions:
        lines += [f"## Asked at {name}", ""]
        for question in questions:
            facts = " · ".join(
                fact for fact in (question.round_type_label, question.topic_label, question.date) if fact
            )
            lines.append(f"- [ ] {markdown_text(question.question)} (*{markdown_text(facts)}*)")
        lines.append("")
    if company.sources:
        lines += [f"## Sources about {name}", ""]
        for source in company.sources:
            title = markdown_text(str(source.get("title") or source.get("url")))
            when = f" ({markdown_text(str(source['published']))})" if source.get("published") else ""
            lines.append(f"- [{title}](<{markdown_url(str(source.get('url')))}>){when}")
        lines.append("")
    if similar:
        lines += ["## Companies with a reported loop that the same sources discuss", ""]
        lines += [
            f"- [{markdown_text(other)}](<{markdown_url(url)}>): {plural(shared, 'source')} about both"
            for other, url, shared in similar
        ]
        lines.append("")
    if company.typical_loop:
        lines += ["## The typical loop (base rates across every company, not this one's)", ""]
        lines += [f"{index}. {markdown_text(rate.label)}" for index, rate in enumerate(company.typical_loop, start=1)]
        lines += ["", f"As a checklist: <{markdown_url(typical_url)}>", ""]
    return "\n".join(lines).rstrip() + "\n"
