"""Two or three companies' loops side by side: `/-/prep/compare?company=a&company=b[&company=c]`.

A loop per company: `company=openai` compares the loop the company's checklist opens
on (its reported loops merged, planner/loops.py); `company=openai:openai-1` compares
that one loop alone (`parse_choice`).
Built from the companies' checklists, so it is pure:

- `rows`: the loops aligned by round type, one row per round type met in any of
  them, ordered by where the round type usually comes in these loops (the mean
  of its relative position, 0 first and 1 last); each cell lists that company's
  rounds of the type, or none.
- `shared_round_types` / `unique_round_types`: the round types whose prep counts
  for more than one of the companies, and those only one of them has. A panel
  round counts for the round types its description names ("includes").
- `items`: one merged checklist, each prep item once, with the companies it
  counts for. Item ids are `compare-<slugs sorted, joined by +>:<prep item id>`,
  so progress on a comparison is kept apart from each company's own.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from datasette_interview_prep.core.durations import duration_text
from datasette_interview_prep.core.rounds import ROUND_TYPE_ORDER, ROUND_TYPES_BY_SLUG
from datasette_interview_prep.planner.checklist_model import Checklist, CompanyInfo, ProcessSummary, Round, SourceLink

MIN_COMPANIES, MAX_COMPANIES = 2, 3
FORMAT_VERSION = 2  # 2: a loop per company (`chosen`)
LOOP_SEPARATOR = ":"


def parse_choice(value: str) -> tuple[str, str | None]:
    """'openai' -> ('openai', None): the default loop; 'openai:openai-1' -> ('openai', 'openai-1')."""
    company, _, process = value.partition(LOOP_SEPARATOR)
    return company.strip(), process.strip() or None


@dataclass(frozen=True)
class Loop:
    """A company's loop to compare: its checklist, and whether it was picked (`company=slug:process`)."""

    checklist: Checklist
    chosen: bool = False


class ComparedCompany(BaseModel):
    slug: str
    name: str
    process_id: str
    process_label: str
    kind_label: str
    interview_stages: int
    prep_items: int
    round_types: list[str] = Field(description="Round types its prep covers (rounds and what panels include)")
    chosen: bool = Field(False, description="The loop was picked (company=slug:process), not the default one")


class RoundRef(BaseModel):
    position: int
    name: str
    duration: str


class AlignedRow(BaseModel):
    round_type: str
    label: str
    family: str
    cells: list[list[RoundRef]] = Field(description="One list per company, in the order of `companies`")
    included_in: list[list[RoundRef]] = Field(
        description="Per company: its panel rounds whose description names this round type"
    )
    companies: list[str] = Field(description="Slugs of the companies with a round of this type")
    prep_companies: list[str] = Field(description="Slugs of the companies whose prep covers it (panels included)")


class MergedItem(BaseModel):
    id: str
    prep_item_id: str
    round_type: str
    text: str
    sources: list[SourceLink]
    companies: list[str] = Field(description="Slugs of the companies whose loops it prepares for")


class MergedGroup(BaseModel):
    round_type: str
    label: str
    companies: list[str]
    items: list[MergedItem]


class Comparison(BaseModel):
    format_version: int = FORMAT_VERSION
    key: str
    title: str
    companies: list[ComparedCompany]
    rows: list[AlignedRow]
    shared_round_types: list[str] = Field(description="Prep that counts for two or more of the companies")
    common_round_types: list[str] = Field(description="Prep that counts for all of them")
    unique_round_types: dict[str, list[str]] = Field(description="Company slug -> round types only it has")
    groups: list[MergedGroup] = Field(description="The merged checklist, by round type in the aligned order")
    total_items: int
    shared_items: int


def prep_round_types(checklist: Checklist) -> list[str]:
    """The round types a checklist prepares for, in loop order: each round's own, then what a panel includes."""
    seen: dict[str, None] = {}
    for round_ in checklist.rounds:
        seen.setdefault(round_.round_type)
        for included in round_.includes:
            seen.setdefault(included.round_type)
    return list(seen)


def _mean_position(slug: str, checklists: Sequence[Checklist]) -> float:
    positions = []
    for checklist in checklists:
        count = len(checklist.rounds)
        for index, round_ in enumerate(checklist.rounds):
            if round_.round_type == slug:
                positions.append(index / (count - 1) if count > 1 else 0.0)
                break
    return statistics.mean(positions) if positions else 1.0


def comparison_key(slugs: Sequence[str]) -> str:
    return "compare-" + "+".join(sorted(slugs))


def _company_and_process(checklist: Checklist) -> tuple[CompanyInfo, ProcessSummary]:
    """What a company checklist is built on; a custom or typical checklist has neither, so cannot be compared."""
    if checklist.company is None or checklist.process is None:
        raise ValueError("compare takes company checklists")
    return checklist.company, checklist.process


def build_comparison(loops: Sequence[Loop | Checklist]) -> Comparison:
    if not MIN_COMPANIES <= len(loops) <= MAX_COMPANIES:
        raise ValueError(f"compare takes {MIN_COMPANIES} to {MAX_COMPANIES} checklists")
    compared = [loop if isinstance(loop, Loop) else Loop(loop) for loop in loops]
    checklists = [loop.checklist for loop in compared]
    identities = [_company_and_process(checklist) for checklist in checklists]
    slugs = [company.slug for company, _ in identities]
    covered = {slug: prep_round_types(checklist) for slug, checklist in zip(slugs, checklists)}
    order = _aligned_order(checklists)
    all_covered = list(order) + sorted(
        {slug for types in covered.values() for slug in types} - set(order), key=lambda slug: ROUND_TYPE_ORDER[slug]
    )
    counts = {slug: sum(slug in types for types in covered.values()) for slug in all_covered}
    key = comparison_key(slugs)
    merged = _merged_items(key, checklists, slugs)
    companies = [
        _compared_company(loop, company, process, covered[company.slug])
        for loop, (company, process) in zip(compared, identities)
    ]
    return Comparison(
        key=key,
        title="Compare loops: " + " · ".join(company.name for company in companies),
        companies=companies,
        rows=[_aligned_row(slug, compared, slugs, covered) for slug in order],
        shared_round_types=[slug for slug in all_covered if counts[slug] >= 2],
        common_round_types=[slug for slug in all_covered if counts[slug] == len(checklists)],
        unique_round_types={
            company: [slug for slug in all_covered if counts[slug] == 1 and slug in covered[company]]
            for company in slugs
        },
        groups=_merged_groups(all_covered, merged, slugs, covered),
        total_items=len(merged),
        shared_items=sum(len(item.companies) >= 2 for item in merged.values()),
    )


def _aligned_order(checklists: Sequence[Checklist]) -> list[str]:
    """The round types of the loops' rounds, by where they usually come in these loops (then taxonomy order)."""
    round_slugs = {round_.round_type for checklist in checklists for round_ in checklist.rounds}
    return sorted(round_slugs, key=lambda slug: (_mean_position(slug, checklists), ROUND_TYPE_ORDER.get(slug, 99)))


def _ref(round_: Round) -> RoundRef:
    return RoundRef(
        position=round_.position, name=round_.name, duration=duration_text(round_.duration, round_.duration_basis)
    )


def _aligned_row(
    slug: str, loops: Sequence[Loop], slugs: Sequence[str], covered: Mapping[str, list[str]]
) -> AlignedRow:
    checklists = [loop.checklist for loop in loops]
    cells = [[_ref(r) for r in checklist.rounds if r.round_type == slug] for checklist in checklists]
    included_in = [
        [_ref(r) for r in checklist.rounds if any(i.round_type == slug for i in r.includes)] for checklist in checklists
    ]
    return AlignedRow(
        round_type=slug,
        label=ROUND_TYPES_BY_SLUG[slug].label,
        family=ROUND_TYPES_BY_SLUG[slug].family,
        cells=cells,
        included_in=included_in,
        companies=[company for company, cell in zip(slugs, cells) if cell],
        prep_companies=_covering(slug, slugs, covered),
    )


def _covering(slug: str, slugs: Sequence[str], covered: Mapping[str, list[str]]) -> list[str]:
    """The companies (in their order) whose prep covers the round type."""
    return [company for company in slugs if slug in covered[company]]


def _merged_items(key: str, checklists: Sequence[Checklist], slugs: Sequence[str]) -> dict[str, MergedItem]:
    """Prep item id -> the item once, with the companies whose checklists list it (in the companies' order)."""
    merged: dict[str, MergedItem] = {}
    for checklist, slug in zip(checklists, slugs):
        for round_ in checklist.rounds:
            for item in round_.items:
                entry = merged.get(item.prep_item_id)
                if entry is None:
                    merged[item.prep_item_id] = MergedItem(
                        id=f"{key}:{item.prep_item_id}",
                        prep_item_id=item.prep_item_id,
                        round_type=item.round_type,
                        text=item.text,
                        sources=item.sources,
                        companies=[slug],
                    )
                elif slug not in entry.companies:
                    entry.companies.append(slug)
    return merged


def _merged_groups(
    all_covered: Sequence[str],
    merged: Mapping[str, MergedItem],
    slugs: Sequence[str],
    covered: Mapping[str, list[str]],
) -> list[MergedGroup]:
    """The merged items by round type, in the aligned order; a round type without items has no group."""
    groups = []
    for slug in all_covered:
        items = [item for item in merged.values() if item.round_type == slug]
        if items:
            groups.append(
                MergedGroup(
                    round_type=slug,
                    label=ROUND_TYPES_BY_SLUG[slug].label,
                    companies=_covering(slug, slugs, covered),
                    items=items,
                )
            )
    return groups


def _compared_company(
    loop: Loop, company: CompanyInfo, process: ProcessSummary, round_types: list[str]
) -> ComparedCompany:
    checklist = loop.checklist
    return ComparedCompany(
        slug=company.slug,
        name=company.name,
        process_id=process.id,
        process_label=process.label,
        kind_label=process.kind_label,
        interview_stages=checklist.totals.interview_stages,
        prep_items=checklist.totals.prep_items,
        round_types=round_types,
        chosen=loop.chosen,
    )
