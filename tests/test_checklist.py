"""The pure checklist functions, on hand-made rows."""

from __future__ import annotations

import json

import pytest

from datasette_interview_prep.core.rounds import ROUND_TYPES
from datasette_interview_prep.planner.base_rates import compute_base_rates, typical_loop
from datasette_interview_prep.planner.checklist import (
    EVIDENCE_LINKS,
    Checklist,
    CompanyRows,
    Knowledge,
    UnknownProcess,
    UnknownRoundTypes,
    build_checklist,
    build_custom_checklist,
    build_typical_checklist,
    included_round_types,
    parse_round_types,
)
from datasette_interview_prep.render.checklist import (
    checklist_json,
    checklist_markdown,
    summary_line,
)


def _source(id: int, url: str, *, platform="reddit", published=None, round_types=(), title=None, score=None):
    return {
        "id": id,
        "url": url,
        "title": title or f"Source {id}",
        "platform": platform,
        "community": None,
        "score": score,
        "published": published,
        "round_types": json.dumps(list(round_types)),
    }


def _knowledge() -> Knowledge:
    round_types = [
        {
            "slug": rt.slug,
            "label": rt.label,
            "family": rt.family,
            "is_interview": int(rt.is_interview),
            "position": index,
            "what_candidates_report": f"Generally, {rt.label} rounds are like this.",
            "reported_duration": "45-60 min"
            if rt.slug == "coding"
            else ("1-2 days" if rt.slug == "take_home" else None),
            "reported_minutes_low": 45 if rt.slug == "coding" else (480 if rt.slug == "take_home" else None),
            "reported_minutes_high": 60 if rt.slug == "coding" else (960 if rt.slug == "take_home" else None),
            "weight": 2.0,
            "source_count": 7,
        }
        for index, rt in enumerate(ROUND_TYPES, start=1)
    ]

    def links(*urls: str) -> str:
        return json.dumps(
            [
                {"url": url, "title": f"Title of {url}", "platform": "blog", "published": None, "score": None}
                for url in urls
            ]
        )

    prep_items = [
        {
            "id": "screen-pitch",
            "round_type": "recruiter_screen",
            "position": 1,
            "text": "Rehearse your pitch.",
            "sources": json.dumps(["https://a.example/1"]),
            "source_links": links("https://a.example/1"),
        },
        {
            "id": "coding-lru",
            "round_type": "coding",
            "position": 1,
            "text": "Implement an LRU cache.",
            "sources": json.dumps([]),
            "source_links": "[]",
        },
        {
            "id": "coding-kv",
            "round_type": "coding",
            "position": 2,
            "text": "Build a <KV> store [in stages].",
            "sources": json.dumps(["https://acme.example/kv", "https://b.example/2"]),
            "source_links": links("https://b.example/2", "https://acme.example/kv"),
        },
        {
            "id": "design-search",
            "round_type": "system_design",
            "position": 1,
            "text": "Design search at scale.",
            "sources": "[]",
            "source_links": "[]",
        },
        {
            "id": "take-home-scope",
            "round_type": "take_home",
            "position": 1,
            "text": "Cut scope on purpose.",
            "sources": "[]",
            "source_links": "[]",
        },
    ]
    return Knowledge(round_types, prep_items)


def _step(process_id, position, name, round_type, duration=None, low=None, high=None, is_interview=1, **extra):
    return {
        "process_id": process_id,
        "position": position,
        "name": name,
        "duration": duration,
        "minutes_low": low,
        "minutes_high": high,
        "details": extra.get("details"),
        "questions": json.dumps(extra.get("questions", [])),
        "round_type": round_type,
        "family": next(rt.family for rt in ROUND_TYPES if rt.slug == round_type),
        "is_interview": is_interview,
    }


def _company_rows() -> CompanyRows:
    company = {
        "slug": "acme",
        "name": "Acme",
        "category": "model",
        "note": "Practise concurrency.",
        "website": None,
        "source_count": 4,
    }
    processes = [
        {
            "id": "acme-1",
            "company": "acme",
            "position": 1,
            "kind": "candidate_report",
            "name": "Loop from a blog",
            "role": "Software Engineer",
            "level": None,
            "reported": "2026-01",
            "timeline": "4 weeks",
            "summary": None,
            "notes": "[]",
            "step_count": 6,
            "interview_stage_count": 5,
            "posting_ids": "[]",
            "source_count": 1,
        },
        {
            "id": "acme-2",
            "company": "acme",
            "position": 2,
            "kind": "job_posting",
            "name": None,
            "role": "AI Engineer",
            "level": "Senior",
            "reported": None,
            "timeline": None,
            "summary": None,
            "notes": "[]",
            "step_count": 1,
            "interview_stage_count": 1,
            "posting_ids": '["123"]',
            "source_count": 0,
        },
    ]
    steps = [
        _step("acme-1", 1, "CV review", "application_review", is_interview=0),
        _step("acme-1", 2, "Recruiter call", "recruiter_screen", "30 min", 30, 30),
        _step(
            "acme-1",
            3,
            "Coding challenge",
            "coding",
            "90 min",
            90,
            90,
            details="Four levels.",
            questions=["Build a KV store"],
        ),
        _step("acme-1", 4, "Second coding round", "coding"),
        _step("acme-1", 5, "Take-home", "take_home", "2-3 hours", 120, 180),
        _step("acme-1", 6, "Onsite", "panel", "4 hours", 240, 240),
        _step("acme-2", 1, "Talent call", "recruiter_screen", "15 min", 15, 15),
    ]
    company_sources = [
        _source(1, "https://acme.example/kv", round_types=["coding"], published="2025-06", platform="teamblind"),
        _source(2, "https://c.example/3", round_types=["coding", "system_design"], published="2026-02"),
        _source(3, "https://c.example/4", round_types=[], published="2024"),
        _source(4, "https://report.example/acme", round_types=[]),
    ]
    process_sources = [{**_source(4, "https://report.example/acme"), "process_id": "acme-1"}]
    return CompanyRows(company, processes, steps, company_sources, process_sources)


def test_rounds_follow_the_data_order_with_types_and_durations():
    checklist = build_checklist(_company_rows(), _knowledge(), "acme-1")
    assert [(r.position, r.name, r.round_type, r.duration) for r in checklist.rounds] == [
        (1, "CV review", "application_review", None),
        (2, "Recruiter call", "recruiter_screen", "30 min"),
        (3, "Coding challenge", "coding", "90 min"),
        (4, "Second coding round", "coding", None),
        (5, "Take-home", "take_home", "2-3 hours"),
        (6, "Onsite", "panel", "4 hours"),
    ]
    coding = checklist.rounds[2]
    assert coding.details == "Four levels." and coding.questions == ["Build a KV store"]
    assert coding.what_candidates_report.startswith("Generally")
    assert checklist.rounds[0].is_interview is False and checklist.rounds[0].duration_basis is None
    assert coding.duration_basis == "stated"


def test_item_ids_are_stable_and_a_repeated_round_type_lists_its_prep_once():
    checklist = build_checklist(_company_rows(), _knowledge(), "acme-1")
    first, second = checklist.rounds[2], checklist.rounds[3]
    assert {item.id for item in first.items} == {"acme-1:coding-lru", "acme-1:coding-kv"}
    assert second.items == [] and second.same_prep_as == 3
    ids = [item.id for r in checklist.rounds for item in r.items]
    assert len(ids) == len(set(ids)) == checklist.totals.prep_items == 4


def test_prep_items_citing_the_company_come_first():
    coding = build_checklist(_company_rows(), _knowledge(), "acme-1").rounds[2]
    assert [item.prep_item_id for item in coding.items] == ["coding-kv", "coding-lru"]
    assert coding.items[0].cites_company and not coding.items[1].cites_company
    # Sources keep the order of the item's own list, with their titles.
    assert [s.url for s in coding.items[0].sources] == ["https://acme.example/kv", "https://b.example/2"]
    assert coding.items[0].sources[0].title == "Title of https://acme.example/kv"


def test_totals_count_interview_stages_and_keep_take_home_time_apart():
    totals = build_checklist(_company_rows(), _knowledge(), "acme-1").totals
    assert totals.rounds == 6
    assert totals.interview_stages == 5  # the CV review is not an interview
    assert (totals.known_minutes_low, totals.known_minutes_high) == (30 + 90 + 240, 30 + 90 + 240)
    assert (totals.take_home_minutes_low, totals.take_home_minutes_high) == (120, 180)
    assert totals.interview_stages_without_duration == 1
    assert summary_line(build_checklist(_company_rows(), _knowledge(), "acme-1")) == (
        "5 interview stages · 6 h known interview time (1 stage not timed) + take-home 2-3 hours · 4 prep items"
    )


def test_evidence_is_about_the_company_and_the_round_type():
    checklist = build_checklist(_company_rows(), _knowledge(), "acme-1")
    coding = checklist.rounds[2].evidence
    assert coding.scope == "company" and coding.count == 2
    assert coding.platforms == {"reddit": 1, "teamblind": 1}
    assert coding.latest == "2026-02"
    assert [s.url for s in coding.sources] == ["https://c.example/3", "https://acme.example/kv"]  # most recent first
    assert coding.all_companies_count == 7
    assert checklist.rounds[1].evidence.count == 0


def test_other_sources_skip_those_tied_to_a_round_or_backing_the_process():
    checklist = build_checklist(_company_rows(), _knowledge(), "acme-1")
    assert [s.url for s in checklist.other_sources] == ["https://c.example/4"]
    assert [s.url for s in checklist.process_sources] == ["https://report.example/acme"]


def test_evidence_lists_at_most_a_few_links_but_counts_them_all():
    rows = _company_rows()
    rows.company_sources = [
        _source(i, f"https://x.example/{i}", round_types=["coding"], published=f"20{10 + i}") for i in range(1, 9)
    ]
    evidence = build_checklist(rows, _knowledge()).rounds[2].evidence
    assert evidence.count == 8 and len(evidence.sources) == EVIDENCE_LINKS
    assert evidence.sources[0].url == "https://x.example/8"


def test_candidate_reports_and_postings_are_labelled():
    rows = _company_rows()
    report = build_checklist(rows, _knowledge())
    posting = build_checklist(rows, _knowledge(), "acme-2")
    assert report.is_candidate_report and report.process.kind_label == "Candidate report"
    assert not posting.is_candidate_report and posting.process.kind_label == "From a job posting"
    assert posting.process.posting_ids == ["123"] and posting.key == "acme-2"
    assert [p.id for p in posting.processes] == ["acme-1", "acme-2"]
    assert posting.rounds[0].items[0].id == "acme-2:screen-pitch"


def test_an_unknown_process_lists_the_choices():
    with pytest.raises(UnknownProcess) as raised:
        build_checklist(_company_rows(), _knowledge(), "acme-9")
    assert [choice.id for choice in raised.value.choices] == ["acme-1", "acme-2"]


def test_parse_round_types_keeps_order_and_repeats_and_forgives_spelling():
    assert parse_round_types(["recruiter_screen, Take-Home", "coding,,coding"]) == [
        "recruiter_screen",
        "take_home",
        "coding",
        "coding",
    ]
    assert parse_round_types(["", ""]) == []
    with pytest.raises(UnknownRoundTypes) as raised:
        parse_round_types(["coding,leetcode,<script>"])
    assert raised.value.unknown == ["leetcode", "<script>"]


def test_custom_checklist_uses_typical_durations_and_evidence_from_any_company():
    sources = [
        {**_source(1, "https://g.example/1", published="2025"), "round_type": "coding"},
        {**_source(2, "https://g.example/2"), "round_type": "take_home"},
    ]
    checklist = build_custom_checklist(
        ["recruiter_screen", "coding", "take_home", "coding"], _knowledge(), sources, "Acme Corp"
    )
    assert checklist.kind == "custom" and checklist.key == "custom-acme-corp"
    assert checklist.title == "Prep checklist: Acme Corp"
    assert [r.name for r in checklist.rounds] == [
        "Recruiter / talent screen",
        "Live coding",
        "Take-home assignment",
        "Live coding",
    ]
    coding = checklist.rounds[1]
    assert (coding.duration, coding.minutes_low, coding.minutes_high, coding.duration_basis) == (
        "45-60 min",
        45,
        60,
        "typical",
    )
    assert coding.evidence.scope == "all_companies" and [s.url for s in coding.evidence.sources] == [
        "https://g.example/1"
    ]
    assert checklist.rounds[3].same_prep_as == 2
    assert checklist.rounds[0].items[0].id == "custom-acme-corp:screen-pitch"
    assert checklist.totals.time_basis == "typical"
    assert build_custom_checklist(["coding"], _knowledge(), []).key == "custom-your-loop"


def _base_rate_steps():
    loops = {
        "p1": ["recruiter_screen", "coding", "coding", "panel", "offer"],
        "p2": ["recruiter_screen", "hiring_manager", "take_home", "panel"],
        "p3": ["application_review", "recruiter_screen", "coding", "other"],
        "p4": ["hiring_manager", "coding", "panel"],
    }
    return [
        {"process_id": pid, "position": index, "round_type": slug}
        for pid, slugs in loops.items()
        for index, slug in enumerate(slugs, start=1)
    ]


def test_base_rates_count_each_process_once_with_the_median_first_step():
    rates = {rate.round_type: rate for rate in compute_base_rates(_base_rate_steps())}
    assert rates["coding"].process_count == 3 and rates["coding"].share == 0.75
    assert rates["coding"].usual_step == 2  # first coding step in p1, p3, p4: 2, 3, 2
    assert rates["recruiter_screen"].usual_step == 1 and rates["recruiter_screen"].total_processes == 4
    assert rates["panel"].relative_position == 1.0
    assert rates["take_home"].share == 0.25
    assert [rate.round_type for rate in compute_base_rates(_base_rate_steps())][:2] == ["recruiter_screen", "coding"]


def test_typical_loop_takes_common_round_types_in_their_usual_order():
    rates = compute_base_rates(_base_rate_steps())
    assert [rate.round_type for rate in typical_loop(rates, min_share=0.5)] == [
        "recruiter_screen",
        "hiring_manager",
        "coding",
        "panel",
    ]
    assert "other" not in [rate.round_type for rate in typical_loop(rates, min_share=0.0)]
    checklist = build_typical_checklist(rates, _knowledge(), [])
    assert checklist.kind == "typical" and checklist.base_processes == 4
    assert all(r.base_rate is not None for r in checklist.rounds)
    assert checklist.rounds[0].base_rate.round_type == checklist.rounds[0].round_type


def test_markdown_has_one_box_per_item_with_escaped_text_and_links():
    rows = _company_rows()
    rows.company = {**rows.company, "name": "<script>alert(1)</script>"}
    checklist = build_checklist(rows, _knowledge(), "acme-1")
    markdown = checklist_markdown(checklist, "https://example.org/-/prep/acme")
    boxes = [line for line in markdown.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) == checklist.totals.prep_items
    assert "<script>" not in markdown and r"\<script\>" in markdown
    assert r"Build a \<KV\> store \[in stages\]." in markdown
    assert "[Title of https://acme.example/kv](https://acme.example/kv)" in markdown
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings[:3] == ["## 1. CV review", "## 2. Recruiter call", "## 3. Coding challenge"]
    assert "Prep: listed under round 3." in markdown


def test_json_round_trips_through_the_model():
    checklist = build_checklist(_company_rows(), _knowledge(), "acme-1")
    data = json.loads(json.dumps(checklist_json(checklist)))
    assert data["format_version"] == 2
    assert Checklist.model_validate(data) == checklist


def test_included_round_types_are_read_clause_by_clause():
    assert included_round_types("4 rounds, including distributed systems design and hybrid search") == ["system_design"]
    assert included_round_types("Two 90-min technical interviews and one 60-min culture interview") == [
        "technical",
        "behavioral",
    ]
    assert included_round_types("Held at a hub in SF, NYC; travel is arranged") == []
    assert included_round_types(None) == []


def test_an_onsite_brings_the_prep_of_the_rounds_it_includes():
    rows = _company_rows()
    rows.steps = [
        _step("acme-1", 1, "Coding", "coding"),
        _step("acme-1", 2, "Onsite", "panel", details="Coding and system design"),
        _step("acme-1", 3, "Design follow-up", "system_design"),
    ]
    checklist = build_checklist(rows, _knowledge())
    onsite = checklist.rounds[1]
    assert [(i.round_type, i.label, i.prep_in) for i in onsite.includes] == [
        ("coding", "Live coding", 1),
        ("system_design", "System design", 2),
    ]
    assert [item.prep_item_id for item in onsite.items] == ["design-search"]  # coding prep stays in round 1
    assert checklist.rounds[2].same_prep_as == 2 and checklist.rounds[2].items == []
    markdown = checklist_markdown(checklist)
    assert "**Also in this round: System design**" in markdown
    assert "Also in this round: Live coding, prepared under round 1." in markdown


def test_take_home_time_runs_to_days_when_it_is_days():
    from datasette_interview_prep.render.checklist import take_home_time_label

    totals = build_checklist(_company_rows(), _knowledge(), "acme-1").totals
    two_take_homes = totals.model_copy(update={"take_home_minutes_low": 960, "take_home_minutes_high": 1440})
    assert take_home_time_label(two_take_homes) == "2 days – 3 days"  # was "16 h – 24 h"
    assert take_home_time_label(totals) == "2 h – 3 h"
