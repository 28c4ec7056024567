"""The cases where a value the types call optional is absent: a claim that is not a number or a range, a
round type with no stated length, no described process, a checklist with no company."""

from __future__ import annotations

import json

import pytest

from datasette_interview_prep.planner.checklist import build_checklist
from datasette_interview_prep.planner.compare import build_comparison
from datasette_interview_prep.render.charts import stats_charts
from datasette_interview_prep.stats.claims import Claim, parse_claim
from datasette_interview_prep.stats.compute import compute_stats
from datasette_interview_prep.stats.durations import Lengths, summarise_durations
from datasette_interview_prep.stats.models import Links, StatsRows
from datasette_interview_prep.web import prep_read
from datasette_interview_prep.web.interview_db import interview_database

LINKS = Links("/interview")


def _rows(processes, steps=(), report=(), postings=None, loaded=None) -> StatsRows:
    return StatsRows(
        processes=list(processes),
        steps=list(steps),
        sources=[],
        report_figures=[
            {"key": key, "label": key, "value": value, "section": None, "note": None} for key, value in report
        ],
        postings=postings,
        loaded_posting_ids=loaded,
    )


def _process(pid, step_count, posting_ids=("1",)):
    return {
        "id": pid,
        "company": pid,
        "company_name": pid.title(),
        "kind": "job_posting",
        "step_count": step_count,
        "interview_stage_count": step_count,
        "posting_ids": json.dumps(list(posting_ids)),
    }


def _step(pid, position, round_type="coding", low=None, high=None):
    return {
        "process_id": pid,
        "position": position,
        "name": f"Step {position}",
        "round_type": round_type,
        "family": "coding",
        "is_interview": 1,
        "minutes_low": low,
        "minutes_high": high,
    }


def _figure(stats, key):
    return next(figure for figure in stats.figures if figure.key == key)


def test_only_a_range_claim_has_bounds():
    assert parse_claim("3-5").bounds == (3.0, 5.0)
    assert parse_claim("3 to 6").bounds == (3.0, 6.0)
    for text in ("~4", "4", "700+", "A, B", "varies"):
        assert parse_claim(text).bounds is None, text
    assert Claim("1-2", "text", low=1, high=2).bounds is None  # bounds come with the range kind only


def test_a_typical_range_that_is_not_a_range_falls_back_to_three_to_five():
    processes = [_process("a", 4), _process("b", 9)]
    steps = [_step(p["id"], n) for p in processes for n in range(1, p["step_count"] + 1)]
    stats = compute_stats(_rows(processes, steps, report=[("typical_range", "most")]), LINKS)
    typical = _figure(stats, "typical_range")
    assert typical.computed == "50% (1 of 2) have 3-5" and "step_count__lte=5" in typical.check_url
    stats = compute_stats(_rows(processes, steps, report=[("typical_range", "4-9")]), LINKS)
    assert _figure(stats, "typical_range").computed == "100% (2 of 2) have 4-9"


def test_candidate_rounds_are_compared_only_against_a_range():
    candidate = {**_process("c", 4), "kind": "candidate_report"}
    steps = [_step("c", n) for n in range(1, 5)]
    assert not [
        f
        for f in compute_stats(_rows([candidate], steps, [("total_rounds", "many")]), LINKS).figures
        if f.key == "total_rounds"
    ]
    stats = compute_stats(_rows([candidate], steps, [("total_rounds", "3-6")]), LINKS)
    assert _figure(stats, "total_rounds").matches is True


def test_no_stated_length_is_no_lengths_and_a_value_of_nones():
    steps = [_step("a", 1), _step("a", 2, "system_design", 60, 90)]
    assert summarise_durations(steps, ("coding",)) is None
    assert summarise_durations(steps, ("system_design",)) == Lengths(1, 75.0, 60, 90)
    stats = compute_stats(_rows([_process("a", 2)], steps, report=[("coding_duration", "45-60 min")]), LINKS)
    coding = _figure(stats, "coding_duration")
    assert coding.matches is None and coding.computed == "no step states a length"
    assert coding.value == {"steps": 0, "median_minutes": None, "min_minutes": None, "max_minutes": None}
    assert [d.round_type for d in stats.durations] == ["system_design"]  # no summary without a stated length
    assert stats.durations[0].report_range is None


def test_a_share_claim_beside_a_count_claim_that_is_not_a_number():
    processes = [_process("a", 1, ("1", "2"))]
    rows = _rows(
        processes,
        [_step("a", 1)],
        report=[("share_with_process", "50%"), ("postings_with_process", "a few")],
        postings={"postings": 10},
        loaded={"1", "2"},
    )
    share = _figure(compute_stats(rows, LINKS), "share_with_process")
    assert share.matches is False
    assert share.explanation == "2 of 10 postings is 20.0%."  # nothing about the report's own count


def test_a_share_claim_that_follows_from_the_reports_own_count():
    processes = [_process("a", 1, ("1", "2"))]
    rows = _rows(
        processes,
        [_step("a", 1)],
        report=[("share_with_process", "50%"), ("postings_with_process", "5")],
        postings={"postings": 10},
        loaded={"1", "2"},
    )
    share = _figure(compute_stats(rows, LINKS), "share_with_process")
    assert share.matches is False and "follows from its own 5 postings with a process (50.0%)" in share.explanation


def test_no_described_process_draws_no_stage_chart():
    stats = compute_stats(_rows([_process("a", 0)]), LINKS)
    assert all(summary.median is None for summary in stats.stage_definitions)
    assert "chart-stages" not in [chart.id for chart in stats_charts(stats)]
    stats = compute_stats(_rows([_process("a", 1)], [_step("a", 1)]), LINKS)
    assert "chart-stages" in [chart.id for chart in stats_charts(stats)]


@pytest.mark.parametrize("missing", ["company", "process"])
async def test_compare_refuses_a_checklist_without_company_or_process(ds, missing):
    db = interview_database(ds)
    knowledge = await prep_read.knowledge(db)
    anthropic, openai = [
        build_checklist(await prep_read.company_rows(db, s), knowledge) for s in ("anthropic", "openai")
    ]
    assert build_comparison([anthropic, openai]).key == "compare-anthropic+openai"
    with pytest.raises(ValueError, match="compare takes company checklists"):
        build_comparison([anthropic, openai.model_copy(update={missing: None})])
