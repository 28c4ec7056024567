"""A comparison of loops as a Markdown document (`/-/prep/compare.md`)."""

from __future__ import annotations

from datasette_interview_prep.core.rounds import ROUND_TYPES_BY_SLUG
from datasette_interview_prep.core.text import markdown_text, markdown_url
from datasette_interview_prep.planner.compare import Comparison


def _md(value: str) -> str:
    return markdown_text(value, in_table=True)


def _label(slug: str) -> str:
    return ROUND_TYPES_BY_SLUG[slug].label


def comparison_markdown(comparison: Comparison, page_url: str | None = None) -> str:
    names = {company.slug: company.name for company in comparison.companies}
    lines = [f"# {_md(comparison.title)}", ""]
    for company in comparison.companies:
        lines.append(
            f"- {_md(company.name)}: {_md(company.process_label)} ({_md(company.kind_label)}), "
            f"{company.interview_stages} interview stages, {company.prep_items} prep items"
        )
    lines.append("")
    if page_url:
        lines += [f"Online: <{page_url}>", ""]
    lines += [
        "## The loops side by side",
        "",
        "| Round type | " + " | ".join(_md(company.name) for company in comparison.companies) + " |",
        "|---" * (len(comparison.companies) + 1) + "|",
    ]
    for row in comparison.rows:
        cells = [
            "; ".join(f"{ref.position}. {_md(ref.name)} ({_md(ref.duration)})" for ref in cell)
            or "; ".join(f"part of {ref.position}. {_md(ref.name)}" for ref in included)
            or "–"
            for cell, included in zip(row.cells, row.included_in)
        ]
        lines.append(f"| {_md(row.label)} | " + " | ".join(cells) + " |")
    lines.append("")
    shared = ", ".join(_md(_label(slug)) for slug in comparison.shared_round_types) or "none"
    lines += [f"**Prep that counts for more than one:** {shared}", ""]
    for slug, types in comparison.unique_round_types.items():
        if types:
            lines += [f"**Only {_md(names[slug])}:** " + ", ".join(_md(_label(t)) for t in types), ""]
    lines += [
        "## Merged checklist",
        "",
        f"{comparison.total_items} prep items, {comparison.shared_items} of them count for more than one company.",
        "",
    ]
    for group in comparison.groups:
        who = ", ".join(_md(names[slug]) for slug in group.companies)
        lines += [f"### {_md(group.label)} ({who})", ""]
        for item in group.items:
            links = ", ".join(f"[{_md(source.title)}]({markdown_url(source.url)})" for source in item.sources)
            lines.append(f"- [ ] {_md(item.text)}" + (f" ({links})" if links else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
