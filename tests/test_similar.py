"""Similar companies (similar.py): the measure on hand-made loops, then on the real data."""

from __future__ import annotations

import pytest

from datasette_interview_prep.planner.similar import (
    CATEGORY_WEIGHT,
    FOOTNOTE,
    LOOP_WEIGHT,
    SOURCES_WEIGHT,
    edit_distance,
    loop_similarity,
    loops_from_rows,
    order_similarity,
    similar_companies,
    weighted_jaccard,
)

WEIGHTS = {
    "recruiter_screen": 0.5,
    "coding": 3.0,
    "system_design": 3.0,
    "hiring_manager": 1.0,
    "behavioral": 1.5,
    "panel": 2.0,
}


def test_weighted_jaccard_weighs_round_types_by_prep_effort():
    assert weighted_jaccard(["coding"], ["coding"], WEIGHTS) == 1.0
    assert weighted_jaccard([], [], WEIGHTS) == 0.0
    # Sharing coding (3) of coding + recruiter (3.5) beats sharing recruiter (0.5) of the same union.
    shares_coding = weighted_jaccard(["coding", "recruiter_screen"], ["coding"], WEIGHTS)
    shares_recruiter = weighted_jaccard(["coding", "recruiter_screen"], ["recruiter_screen"], WEIGHTS)
    assert shares_coding == pytest.approx(3 / 3.5) and shares_recruiter == pytest.approx(0.5 / 3.5)


def test_edit_distance_counts_a_swap_of_neighbours_once():
    assert edit_distance(["a", "b", "c"], ["a", "b", "c"]) == 0
    assert edit_distance(["a", "b"], ["b", "a"]) == 1
    assert edit_distance(["a", "b", "c"], ["a", "c"]) == 1
    assert edit_distance([], ["a", "b"]) == 2
    assert edit_distance(["a", "b", "c"], ["x", "y", "z"]) == 3
    assert order_similarity(["a", "b"], ["b", "a"]) == 0.5
    assert order_similarity([], []) == 0.0


def test_same_rounds_in_the_same_order_score_1_and_order_matters():
    loop = ["recruiter_screen", "coding", "hiring_manager", "panel"]
    assert loop_similarity(loop, loop, WEIGHTS)[0] == pytest.approx(1.0)
    swapped = ["recruiter_screen", "hiring_manager", "coding", "panel"]
    reversed_ = list(reversed(loop))
    assert 1.0 > loop_similarity(loop, swapped, WEIGHTS)[0] > loop_similarity(loop, reversed_, WEIGHTS)[0]
    assert loop_similarity(loop, reversed_, WEIGHTS)[1] == 1.0  # the same set


def _rows():
    def steps(company, name, process, types, interview=None):
        return [
            {
                "company": company,
                "company_name": name,
                "process_id": process,
                "position": i,
                "round_type": rt,
                "is_interview": 1 if interview is None else interview[i - 1],
            }
            for i, rt in enumerate(types, start=1)
        ]

    return (
        steps("acme", "Acme", "acme-1", ["recruiter_screen", "coding", "panel"])
        + steps(
            "twin",
            "Twin",
            "twin-1",
            ["application_review", "recruiter_screen", "coding", "panel", "offer"],
            interview=[0, 1, 1, 1, 0],
        )
        + steps("multi", "Multi", "multi-1", ["behavioral"])
        + steps("multi", "Multi", "multi-2", ["recruiter_screen", "coding", "hiring_manager", "panel"])
        + steps("far", "Far", "far-1", ["behavioral", "hiring_manager"])
    )


def test_loops_keep_interview_stages_in_order():
    loops = loops_from_rows(reversed(_rows()))
    assert loops["twin"]["processes"]["twin-1"] == ["recruiter_screen", "coding", "panel"]
    assert loops["multi"]["name"] == "Multi" and set(loops["multi"]["processes"]) == {"multi-1", "multi-2"}


def test_similar_companies_ranks_the_closest_loops_and_skips_the_company_itself():
    loops = loops_from_rows(_rows())
    matches = similar_companies(["recruiter_screen", "coding", "panel"], "acme", loops, WEIGHTS)
    assert [match.slug for match in matches] == ["twin", "multi"]  # "far" shares nothing: below the threshold
    twin, multi = matches
    assert twin.loop_similarity == 1.0 and twin.shared_round_types == ["recruiter_screen", "coding", "panel"]
    assert twin.similarity == pytest.approx(LOOP_WEIGHT)  # no category or sources known for either
    assert multi.process_id == "multi-2"  # a company counts by its closest process
    assert 0 < multi.similarity < 1
    assert similar_companies([], "acme", loops, WEIGHTS) == []
    custom = similar_companies(["recruiter_screen", "coding", "panel"], None, loops, WEIGHTS, limit=2)
    assert {(match.slug, match.similarity) for match in custom} == {("acme", 1.0), ("twin", 1.0)}  # the loop is all


def test_the_same_category_and_shared_sources_count_beside_the_loop():
    """Round types alone made a product company Anthropic's closest; the kind of company and the sources count too."""
    companies = [
        {"slug": "acme", "category": "model"},
        {"slug": "twin", "category": "staffing"},
        {"slug": "multi", "category": "model"},
        {"slug": "far", "category": "big_tech", "aggregate": 1},
    ]
    sources = [
        {"company": "acme", "source_id": 1},
        {"company": "acme", "source_id": 2},
        {"company": "multi", "source_id": 1},
        {"company": "multi", "source_id": 2},
        {"company": "twin", "source_id": 3},
    ]
    loops = loops_from_rows(_rows(), companies, sources)
    assert loops["multi"]["sources"] == frozenset({1, 2}) and loops["far"]["aggregate"] is True
    matches = similar_companies(["recruiter_screen", "coding", "panel"], "acme", loops, WEIGHTS)
    multi, twin = matches[:2]
    assert multi.slug == "multi" and twin.slug == "twin"  # the same loop, but another kind of company
    assert multi.same_category and multi.shared_sources == 2 and multi.source_similarity == 1.0
    assert multi.similarity == pytest.approx(
        LOOP_WEIGHT * multi.loop_similarity + CATEGORY_WEIGHT + SOURCES_WEIGHT, abs=1e-4
    )
    assert not twin.same_category and twin.shared_sources == 0 and twin.similarity == pytest.approx(LOOP_WEIGHT)


def test_the_footnote_explains_every_part():
    for phrase in ("weighted Jaccard", "edit distance", "category", "sources", "60%", "20%"):
        assert phrase in FOOTNOTE


async def test_a_checklist_page_lists_similar_companies_with_the_footnote(ds):
    data = (await ds.client.get("/-/prep/anthropic.json")).json()
    similar = data["similar_companies"]
    assert 0 < len(similar) <= 5 and "anthropic" not in {match["slug"] for match in similar}
    scores = [match["similarity"] for match in similar]
    assert scores == sorted(scores, reverse=True)
    page = (await ds.client.get("/-/prep/anthropic")).text
    assert 'id="similarity-note"' in page and "weighted Jaccard" in page
    assert f'href="/-/prep/{similar[0]["slug"]}"' in page
    assert f'href="/-/prep/compare?company=anthropic&amp;company={similar[0]["slug"]}"' in page


async def test_the_loops_read_once_per_file_are_not_held_to_the_visitors_sql_time_limit(db_path):
    """company_loops reads whole tables once per file; at 100x on a loaded machine those reads passed
    sql_time_limit_ms (meant for visitors' SQL) and a checklist's first visit answered 500."""
    from datasettes import start_datasette

    from datasette_interview_prep.web import prep_read
    from datasette_interview_prep.web.interview_db import interview_database

    ds = await start_datasette(settings={"sql_time_limit_ms": 1}, immutables=[str(db_path)])
    loops = await prep_read.company_loops(interview_database(ds))
    assert "anthropic" in loops and len(loops) > 50
