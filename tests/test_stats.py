"""Unit tests of the statistics (stats.py) and its charts (charts.py), on hand-made rows."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest

from datasette_interview_prep.core.rounds import ROUND_TYPES_BY_SLUG
from datasette_interview_prep.render.charts import Bar, Series, Span, bar_chart, column_chart, range_chart, stats_charts
from datasette_interview_prep.stats.claims import family_of_phrase, number_matches, parse_claim
from datasette_interview_prep.stats.compute import compute_stats
from datasette_interview_prep.stats.durations import MAX_LINKED_PROCESSES, summarise_durations
from datasette_interview_prep.stats.models import Links, StatsRows
from datasette_interview_prep.stats.stages import summarise_stages

LINKS = Links("/interview")


def process(pid, company, steps, kind="job_posting", postings=("1",)):
    """A process row and its step rows; steps are (name, round_type) or (name, round_type, low, high)."""
    step_rows = []
    for position, step in enumerate(steps, start=1):
        name, round_type, *minutes = step
        low, high = minutes if minutes else (None, None)
        step_rows.append(
            {
                "process_id": pid,
                "position": position,
                "name": name,
                "round_type": round_type,
                "family": ROUND_TYPES_BY_SLUG[round_type].family,
                "is_interview": int(ROUND_TYPES_BY_SLUG[round_type].is_interview),
                "minutes_low": low,
                "minutes_high": high,
            }
        )
    row = {
        "id": pid,
        "company": company.lower().replace(" ", "-"),
        "company_name": company,
        "kind": kind,
        "step_count": len(step_rows),
        "interview_stage_count": sum(s["is_interview"] for s in step_rows),
        "posting_ids": json.dumps(list(postings)),
    }
    return row, step_rows


def rows_for(processes, report=(), sources=(), postings=None, loaded=None) -> StatsRows:
    return StatsRows(
        processes=[p for p, _ in processes],
        steps=[s for _, steps in processes for s in steps],
        sources=list(sources),
        report_figures=[
            {"key": k, "label": k.replace("_", " "), "value": v, "section": None, "note": None} for k, v in report
        ],
        postings=postings,
        loaded_posting_ids=loaded,
    )


def figure(stats, key):
    return next(f for f in stats.figures if f.key == key)


SCREEN = ("Recruiter call", "recruiter_screen", 30, 30)
CODING = ("Live coding", "coding", 60, 60)
MANAGER = ("Hiring manager", "hiring_manager", 45, 45)
FOUNDER = ("CEO chat", "founder", 15, 30)
OFFER = ("Offer", "offer")
REVIEW = ("Application review", "application_review")
TRIAL = ("Paid week of work", "work_trial", 2400, 2400)


def sample():
    return [
        process("a-1", "Alpha", [SCREEN, CODING, MANAGER, FOUNDER], postings=("10",)),
        process("b-1", "Beta", [REVIEW, SCREEN, CODING, MANAGER, FOUNDER, OFFER], postings=("20", "21")),
        process("c-1", "Gamma", [TRIAL], postings=("30",)),
        process("d-1", "Delta", [SCREEN, CODING, MANAGER], postings=("40",)),
        process("d-2", "Delta", [SCREEN, CODING, MANAGER], postings=("41",)),
        process("e-1", "Epsilon", [], postings=("50",)),
        # A candidate report: long, but never in the posting statistics.
        process("x-1", "Bigco", [SCREEN] + [CODING] * 9, kind="candidate_report", postings=()),
    ]


@pytest.mark.parametrize(
    "text,kind,number",
    [
        ("1,765", "exact", 1765),
        ("51", "exact", 51),
        (4, "exact", 4),
        ("~80", "approx", 80),
        ("~4.5%", "approx", 4.5),
        ("700+", "at_least", 700),
        ("100+", "at_least", 100),
    ],
)
def test_parse_claim_numbers(text, kind, number):
    claim = parse_claim(text)
    assert (claim.kind, claim.number) == (kind, number)


def test_parse_claim_ranges_and_lists():
    assert (parse_claim("3-5").low, parse_claim("3-5").high) == (3, 5)
    assert parse_claim("Lorikeet, Infinity Constellation and Watershed").items == (
        "Lorikeet",
        "Infinity Constellation",
        "Watershed",
    )
    assert parse_claim("anything else").kind == "text"


def test_number_matches():
    assert number_matches(parse_claim("~80"), 75) is True
    assert number_matches(parse_claim("~80"), 67) is False
    assert number_matches(parse_claim("700+"), 700) is True
    assert number_matches(parse_claim("700+"), 599) is False
    assert number_matches(parse_claim("~4.5%"), 3.8) is False
    assert number_matches(parse_claim("4"), 4.0) is True
    assert number_matches(parse_claim("4"), 4.5) is False
    assert number_matches(parse_claim("39%"), 38.7) is True
    assert number_matches(parse_claim("3-5"), 4) is None


@pytest.mark.parametrize(
    "phrase,family",
    [
        ("Recruiter/talent screen", "screen"),
        ("Technical interview", "technical"),
        ("Hiring manager interview", "manager"),
        ("Take-home challenge", "take_home"),
        ("Behavioral interview", "behavioral"),
        ("CEO/founder interview", "leadership"),
        ("Panel interview", "panel"),
        ("take_home", "take_home"),
        ("leadership", "leadership"),
    ],
)
def test_family_of_phrase(phrase, family):
    assert family_of_phrase(phrase) == family


def test_summarise_stages_median_extremes_and_ties():
    processes = [p for p, _ in sample() if p["kind"] == "job_posting" and p["step_count"]]
    summary = summarise_stages(processes, "step_count")
    assert summary.median == 3  # 1, 3, 3, 4, 6
    assert (summary.minimum, summary.maximum) == (1, 6)
    assert summary.leanest == ["Gamma"] and summary.longest == ["Beta"]
    assert summary.histogram == {1: 1, 3: 2, 4: 1, 6: 1}
    interview = summarise_stages(processes, "interview_stage_count")
    assert interview.maximum == 4 and interview.longest == ["Alpha", "Beta"]


def test_candidate_reports_stay_out_of_posting_figures():
    stats = compute_stats(rows_for(sample()), LINKS)
    assert stats.populations.candidate_reports == 1
    assert stats.populations.described_posting_processes == 5
    assert all(d.maximum <= 6 for d in stats.stage_definitions)
    assert "Bigco" not in json.dumps([d.longest for d in stats.stage_definitions])
    coding = next(d for d in stats.durations if d.round_type == "coding")
    assert coding.steps == 4  # the candidate report's nine coding rounds are not counted


def test_the_definition_that_reproduces_the_report_is_used():
    every_step = compute_stats(rows_for(sample(), report=[("max_stages", "6"), ("longest_companies", "Beta")]), LINKS)
    assert every_step.stage_definition == "all_steps"
    interview_only = compute_stats(
        rows_for(sample(), report=[("max_stages", "4"), ("longest_companies", "Alpha, Beta")]), LINKS
    )
    assert interview_only.stage_definition == "interview_stages"
    assert figure(interview_only, "max_stages").matches is True
    assert figure(interview_only, "longest_companies").value == ["Alpha", "Beta"]


def test_lean_difference_is_explained_with_each_named_company():
    stats = compute_stats(
        rows_for(sample(), report=[("min_stages", "2"), ("leanest_companies", "Gamma, Delta")]), LINKS
    )
    minimum = figure(stats, "min_stages")
    assert (minimum.report, minimum.value, minimum.matches) == ("2", 1, False)
    leanest = figure(stats, "leanest_companies")
    assert leanest.matches is False
    assert "Gamma: 1 (“Paid week of work”)" in leanest.explanation
    assert "Delta: 3" in leanest.explanation


def test_companies_figure_explains_a_company_in_two_posting_files():
    stats = compute_stats(rows_for(sample(), report=[("companies_with_process", "6")]), LINKS)
    companies = figure(stats, "companies_with_process")
    assert (companies.value, companies.matches) == (5, False)
    assert "Delta posted the same loop in 2 separate postings" in companies.explanation
    assert "gives the report's 6" in companies.explanation
    other = compute_stats(rows_for(sample(), report=[("companies_with_process", "9")]), LINKS)
    assert "gives the report's" not in figure(other, "companies_with_process").explanation


def test_example_postings_compare_step_counts_and_list_the_steps():
    stats = compute_stats(
        rows_for(sample(), report=[("alpha_steps", "4"), ("beta_steps", "5"), ("zeta_steps", "3")]), LINKS
    )
    assert figure(stats, "alpha_steps").matches is True
    beta = figure(stats, "beta_steps")
    assert (beta.value, beta.matches) == (6, False)
    assert beta.explanation.startswith("The data lists 6 steps for Beta: “Application review”; “Recruiter call”")
    assert beta.check_url == "/interview/steps?company=beta&_sort=id"
    joined = compute_stats(
        rows_for(
            [process("r-1", "Refco", [SCREEN, CODING, ("References", "reference_check"), OFFER])],
            report=[("refco_steps", "3")],
        ),
        LINKS,
    )
    assert "joins the reference check and the offer into one step" in figure(joined, "refco_steps").explanation
    assert "one step" not in beta.explanation  # Beta's offer follows its founder call
    assert [row["key"] for row in stats.report_only] == ["zeta_steps"]  # no such company: left as stated


def test_candidate_round_counts_are_their_own_population():
    many = [process(f"x-{n}", f"Co{n}", [SCREEN, CODING, MANAGER], kind="candidate_report") for n in range(3)]
    stats = compute_stats(rows_for(sample() + many, report=[("total_rounds", "3-6")]), LINKS)
    rounds = figure(stats, "total_rounds")
    assert rounds.value == 75.0 and rounds.matches is True  # 3 of 4 candidate loops; Bigco has 10
    assert "Bigco 10" in rounds.explanation
    assert stats.populations.described_posting_processes == 5


def test_round_type_order_compares_families_and_explains_swaps():
    report_order = "recruiter screen, technical, CEO/founder, hiring manager"
    stats = compute_stats(rows_for(sample(), report=[("round_type_order", report_order)]), LINKS)
    order = figure(stats, "round_type_order")
    # screen 4, technical 4, manager 4, leadership 2 processes
    assert order.value == ["screen", "technical", "manager", "leadership"]
    assert order.matches is False
    assert "Hiring manager interview (4) is more frequent than CEO / founder interview (2)" in order.explanation
    assert [s.family for s in stats.round_types] == ["screen", "technical", "leadership", "manager"]
    assert [s.report_rank for s in stats.round_types] == [1, 2, 3, 4]
    same = compute_stats(
        rows_for(sample(), report=[("round_type_order", "screen, technical, manager, leadership")]), LINKS
    )
    assert figure(same, "round_type_order").matches is True


def test_durations_within_and_outside_the_report_range():
    stats = compute_stats(
        rows_for(
            sample(),
            report=[
                ("recruiter_screen_duration", "15-30 min"),
                ("founder_duration", "45-60 min"),
                ("take_home_duration", "2-3 hours"),
                ("candidate_coding", "45-60 min"),
            ],
        ),
        LINKS,
    )
    assert figure(stats, "recruiter_screen_duration").matches is True
    founder = figure(stats, "founder_duration")
    assert founder.matches is False and "outside the report's 45-60 min" in founder.explanation
    take_home = figure(stats, "take_home_duration")
    assert take_home.matches is None and "no step of this type" in take_home.explanation
    candidate = figure(stats, "candidate_coding")
    assert candidate.value["steps"] == 9 and candidate.matches is True
    assert candidate.check_url.startswith("/interview/steps?round_type__in=coding%2Ctechnical&process_id__in=x-1")
    assert summarise_durations([s for _, steps in sample() for s in steps], ("founder",)) == (2, 22.5, 15, 30)


def test_a_length_check_link_stays_short_however_many_candidate_loops():
    """Past MAX_LINKED_PROCESSES the candidate loops are selected by kind in SQL, not named one by one."""
    many = [
        process(f"x-{n}", f"Bigco {n}", [SCREEN, CODING], kind="candidate_report", postings=())
        for n in range(MAX_LINKED_PROCESSES + 1)
    ]
    report = [("candidate_coding", "45-60 min")]
    candidate = figure(compute_stats(rows_for(sample()[:-1] + many, report=report), LINKS), "candidate_coding")
    assert candidate.value["steps"] == MAX_LINKED_PROCESSES + 1 and "process_id__in" not in candidate.check_url
    assert "kind+%3D+%27candidate_report%27" in candidate.check_url and len(candidate.check_url) < 500
    no_sql = Links("/interview", sql_allowed=False)
    without = figure(compute_stats(rows_for(sample()[:-1] + many, report=report), no_sql), "candidate_coding")
    assert without.check_url == "/interview/processes?kind=candidate_report"
    assert without.check_label == "the candidate-reported processes"


def test_a_length_stated_without_an_upper_bound_counts_as_its_low():
    """'45 min' has no high: its midpoint is 45 and it is the longest at 45; a step without a length is left out."""
    _, steps = process("p-1", "Alpha", [("Coding", "coding", 45, None), ("Coding", "coding", 60, 90), CODING[:2]])
    assert summarise_durations(steps, ("coding",)) == (2, 60.0, 45, 90)
    assert summarise_durations(steps, ("hiring_manager",)) is None


def test_postings_figures_with_and_without_a_postings_table():
    without = compute_stats(rows_for(sample(), report=[("postings_analysed", "1,765")]), LINKS)
    assert figure(without, "postings_analysed").computed == "not loaded"
    assert figure(without, "postings_with_process").value == 7  # every cited posting id
    loaded = compute_stats(
        rows_for(
            sample(),
            report=[("share_with_process", "~4.5%"), ("postings_with_process", "~9")],
            postings={"postings": 200},
            loaded={"10", "20", "30"},
        ),
        LINKS,
    )
    assert figure(loaded, "postings_analysed").value == 200
    assert figure(loaded, "postings_with_process").value == 3
    share = figure(loaded, "share_with_process")
    assert (share.value, share.matches) == (1.5, False)
    assert share.explanation.startswith("3 of 200 postings is 1.5%. The report's ~4.5% follows from its own ~9")


def test_sources_by_platform_and_year():
    sources = [{"platform": "reddit", "domain": "reddit.com", "year": 2025}] * 3 + [
        {"platform": "hacker_news", "domain": "news.ycombinator.com", "year": None}
    ]
    stats = compute_stats(
        rows_for(sample(), sources=sources, report=[("reddit_discussions", "100+"), ("urls", "4")]), LINKS
    )
    assert figure(stats, "urls").matches is True
    reddit = figure(stats, "reddit_discussions")
    assert (reddit.value, reddit.matches) == (3, False) and reddit.explanation
    assert [(c.label, c.count) for c in stats.sources_by_platform] == [("Reddit", 3), ("Hacker News", 1)]
    assert [(c.label, c.count) for c in stats.sources_by_year] == [("2025", 3)] and stats.undated_sources == 1
    assert figure(stats, "domains").value == 2


def test_sources_read_grouped_with_their_count_give_the_same_figures():
    """stats_read.py reads the sources grouped by these columns, each group with its count."""
    one_by_one = [{"platform": "reddit", "domain": "reddit.com", "year": 2025, "inventory": "threads"}] * 3 + [
        {"platform": "hacker_news", "domain": "news.ycombinator.com", "year": None, "inventory": None}
    ]
    grouped = [
        {"platform": "reddit", "domain": "reddit.com", "year": 2025, "inventory": "threads", "sources": 3},
        {"platform": "hacker_news", "domain": "news.ycombinator.com", "year": None, "inventory": None, "sources": 1},
    ]
    report = [("reddit_discussions", "100+"), ("urls", "4"), ("domains", "3")]
    apart, together = (
        compute_stats(rows_for(sample(), sources=rows, report=report), LINKS) for rows in (one_by_one, grouped)
    )
    assert together.figures == apart.figures and figure(together, "urls").value == 4
    assert together.sources_by_platform == apart.sources_by_platform
    assert together.sources_by_year == apart.sources_by_year and together.undated_sources == apart.undated_sources == 1


def test_every_difference_is_explained_and_unstated_figures_say_so():
    report = [
        ("median_stages", "5"),
        ("min_stages", "2"),
        ("max_stages", "7"),
        ("leanest_companies", "Nobody"),
        ("longest_companies", "Alpha"),
        ("companies_with_process", "51"),
        ("postings_with_process", "~80"),
        ("round_type_order", "panel, screen"),
        ("urls", "700+"),
        ("domains", "100+"),
        ("typical_range", "7-9"),
        ("hiring_manager_duration", "2 hours"),
        ("an_unknown_key", "12"),
    ]
    stats = compute_stats(rows_for(sample(), report=report), LINKS)
    assert len(stats.differences) >= 10
    for f in stats.differences:
        assert f.explanation, f.key
    for f in stats.figures:
        if f.report is None:
            assert f.matches is None and f.explanation
    assert [row["key"] for row in stats.report_only] == ["an_unknown_key"]


def test_check_links_are_paths_with_queries():
    stats = compute_stats(rows_for(sample(), report=[("median_stages", "4")]), Links("/prefix/interview"))
    median = figure(stats, "median_stages")
    assert median.check_url == "/prefix/interview/processes?kind=job_posting&step_count__gt=0&_facet=step_count"
    assert all(f.check_url.startswith("/prefix/interview") for f in stats.figures)


# --- charts -----------------------------------------------------------------

EVIL = '<script>alert("x")</script>&'


def parse_svg(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_charts_escape_text_and_are_accessible_images():
    charts = [
        bar_chart("c1", EVIL, EVIL, [Bar(EVIL, 3, EVIL, href='/x?a="b"&c', note=EVIL)], EVIL),
        column_chart("c2", EVIL, EVIL, [EVIL, "2"], [Series(EVIL, [1, 2])], EVIL, EVIL, hrefs=["/y"]),
        range_chart(
            "c3", EVIL, EVIL, [Span(EVIL, 15, 30, 60, EVIL, EVIL, (15, 30), EVIL, "/z")], [(15, "15"), (60, "60")]
        ),
    ]
    namespace = "{http://www.w3.org/2000/svg}"
    for chart in charts:
        for html in (chart.svg, chart.table):
            assert "<script" not in html and "&lt;script&gt;" in html
        root = parse_svg(chart.svg)  # well-formed XML, so every text was escaped
        assert root.get("role") == "group"  # not img: an image role would hide the links in its bars
        assert root.get("aria-labelledby") == f"{chart.id}-title"
        assert root.get("aria-describedby") == f"{chart.id}-desc"
        assert root.find(f"{namespace}title").text == EVIL
        assert root.find(f"{namespace}desc").text == EVIL
        assert "<table" in chart.table and "<caption>" in chart.table


def test_bar_lengths_follow_the_values():
    chart = bar_chart("c", "t", "d", [Bar("a", 50, "50%"), Bar("b", 25, "25%")], "Share", maximum=100)
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="\d+" class="bar"', chart.svg)]
    assert len(widths) == 2 and widths[0] == pytest.approx(2 * widths[1])


def test_range_chart_uses_a_log_scale():
    chart = range_chart("c", "t", "d", [Span("a", 15, 60, 240, "1 h", "x")], [(15, "15"), (60, "1 h"), (240, "4 h")])
    x = [float(v) for v in re.findall(r'<line x1="([\d.]+)" x2="[\d.]+" y1="\d+" y2="\d+" class="grid"', chart.svg)]
    assert x[1] - x[0] == pytest.approx(x[2] - x[1])  # 15 -> 60 and 60 -> 240 are the same factor


def test_stats_charts_cover_the_page():
    sources = [{"platform": "reddit", "domain": "reddit.com", "year": 2025}]
    stats = compute_stats(rows_for(sample(), sources=sources), LINKS)
    ids = [chart.id for chart in stats_charts(stats)]
    assert ids == ["chart-stages", "chart-round-types", "chart-durations", "chart-platforms", "chart-years"]


def test_company_names_compare_however_they_are_spelt():
    from datasette_interview_prep.stats.text import same_names

    assert same_names(["OpenAI", "Scale AI"], ["Open AI", "scale-ai"])
    assert not same_names(["OpenAI"], ["Anthropic"])
