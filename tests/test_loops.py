"""planner/loops.py (merging a company's loops) and planner/relevance.py (fallback questions), on hand-made rows."""

from __future__ import annotations

import pytest

from datasette_interview_prep.planner.loops import UnknownChoice, choice_key, lead_order, merge_loops
from datasette_interview_prep.planner.questions import BankCompany, BankQuestion
from datasette_interview_prep.planner.relevance import company_profile, most_relevant, words


def _process(pid, position, level=None, role=None, reported=None, stages=3):
    return {
        "id": pid,
        "company": "acme",
        "position": position,
        "level": level,
        "role": role,
        "reported": reported,
        "interview_stage_count": stages,
    }


def _step(pid, position, round_type, name=None):
    return {"process_id": pid, "position": position, "round_type": round_type, "name": name or round_type}


PROCESSES = [
    _process("acme-1", 1, stages=4),  # undated, no level
    _process("acme-2", 2, level="L5/Staff", reported="2026", stages=6),
    _process("acme-3", 3, reported="2025", stages=2),
]
STEPS = [
    _step("acme-1", 1, "recruiter_screen"),
    _step("acme-1", 2, "coding"),
    _step("acme-1", 3, "panel"),
    _step("acme-2", 1, "coding"),
    _step("acme-2", 2, "coding", "Second coding"),
    _step("acme-2", 3, "system_design"),
    _step("acme-2", 4, "project_deep_dive"),
    _step("acme-3", 1, "coding"),
    _step("acme-3", 2, "behavioral"),
]


def test_every_round_type_of_every_loop_is_in_the_merged_loop_once():
    merged = merge_loops(PROCESSES, STEPS)
    types = [r.round_type for r in merged.rounds]
    assert sorted(types) == sorted({step["round_type"] for step in STEPS})
    coding = next(r for r in merged.rounds if r.round_type == "coding")
    assert coding.process_ids == ("acme-3", "acme-1", "acme-2") and len(coding.steps) == 4
    assert types[0] == "recruiter_screen" and types.index("coding") < types.index("system_design")


def test_the_lead_is_a_dated_loop_without_a_level_unless_a_level_is_asked():
    assert merge_loops(PROCESSES, STEPS).lead["id"] == "acme-3"  # dated, no level; acme-2 is newer but staff
    assert lead_order(PROCESSES)[-1]["id"] == "acme-2"
    staff = merge_loops(PROCESSES, STEPS, level="l5-staff")
    assert staff.lead["id"] == "acme-2" and staff.level == "L5/Staff"
    assert {p["id"] for p in staff.processes} == {"acme-1", "acme-2", "acme-3"}  # those naming no level stay


def test_a_level_keeps_its_loops_and_those_naming_none():
    processes = [*PROCESSES, _process("acme-4", 4, level="intern")]
    steps = [*STEPS, _step("acme-4", 1, "take_home")]
    intern = merge_loops(processes, steps, level="Intern")
    assert "acme-2" not in {p["id"] for p in intern.processes}
    assert "system_design" not in {r.round_type for r in intern.rounds}
    assert "take_home" in {r.round_type for r in merge_loops(processes, steps).rounds}


def test_an_unknown_role_or_level_lists_the_choices():
    with pytest.raises(UnknownChoice) as raised:
        merge_loops(PROCESSES, STEPS, level="principal")
    assert raised.value.field == "level" and raised.value.choices == ["L5/Staff"]
    with pytest.raises(UnknownChoice):
        merge_loops(PROCESSES, STEPS, role="designer")
    assert choice_key(" L5 / Staff ") == "l5-staff"


def _question(qid, round_type, topic, companies=(), encounters=1, text="A question"):
    return BankQuestion(
        id=qid,
        question=text,
        round_type=round_type,
        topic=topic,
        topic_label=topic,
        companies=tuple(BankCompany(slug, slug, True) for slug in companies),
        sources=(),
        encounters=encounters,
        reported=None,
        date=None,
        format=None,
    )


def test_fallback_questions_are_the_relevant_ones_not_the_most_reported():
    js = _question("js", "technical", "python_engineering", encounters=9, text="Explain the JavaScript event loop")
    peer = _question("peer", "technical", "llm_fundamentals", companies=["labco"], text="Explain tokenizers")
    own_topic = _question("topic", "technical", "evaluation", text="How do you measure tokenizers?")
    own = _question("own", "coding", "evaluation", companies=["acme"])
    categories = {"acme": "model", "labco": "model", "shop": "product"}
    profile = company_profile("acme", categories, [own])
    chosen = most_relevant([js, peer, own_topic], profile, words(["Fundamentals"]), 3)
    assert [q.id for q in chosen] == ["peer"]  # topic alone scores 1: not enough
    chosen = most_relevant([js, peer, own_topic], profile, words(["Tokenizers round"]), 3)
    assert [q.id for q in chosen] == ["peer", "topic"]
    assert most_relevant([own], profile, frozenset(), 3) == []  # asked here: listed as such, not as a fallback
