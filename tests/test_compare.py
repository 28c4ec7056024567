"""Compare loops (compare.py and /-/prep/compare), for companies known in data/."""

from __future__ import annotations

import re

import pytest

from datasette_interview_prep.planner.checklist import build_checklist
from datasette_interview_prep.planner.compare import build_comparison
from datasette_interview_prep.render.compare import comparison_markdown
from datasette_interview_prep.web import prep_read
from datasette_interview_prep.web.interview_db import interview_database


async def _checklists(ds, *slugs):
    """Each company's first listed process ({slug}-1), the loops these tests were written against."""
    db = interview_database(ds)
    knowledge = await prep_read.knowledge(db)
    return [build_checklist(await prep_read.company_rows(db, slug), knowledge, f"{slug}-1") for slug in slugs]


async def test_anthropic_and_openai_share_coding_and_system_design(ds):
    anthropic, openai = await _checklists(ds, "anthropic", "openai")
    comparison = build_comparison([anthropic, openai])
    assert comparison.key == "compare-anthropic+openai"
    # Coding is a round at both; system design is an OpenAI round and part of Anthropic's onsite.
    assert comparison.shared_round_types == comparison.common_round_types == ["coding", "system_design"]
    assert comparison.unique_round_types == {
        "anthropic": ["recruiter_screen", "hiring_manager", "panel"],
        "openai": ["code_review", "behavioral"],
    }
    rows = {row.round_type: row for row in comparison.rows}
    assert set(rows) == {r.round_type for r in anthropic.rounds} | {r.round_type for r in openai.rounds}
    assert [ref.name for ref in rows["coding"].cells[0]] == ["Progressive coding challenge"]
    assert [ref.name for ref in rows["coding"].cells[1]] == ["Coding"]
    assert rows["system_design"].cells[0] == [] and rows["system_design"].included_in[0][0].name == "Virtual onsite"
    assert rows["system_design"].prep_companies == ["anthropic", "openai"]
    # Aligned by where each round type comes: the recruiter call before the onsite.
    order = [row.round_type for row in comparison.rows]
    assert order.index("recruiter_screen") < order.index("coding") < order.index("panel")


async def test_the_merged_checklist_lists_each_item_once_with_the_companies_it_counts_for(ds):
    anthropic, openai = await _checklists(ds, "anthropic", "openai")
    comparison = build_comparison([anthropic, openai])
    items = [item for group in comparison.groups for item in group.items]
    ids = {item.prep_item_id for checklist in (anthropic, openai) for r in checklist.rounds for item in r.items}
    assert sorted(item.prep_item_id for item in items) == sorted(ids) and comparison.total_items == len(ids)
    anthropic_ids = {item.prep_item_id for r in anthropic.rounds for item in r.items}
    openai_ids = {item.prep_item_id for r in openai.rounds for item in r.items}
    for item in items:
        expected = [
            slug for slug, own in (("anthropic", anthropic_ids), ("openai", openai_ids)) if item.prep_item_id in own
        ]
        assert item.companies == expected
        assert item.id == f"compare-anthropic+openai:{item.prep_item_id}"
    assert comparison.shared_items == len(anthropic_ids & openai_ids) > 0


async def test_xbow_and_posthog(ds):
    comparison = build_comparison(await _checklists(ds, "xbow", "posthog"))
    assert comparison.shared_round_types == ["recruiter_screen", "technical", "founder"]
    assert comparison.unique_round_types == {"xbow": ["hiring_manager"], "posthog": ["work_trial"]}
    assert [row.round_type for row in comparison.rows][-1] == "work_trial"


async def test_compare_takes_two_or_three_company_checklists(ds):
    (anthropic,) = await _checklists(ds, "anthropic")
    with pytest.raises(ValueError):
        build_comparison([anthropic])
    three = build_comparison(await _checklists(ds, "xbow", "posthog", "anthropic"))
    assert len(three.companies) == 3 and all(len(row.cells) == 3 for row in three.rows)
    assert set(three.common_round_types) <= set(three.shared_round_types)
    assert "recruiter_screen" in three.common_round_types


async def test_markdown_has_the_table_and_one_box_per_merged_item(ds):
    comparison = build_comparison(await _checklists(ds, "anthropic", "openai"))
    markdown = comparison_markdown(comparison, "http://x/-/prep/compare?company=anthropic&company=openai")
    assert markdown.startswith("# Compare loops: Anthropic · OpenAI\n")
    assert "| Round type | Anthropic | OpenAI |" in markdown
    assert "| System design | part of 4. Virtual onsite | 3. System design (length not stated) |" in markdown
    assert markdown.count("\n- [ ] ") == comparison.total_items


# --- The view -----------------------------------------------------------------------------------------


async def test_the_compare_page_formats_agree(ds):
    page = await ds.client.get("/-/prep/compare?company=anthropic&company=openai")
    assert page.status_code == 200
    data = (await ds.client.get("/-/prep/compare.json?company=anthropic&company=openai")).json()
    markdown = (await ds.client.get("/-/prep/compare.md?company=anthropic&company=openai")).text
    db = interview_database(ds)
    knowledge = await prep_read.knowledge(db)
    defaults = [build_checklist(await prep_read.company_rows(db, slug), knowledge) for slug in ("anthropic", "openai")]
    assert [checklist.process.id for checklist in defaults] == [company["process_id"] for company in data["companies"]]
    shared = build_comparison(defaults).shared_round_types
    assert data["title"] == "Compare loops: Anthropic · OpenAI" and data["shared_round_types"] == shared
    # Pinned, not only recomputed: the default loops (the 6-stage onsite, the L5/Staff loop) share these.
    # The lead of each merged loop (planner/loops.py).
    assert [company["process_id"] for company in data["companies"]] == ["anthropic-2", "openai-1"]
    # Each company's merged loop: Anthropic's system design (its onsite panel) is shared, not "only OpenAI".
    assert shared == ["coding", "hiring_manager", "system_design", "technical", "behavioral"]
    ids = [item["id"] for group in data["groups"] for item in group["items"]]
    assert re.findall(r'data-item-id="([^"]+)"', page.text) == ids
    assert f'data-checklist-key="{data["key"]}"' in page.text
    assert markdown.count("\n- [ ] ") == len(ids) == data["total_items"]
    assert 'href="/-/prep/compare.md?company=anthropic&amp;company=openai"' in page.text
    same = await ds.client.get("/-/prep/compare.json?company=anthropic,openai")
    assert same.json()["key"] == data["key"]


async def test_the_compare_form_and_bad_input(ds):
    form = await ds.client.get("/-/prep/compare")
    assert form.status_code == 200 and 'name="company"' in form.text and '<option value="anthropic"' in form.text
    one = await ds.client.get("/-/prep/compare?company=openai")
    assert one.status_code == 400 and "two or three" in one.text.lower()
    four = await ds.client.get("/-/prep/compare.json?company=a&company=b&company=c&company=d")
    assert four.status_code == 400 and four.json()["ok"] is False
    twice = await ds.client.get("/-/prep/compare?company=openai&company=openai")
    assert twice.status_code == 400
    unknown = await ds.client.get("/-/prep/compare?company=antropic&company=openai")
    assert unknown.status_code == 404
    assert 'href="/-/prep/compare?company=anthropic&amp;company=openai">Anthropic</a>' in unknown.text
    assert '<option value="openai" selected>' in unknown.text
    assert "antropic" not in unknown.text.lower()
    hostile = await ds.client.get("/-/prep/compare?company=%3Cscript%3Ealert(1)%3C/script%3E&company=openai")
    assert hostile.status_code == 404 and "<script>alert" not in hostile.text
    assert (await ds.client.get("/-/prep/compare.md")).status_code == 400
