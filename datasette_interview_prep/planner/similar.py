"""Companies most like a given one: the shape of their loops, their kind of company, and the sources they share.

A loop is the sequence of the round types of its interview stages (application
review, reference check and offer are left out: every company has them or
does not say). Two companies are compared by

    similarity = 0.6 × loop + 0.2 × category + 0.2 × shared sources

- loop = 0.6 × weighted Jaccard of the round-type sets
       + 0.4 × (1 − edit distance of the sequences / length of the longer).
  The Jaccard part weighs each round type by its prep weight (data/rounds.yaml),
  so sharing a coding round counts for more than sharing a recruiter call; the
  edit-distance part (optimal string alignment: insert, delete, substitute, swap
  neighbours) rewards the same rounds in the same order. A company with several
  processes is scored by its closest one.
- category = 1 when both have the same category (model lab, infrastructure,
  product, big tech, ...), else 0: a model lab's loop is more like another
  lab's than a staffing agency's with the same round types.
- shared sources = Jaccard of the sets of sources about each company: threads
  and articles that discuss both (candidates comparing OpenAI and Anthropic
  loops, say).

A loop with no company behind it (a custom or the typical loop) has no
category or sources: only its loop part counts, as 100%. Pure: rows in,
matches out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple, TypedDict, cast

from pydantic import BaseModel, Field

from datasette_interview_prep.planner.rows import CompanyCategoryRow, CompanySourceRow, LoopStepRow, RawRow

SET_WEIGHT, ORDER_WEIGHT = 0.6, 0.4
LOOP_WEIGHT, CATEGORY_WEIGHT, SOURCES_WEIGHT = 0.6, 0.2, 0.2
DEFAULT_LIMIT = 5
MIN_SIMILARITY = 0.2

FOOTNOTE = (
    f"Similarity is {LOOP_WEIGHT:.0%} the loop, {CATEGORY_WEIGHT:.0%} the kind of company and "
    f"{SOURCES_WEIGHT:.0%} the sources they share. The loop compares the round types of the interview stages "
    f"(application review, references and offer left out): {SET_WEIGHT:.0%} is the overlap of the two sets of "
    "round types, each weighted by its prep effort (weighted Jaccard), and "
    f"{ORDER_WEIGHT:.0%} is how little editing turns one sequence into the other (1 − edit distance ÷ the longer "
    "length, where adding, removing, changing or swapping two neighbouring rounds costs 1); a company with several "
    "processes counts by its closest one. The kind of company counts when both have the same category (model lab, "
    "product, big tech, ...); the shared sources are the threads and articles about both, as a share of those about "
    "either. A loop you built yourself has no company: only the loop counts."
)


class SimilarCompany(BaseModel):
    slug: str
    name: str
    process_id: str
    similarity: float = Field(description="0-1")
    loop_similarity: float = Field(description="The loop part: set and order of the round types")
    set_similarity: float
    order_similarity: float
    same_category: bool
    category: str | None
    shared_sources: int = Field(description="Sources about both companies")
    source_similarity: float = Field(description="Shared sources / sources about either")
    aggregate: bool = Field(False, description="Several employers reported together (Big Tech)")
    shared_round_types: list[str]
    round_types: list[str] = Field(description="Its loop, as round types in order")


def weighted_jaccard(a: Iterable[str], b: Iterable[str], weights: Mapping[str, float]) -> float:
    return _weighted_jaccard_of_sets(frozenset(a), frozenset(b), weights)


def _weighted_jaccard_of_sets(set_a: frozenset[str], set_b: frozenset[str], weights: Mapping[str, float]) -> float:
    union = set_a | set_b
    if not union:
        return 0.0
    return sum(weights.get(slug, 1.0) for slug in set_a & set_b) / sum(weights.get(slug, 1.0) for slug in union)


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Edit distance between two sequences: insert, delete, substitute or swap two neighbours, 1 each
    (optimal string alignment). A swap counts once: a loop with two rounds the other way round is close."""
    rows = [[i + j if i == 0 or j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def order_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    longest = max(len(a), len(b))
    return 1.0 - edit_distance(a, b) / longest if longest else 0.0


def loop_similarity(a: Sequence[str], b: Sequence[str], weights: Mapping[str, float]) -> tuple[float, float, float]:
    """(similarity, set part, order part) of two round-type sequences."""
    set_part, order_part = weighted_jaccard(a, b, weights), order_similarity(a, b)
    return _loop_part(set_part, order_part), set_part, order_part


def _loop_part(set_part: float, order_part: float) -> float:
    return SET_WEIGHT * set_part + ORDER_WEIGHT * order_part


class CompanyLoops(TypedDict):
    """A company's loops as `loops_from_rows` gives them: interview stages only."""

    name: str
    category: str | None
    aggregate: bool
    sources: frozenset[int]  # ids of the sources about the company
    processes: dict[str, list[str]]  # process id -> its round types in order
    round_type_sets: dict[str, frozenset[str]]  # process id -> the set of its round types


def loops_from_rows(
    step_rows: Iterable[RawRow], company_rows: Iterable[RawRow] = (), source_rows: Iterable[RawRow] = ()
) -> dict[str, CompanyLoops]:
    """Step rows (LoopStepRow: company, company_name, process_id, position, round_type, is_interview),
    company rows (CompanyCategoryRow: slug, category, aggregate) and source rows (CompanySourceRow:
    company, source_id) -> {company slug: CompanyLoops}, interview stages only."""
    steps = cast("Iterable[LoopStepRow]", step_rows)
    companies: dict[str, CompanyLoops] = {}
    for row in sorted(steps, key=lambda row: (row["company"], row["process_id"], row["position"])):
        company = companies.setdefault(
            row["company"],
            CompanyLoops(
                name=row["company_name"],
                category=None,
                aggregate=False,
                sources=frozenset(),
                processes={},
                round_type_sets={},
            ),
        )
        sequence = company["processes"].setdefault(row["process_id"], [])
        if row["is_interview"]:
            sequence.append(row["round_type"])
    for category_row in cast("Iterable[CompanyCategoryRow]", company_rows):
        if (loops := companies.get(category_row["slug"])) is not None:
            loops["category"] = category_row.get("category")
            loops["aggregate"] = bool(category_row.get("aggregate"))
    sources: dict[str, set[int]] = {}
    for source_row in cast("Iterable[CompanySourceRow]", source_rows):
        sources.setdefault(source_row["company"], set()).add(source_row["source_id"])
    for slug, ids in sources.items():
        if slug in companies:
            companies[slug]["sources"] = frozenset(ids)
    for company in companies.values():
        company["round_type_sets"] = {pid: frozenset(sequence) for pid, sequence in company["processes"].items()}
    return companies


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    union = len(a | b)
    return len(a & b) / union if union else 0.0


class PartWeights(NamedTuple):
    """How much the loop, the category and the shared sources count; a loop with no company: the loop only."""

    loop: float
    category: float
    sources: float


class Candidate(NamedTuple):
    """One process of another company, with the parts of its score that cost nothing to compute."""

    bound: float  # the highest score it can reach: its order part at most 1
    set_part: float
    fixed: float  # the category and source parts, weighted
    same_category: bool
    source_part: float
    slug: str
    process_id: str
    loop: list[str]


def similar_companies(
    loop: Sequence[str],
    company_slug: str | None,
    loops: Mapping[str, CompanyLoops],
    weights: Mapping[str, float],
    limit: int = DEFAULT_LIMIT,
    min_similarity: float = MIN_SIMILARITY,
) -> list[SimilarCompany]:
    """The `limit` companies (other than `company_slug`) most like it, closest first.

    The category and source parts are set lookups and the loop's set part is
    cheap; only the order part (an edit distance) is not, and it is at most 1.
    So candidates are scored best bound first and the edit distances stop as soon
    as no remaining loop can reach the current top `limit`: exact, and fast over
    thousands of companies. The set part is computed once per distinct set of
    round types (a few dozen, however many companies share them).
    """
    if not loop:
        return []
    subject = loops.get(company_slug) if company_slug else None
    part_weights = _part_weights(subject)
    best: dict[str, SimilarCompany] = {}
    for candidate in _candidates(loop, company_slug, subject, loops, weights):
        top = sorted((match.similarity for match in best.values()), reverse=True)[:limit]
        if candidate.bound < min_similarity or (len(top) == limit and candidate.bound < top[-1]):
            break
        order_part = order_similarity(loop, candidate.loop)
        score = part_weights.loop * _loop_part(candidate.set_part, order_part) + candidate.fixed
        if score >= min_similarity and (candidate.slug not in best or score > best[candidate.slug].similarity):
            best[candidate.slug] = _match(loop, candidate, order_part, score, _sources(subject), loops[candidate.slug])
    matches = sorted(best.values(), key=lambda match: (-match.similarity, match.name.lower()))
    return matches[:limit]


def _part_weights(subject: CompanyLoops | None) -> PartWeights:
    if subject is None:
        return PartWeights(1.0, 0.0, 0.0)
    return PartWeights(LOOP_WEIGHT, CATEGORY_WEIGHT, SOURCES_WEIGHT)


def _sources(company: CompanyLoops | None) -> frozenset[int]:
    return (company.get("sources") or frozenset()) if company is not None else frozenset()


def _candidates(
    loop: Sequence[str],
    company_slug: str | None,
    subject: CompanyLoops | None,
    loops: Mapping[str, CompanyLoops],
    weights: Mapping[str, float],
) -> list[Candidate]:
    """Every process with interview stages of every other company, the highest bound first."""
    part_weights = _part_weights(subject)
    category = subject.get("category") if subject is not None else None
    sources = _sources(subject)
    subject_set = frozenset(loop)
    set_parts: dict[frozenset[str], float] = {}
    candidates = []
    for slug, company in loops.items():
        if slug == company_slug:
            continue
        same_category = category is not None and company.get("category") == category
        source_part = _jaccard(sources, _sources(company))
        fixed = part_weights.category * same_category + part_weights.sources * source_part
        round_type_sets = company["round_type_sets"]
        for process_id, other in company["processes"].items():
            if other:
                other_set = round_type_sets[process_id]
                set_part = set_parts.get(other_set)
                if set_part is None:
                    set_part = set_parts[other_set] = _weighted_jaccard_of_sets(subject_set, other_set, weights)
                bound = part_weights.loop * _loop_part(set_part, 1.0) + fixed  # the order part is at most 1
                candidates.append(
                    Candidate(bound, set_part, fixed, same_category, source_part, slug, process_id, other)
                )
    candidates.sort(key=lambda candidate: -candidate.bound)
    return candidates


def _match(
    loop: Sequence[str],
    candidate: Candidate,
    order_part: float,
    score: float,
    sources: frozenset[int],
    company: CompanyLoops,
) -> SimilarCompany:
    other = candidate.loop
    return SimilarCompany(
        slug=candidate.slug,
        name=company["name"],
        process_id=candidate.process_id,
        similarity=round(score, 4),
        loop_similarity=round(_loop_part(candidate.set_part, order_part), 4),
        set_similarity=round(candidate.set_part, 4),
        order_similarity=round(order_part, 4),
        same_category=candidate.same_category,
        category=company.get("category"),
        shared_sources=len(sources & _sources(company)),
        source_similarity=round(candidate.source_part, 4),
        aggregate=bool(company.get("aggregate")),
        shared_round_types=[rt for rt in dict.fromkeys(loop) if rt in set(other)],
        round_types=list(other),
    )
