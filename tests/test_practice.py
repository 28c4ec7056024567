"""The practice loop's pure parts (which question for which round, how long, the seed, today's sessions), the
related-question query and outline rows, and the question, practice and today pages as a client sees them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from test_questions_pages import _knowledge_with_questions
from test_schedule import _round

from datasette_interview_prep.planner.checklist import CompanyRows, build_checklist
from datasette_interview_prep.planner.outlines import OUTLINE_LABEL, outline_from_row, related_order, similarity_match
from datasette_interview_prep.planner.practice import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    BadSeed,
    parse_seed,
    practice_minutes,
    practice_run,
    sessions_on,
)
from datasette_interview_prep.planner.schedule import PlanRequest, build_schedule

TODAY = date(2026, 12, 7)


def _loop_rows(round_types: list[str]) -> CompanyRows:
    steps = [
        {
            "process_id": "acme-1",
            "position": position,
            "name": f"Round {position}",
            "round_type": round_type,
            "is_interview": 1,
        }
        for position, round_type in enumerate(round_types, start=1)
    ]
    process = {"id": "acme-1", "company": "acme", "position": 1, "kind": "candidate_report"}
    return CompanyRows({"slug": "acme", "name": "Acme"}, [process], steps, [], [])


def _run(seed: str, round_types: list[str] | None = None):
    knowledge = _knowledge_with_questions()
    checklist = build_checklist(
        _loop_rows(round_types or ["coding", "coding", "coding", "system_design", "recruiter_screen"]), knowledge
    )
    return practice_run(checklist, knowledge.question_index, {}, seed)


def test_a_run_takes_the_company_s_own_questions_first_then_the_round_type_s_never_twice():
    run = _run("abc")
    picked = [
        (r.round_type, r.question.id if r.question else None, r.question and r.question.asked_here) for r in run.rounds
    ]
    # Acme has two coding questions (lru, kv): two coding rounds get them, the third finds none left.
    assert sorted(question for _, question, _ in picked[:2]) == ["kv", "lru"]
    assert picked[0][2] and picked[1][2]
    assert picked[2] == ("coding", None, None)
    # No system-design question is Acme's: one of the round type's, at any company.
    assert picked[3][0] == "system_design" and picked[3][1] in {"chess", "rag"} and picked[3][2] is False
    assert picked[4] == ("recruiter_screen", None, None)
    assert [r.position for r in run.practised] == [1, 2, 4]


def test_the_same_seed_draws_the_same_run_and_seeds_differ():
    draws = {seed: [r.question.id for r in _run(seed).practised] for seed in ("a", "b", "c", "d", "e", "f")}
    assert draws["a"] == [r.question.id for r in _run("a").practised]
    assert len({tuple(draw) for draw in draws.values()}) > 1, "six seeds, one draw: the seed is not used"


def test_the_seed_defaults_to_the_day_and_rejects_anything_else():
    assert parse_seed(None, TODAY) == parse_seed("  ", TODAY) == "2026-12-07"
    assert parse_seed("run-2_b", TODAY) == "run-2_b"
    for bad in ("<script>", "a b", "x" * 41, "é"):
        with pytest.raises(BadSeed):
            parse_seed(bad, TODAY)


def test_a_round_is_practised_for_its_length_at_most_an_hour():
    assert practice_minutes(_round(1, "coding", 45)) == (45, "stated", False)
    assert practice_minutes(_round(1, "take_home", 4 * 60)) == (MAX_MINUTES, "stated", True)
    assert practice_minutes(_round(1, "coding", None)) == (DEFAULT_MINUTES, "default", False)
    typical = _round(1, "coding", 30).model_copy(update={"duration_basis": "typical"})
    assert practice_minutes(typical) == (30, "typical", False)


def test_today_s_sessions_are_those_running_on_the_day():
    rounds = [_round(1, "coding", 60), _round(2, "take_home", 240), _round(3, "system_design", 60)]
    request = PlanRequest(today=TODAY, interview_date=TODAY + timedelta(days=10), hours=7)
    schedule = build_schedule(rounds, request)
    for offset in range(10):
        day = TODAY + timedelta(days=offset)
        expected = [s for s in schedule.sessions if s.start <= day <= s.end]
        assert sessions_on(schedule, day) == expected
    blocked = next(s for s in schedule.sessions if s.blocked)
    assert blocked.end > blocked.start, "a take-home's window spans days"
    for offset in range((blocked.end - blocked.start).days + 1):
        assert blocked in sessions_on(schedule, blocked.start + timedelta(days=offset))
    assert sessions_on(schedule, TODAY + timedelta(days=10)) == [], "none on the interview day"


def test_the_similarity_query_quotes_distinctive_words_only():
    assert similarity_match('Implement an LRU cache: "get" OR put*') == '"lru" OR "cache" OR "get" OR "put"'
    assert similarity_match("How would you do it?") is None
    assert related_order(["a", "self", "b", "a", "c"], "self", limit=2) == ["a", "b"]


def test_an_outline_row_reads_its_json_lists():
    outline = outline_from_row(
        {
            "question_id": "lru",
            "tests": "Maps and lists.",
            "key_points": '["One", "Two"]',
            "pitfalls": "[]",
            "follow_ups": '[{"question": "TTL?", "source": null}, {"question": "Threads?", "source": "https://a/1"}]',
        }
    )
    assert (outline.label, outline.key_points, outline.pitfalls) == (OUTLINE_LABEL, ["One", "Two"], [])
    assert [(f.question, f.source) for f in outline.follow_ups] == [("TTL?", None), ("Threads?", "https://a/1")]


# --- The pages --------------------------------------------------------------------------------------------


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


async def test_a_question_page_shows_the_question_its_sources_outline_and_related_questions(ds):
    response = await ds.client.get("/-/questions/xai-lru-cache")
    assert response.status_code == 200
    text = _text(response.text)
    assert "Implement an LRU cache with O(1) operations." in text
    assert "Live coding" in text and "Coding and algorithms" in text
    assert "Reported by 1 source" in text
    assert 'href="/-/prep/xai"' in response.text
    assert "Outline written for this project, not from the sources." in text
    assert "Practise this: a timed run of xAI's loop" in text
    assert 'href="/-/prep/xai/practice"' in response.text
    data = (await ds.client.get("/-/questions/xai-lru-cache.json")).json()
    assert data["outline"]["key_points"] and data["outline"]["label"] == OUTLINE_LABEL
    related = [item["id"] for item in data["related"]]
    assert related and "xai-lru-cache" not in related
    for item in data["related"]:
        other = (await ds.client.get(f"/-/questions/{item['id']}.json")).json()["question"]
        assert (other["round_type"], other["topic"]) == (data["question"]["round_type"], data["question"]["topic"])
    markdown = await ds.client.get("/-/questions/xai-lru-cache.md")
    assert markdown.headers["content-disposition"] == 'attachment; filename="question-xai-lru-cache.md"'
    assert markdown.text.startswith("# Implement an LRU cache") and "*Outline written for this project" in markdown.text


async def test_an_undated_source_says_so_and_an_unknown_question_is_a_404(ds):
    bank = (await ds.client.get("/-/questions.json")).json()
    question = next(q for q in bank["questions"] if any(source["published"] is None for source in q["sources"]))
    text = _text((await ds.client.get(f"/-/questions/{question['id']}")).text)
    assert "undated" in text
    missing = await ds.client.get("/-/questions/no-such-question")
    assert missing.status_code == 404 and "Question not found" in missing.text
    assert (await ds.client.get("/-/questions/no-such-question.json")).json()["status"] == 404


async def test_the_bank_search_and_checklists_link_to_question_pages(ds):
    bank = await ds.client.get("/-/questions", params={"company": "xai"})
    assert 'href="/-/questions/xai-lru-cache"' in bank.text
    search = await ds.client.get("/-/search", params={"q": "lru cache"})
    assert 'href="/-/questions/xai-lru-cache"' in search.text
    checklist = await ds.client.get("/-/prep/xai")
    assert 'href="/-/questions/xai-lru-cache"' in checklist.text


async def test_the_bank_markdown_holds_every_matching_question(ds):
    page = (await ds.client.get("/-/questions.json", params={"company": "openai"})).json()
    assert page["pages"] > 1, "the test needs a filter with more than one page"
    markdown = await ds.client.get("/-/questions.md", params={"company": "openai", "page": "2"})
    assert markdown.text.count("\n- [ ] ") == page["total"]
    assert 'filename="interview-questions-openai.md"' in markdown.headers["content-disposition"]


async def test_the_practice_page_lists_one_question_per_round_with_folded_outlines(ds):
    first = await ds.client.get("/-/prep/openai/practice", params={"seed": "abc"})
    assert first.status_code == 200
    again = await ds.client.get("/-/prep/openai/practice", params={"seed": "abc"})
    ids = re.findall(r'data-question-id="([^"]+)"', first.text)
    assert ids and ids == re.findall(r'data-question-id="([^"]+)"', again.text)
    assert len(ids) == len(set(ids))
    assert first.text.count('<details class="practice-outline">') == len(ids)
    main = first.text[first.text.index('role="main"') : first.text.index("<footer")]
    assert "<script>" not in main and " onclick=" not in main and "style=" not in main, "a strict CSP would block it"
    bad = await ds.client.get("/-/prep/openai/practice", params={"seed": "<x>"})
    assert bad.status_code == 400 and "&lt;x&gt;" not in bad.text and "<x>" not in bad.text
    assert (await ds.client.get("/-/prep/no-such-company/practice")).status_code == 404
    assert (await ds.client.get("/-/prep/openai/practice", params={"date": "soon"})).status_code == 400


async def test_the_today_view_lists_today_s_sessions_of_a_plan(ds):
    plain = await ds.client.get("/-/prep/openai/today")
    assert plain.status_code == 200 and "<noscript>" in plain.text and "Today's sessions" not in plain.text
    interview = (date.today() + timedelta(days=10)).isoformat()
    planned = await ds.client.get("/-/prep/openai/today", params={"date": interview, "hours": "6"})
    assert planned.status_code == 200
    plan = (await ds.client.get("/-/prep/openai.json", params={"date": interview, "hours": "6"})).json()["schedule"]
    today = date.today().isoformat()
    expected = [s["name"] for s in plan["sessions"] if s["start"] <= today <= s["end"]]
    shown = re.findall(r"<li><strong>([^<]+)</strong>", planned.text)
    assert [unescape(name) for name in shown] == expected and expected
    assert f'data-interview-date="{interview}"' in planned.text
    bad = await ds.client.get("/-/prep/openai/today", params={"date": interview, "hours": "x"})
    assert bad.status_code == 400
