"""Compare loops (compare.py and /-/prep/compare), for companies known in data/."""

from __future__ import annotations

import re

import pytest

from datasette_interview_prep.planner.checklist import build_checklist
from datasette_interview_prep.planner.compare import build_comparison, parse_choice
from datasette_interview_prep.render.compare import comparison_markdown
from datasette_interview_prep.web import compare_views, prep_read
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
    loops = [
        compare_views.compare_loop(await prep_read.company_rows(db, slug), knowledge, None)
        for slug in ("anthropic", "openai")
    ]
    assert [loop.checklist.process.id for loop in loops] == [company["process_id"] for company in data["companies"]]
    shared = build_comparison(loops).shared_round_types
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
    assert form.status_code == 200 and 'name="company"' in form.text and '<option value="anthropic">' in form.text
    assert form.text.count('list="prep-compare-companies"') == 3 and form.text.count("<datalist") == 1
    one = await ds.client.get("/-/prep/compare?company=openai")
    assert one.status_code == 400 and "two or three" in one.text.lower()
    four = await ds.client.get("/-/prep/compare.json?company=a&company=b&company=c&company=d")
    assert four.status_code == 400 and four.json()["ok"] is False
    twice = await ds.client.get("/-/prep/compare?company=openai&company=openai")
    assert twice.status_code == 400
    unknown = await ds.client.get("/-/prep/compare?company=antropic&company=openai")
    assert unknown.status_code == 404
    assert 'href="/-/prep/compare?company=anthropic&amp;company=openai">Anthropic</a>' in unknown.text
    # The boxes keep what was typed, to correct it.
    assert 'name="company" value="antropic"' in unknown.text and 'name="company" value="openai"' in unknown.text
    hostile = await ds.client.get("/-/prep/compare?company=%3Cscript%3Ealert(1)%3C/script%3E&company=openai")
    assert hostile.status_code == 404 and "<script>alert" not in hostile.text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in hostile.text
    assert (await ds.client.get("/-/prep/compare.md")).status_code == 400


# --- A loop per company, and the picker ---------------------------------------------------------------


def test_parse_choice_reads_a_company_and_an_optional_loop():
    assert parse_choice("openai") == ("openai", None)
    assert parse_choice("openai:openai-1") == ("openai", "openai-1")
    assert parse_choice(" Open AI : ") == ("Open AI", None)


async def test_a_company_without_a_loop_picked_is_compared_on_its_merged_loop(ds):
    """Anthropic's default onsite names no system design; its merged loop (planner/loops.py) has it."""
    data = (await ds.client.get("/-/prep/compare.json?company=openai&company=anthropic")).json()
    assert "system_design" in data["shared_round_types"] and "system_design" not in data["unique_round_types"]["openai"]
    assert data["companies"][1]["chosen"] is False
    page = (await ds.client.get("/-/prep/compare?company=openai&company=anthropic")).text
    assert "Only OpenAI:</strong> System design" not in page
    markdown = (await ds.client.get("/-/prep/compare.md?company=openai&company=anthropic")).text
    assert "**Only OpenAI:** System design" not in markdown


async def test_compare_takes_a_loop_per_company(ds):
    data = (await ds.client.get("/-/prep/compare.json?company=anthropic:anthropic-2&company=Open%20AI")).json()
    anthropic, openai = data["companies"]
    assert (anthropic["process_id"], anthropic["chosen"]) == ("anthropic-2", True)
    assert openai["slug"] == "openai" and openai["chosen"] is False
    # The picked loop alone: the onsite's own round types, so system design is OpenAI's only.
    assert "system_design" in data["unique_round_types"]["openai"]
    # Each company's loops are choices of a form that keeps the other companies, in their order.
    page = (await ds.client.get("/-/prep/compare?company=anthropic:anthropic-2&company=openai")).text
    forms = re.findall(r'<form class="prep-compare-loop".*?</form>', page, re.S)
    assert len(forms) == 2
    assert re.findall(r'name="company"[^>]*>', forms[0])[0].startswith('name="company">')  # the select first
    assert '<option value="anthropic:anthropic-2" selected>' in forms[0] and '<option value="anthropic">' in forms[0]
    assert '<input type="hidden" name="company" value="openai">' in forms[0]
    assert forms[1].index('value="anthropic:anthropic-2"') < forms[1].index("<select")
    assert '<option value="openai" selected>every reported loop</option>' in forms[1]
    assert 'href="/-/prep/compare?company=anthropic%3A' not in page  # no links to combinations of loops
    assert 'name="company" value="anthropic:anthropic-2"' in page
    unknown = await ds.client.get("/-/prep/compare?company=anthropic:anthropic-9&company=openai")
    assert unknown.status_code == 404 and "Anthropic has no loop by that id" in unknown.text
    assert 'href="/-/prep/compare?company=anthropic%3Aanthropic-1&amp;company=openai"' in unknown.text


async def test_the_picker_lists_only_companies_with_a_loop_and_at_most_its_limit(ds, db_path, monkeypatch):
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        with_loops = {slug for (slug,) in conn.execute("select slug from companies where process_count > 0")}
        most_written = [
            slug
            for (slug,) in conn.execute(
                "select slug from companies where process_count > 0 order by source_count desc, name collate nocase"
            )
        ]

    def datalist(page: str) -> list[str]:
        return re.findall(r'<option value="([^"]+)">', re.search(r"<datalist.*?</datalist>", page, re.S).group(0))

    page = (await ds.client.get("/-/prep/compare")).text
    listed = datalist(page)
    assert set(listed) == with_loops and "<select" not in page
    monkeypatch.setattr(compare_views, "PICKER_COMPANIES", 5)
    # A query no other test sends: pages are rendered once per query, and an earlier one may hold the full list.
    page = (await ds.client.get("/-/prep/compare?company=openai&company=anthropic&picker-limit-test=1")).text
    assert datalist(page) == most_written[:5]
