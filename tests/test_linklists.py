from pathlib import Path

import pytest

from datasette_interview_prep.build.schema import SourcesFile
from datasette_interview_prep.build.yamlfile import read_yaml_file
from datasette_interview_prep.core.urls import normalise_url, platform_of
from datasette_interview_prep.importers.linklists import (
    FOOTNOTES_INVENTORY,
    INVENTORIES,
    ParsedLink,
    build_source_files,
    main,
    parse_link_list,
    parse_meta,
    parse_report_footnotes,
    read_all,
    source_record,
    tag_companies,
    tag_round_types,
    write_source_files,
)

DATA_SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"

THREADS = """\
# Some threads

Intro paragraph with a [link](https://example.com/not-a-list-item).

## Forum A (3 threads)

### Experience Reports

1. [Onsite at Acme [no offer]](https://www.reddit.com/r/leetcode/comments/abc/onsite/) (r/leetcode, score 42) -- my words, not stored
2. [Second thread](https://news.ycombinator.com/item?id=123) -- see also [a follow-up](https://blog.example.org/follow-up)

## Forum B

3. [Blind post](https://www.teamblind.com/post/xyz) (Mar 2025) -- words
"""

ARTICLES = """\
## Repos

- [owner/repo](https://github.com/owner/repo) (2025) - a description - with dashes
- Acme Corp: [someone/acme-task](https://github.com/someone/acme-task) (Dec 2025) - words
- Widgets (2 submissions):
  - [a/widgets-one](https://github.com/a/widgets-one) (Jan 2026)
  - [b/widgets-two](https://github.com/b/widgets-two)
- Voice bot (unknown company): [c/voice](https://github.com/c/voice)
- [No company](https://github.com/d/plain) (PDF)
- [Relative](../notes.md) - skipped

| Tool | Link |
|------|------|
| Thing | [Thing docs](https://thing.example.com/docs) |
"""


def test_numbered_items_headings_and_meta():
    links = parse_link_list(THREADS, "threads")
    assert [link.title for link in links] == ["Onsite at Acme [no offer]", "Second thread", "a follow-up", "Blind post"]
    first = links[0]
    assert first == ParsedLink(
        url="https://www.reddit.com/r/leetcode/comments/abc/onsite/",
        title="Onsite at Acme [no offer]",
        inventory="threads",
        section="Forum A > Experience Reports",
        community="r/leetcode",
        score=42,
        description="my words, not stored",
    )
    assert links[3].section == "Forum B"
    assert links[3].published == "2025-03"


def test_description_is_never_stored_but_its_links_and_tags_are_kept():
    links = parse_link_list(THREADS, "threads")
    assert links[2].url == "https://blog.example.org/follow-up"
    assert links[2].section == "Forum A > Experience Reports"
    records = [source_record(link) for link in links]
    assert all("not stored" not in repr(record) and "words" not in repr(record) for record in records)


def test_topics_and_round_types_come_from_title_and_description():
    link = ParsedLink(
        url="https://news.ycombinator.com/item?id=1",
        title="My onsite",
        inventory="threads",
        description="asked to build an LRU cache, then RAG system design",
    )
    record = source_record(link)
    assert record["topics"] == ["LRU cache", "RAG", "system design"]
    assert "system_design" in record["round_types"] and "panel" in record["round_types"]
    assert "description" not in record


def test_bulleted_items_labels_groups_and_tables():
    links = {link.title: link for link in parse_link_list(ARTICLES, "articles")}
    assert links["owner/repo"].published == "2025"
    assert links["owner/repo"].section == "Repos"
    assert links["someone/acme-task"].company == "Acme Corp"
    assert links["someone/acme-task"].published == "2025-12"
    assert links["a/widgets-one"].company == "Widgets"
    assert links["b/widgets-two"].company == "Widgets"
    assert links["c/voice"].company is None
    assert links["No company"].company is None
    assert links["No company"].published is None
    assert "Relative" not in links
    assert links["Thing docs"].url == "https://thing.example.com/docs"


def test_reddit_community_from_url_when_meta_lacks_it():
    text = "- [r/datascience: A thread](https://www.reddit.com/r/datascience/comments/1/a_thread/)\n"
    assert source_record(parse_link_list(text, "x")[0])["community"] == "r/datascience"


def test_parse_meta():
    assert parse_meta("r/MachineLearning, score 725") == {"community": "r/MachineLearning", "score": 725}
    assert parse_meta("r/MachineLearning, 2025") == {"community": "r/MachineLearning", "published": "2025"}
    assert parse_meta("Sep 2025") == {"published": "2025-09"}
    assert parse_meta("PDF") == {}


def test_footnotes():
    text = """\
Body with a citation [^a].

[^a]: [Reddit - A thread](https://www.reddit.com/r/leetcode/comments/1/a/) (r/leetcode)
[^b]: [HN - Something](https://news.ycombinator.com/item?id=1)
"""
    links = parse_report_footnotes(text)
    assert [(link.title, link.community, link.inventory) for link in links] == [
        ("Reddit - A thread", "r/leetcode", FOOTNOTES_INVENTORY),
        ("HN - Something", None, FOOTNOTES_INVENTORY),
    ]


@pytest.mark.parametrize(
    "url,platform",
    [
        ("https://www.reddit.com/r/x/comments/1/a", "reddit"),
        ("https://old.reddit.com/r/x", "reddit"),
        ("https://news.ycombinator.com/item?id=1", "hacker_news"),
        ("https://www.teamblind.com/post/a", "teamblind"),
        ("https://x.com/a/status/1", "x"),
        ("https://twitter.com/a/status/1", "x"),
        ("https://medium.com/@a/b", "medium"),
        ("https://someone.medium.com/b", "medium"),
        ("https://levelup.gitconnected.com/b", "medium"),
        ("https://towardsdatascience.com/b", "medium"),
        ("https://www.youtube.com/watch?v=1", "youtube"),
        ("https://youtu.be/1", "youtube"),
        ("https://github.com/a/b", "github"),
        ("https://www.linkedin.com/posts/a", "linkedin"),
        ("https://dev.to/a/b", "dev_to"),
        ("https://someone.substack.com/p/a", "substack"),
        ("https://newsletter.pragmaticengineer.com/p/a", "substack"),
        ("https://www.kaggle.com/general/1", "kaggle"),
        ("https://mimansajaiswal.github.io/posts/a", "blog"),
        ("https://example.com/a", "blog"),
    ],
)
def test_platform_of(url, platform):
    assert platform_of(url) == platform


def test_tag_companies():
    assert tag_companies("Interview experience at OpenAI") == ["openai"]
    assert tag_companies("Open AI incoming interview") == ["openai"]
    assert tag_companies("Having a technical interview for Google DeepMind") == ["google-deepmind"]
    assert tag_companies("Preparing for a DeepMind Gemini Team Interview") == ["google-deepmind"]
    assert tag_companies("Ask HN: ML interview at Google/Facebook/Amazon") == ["google", "meta", "amazon"]
    assert tag_companies("r/developersIndia: Eightfold.ai Agentic AI Engineer") == ["eightfold-ai"]
    assert tag_companies("r/csMajors: BCG X AI Engineer Intern Interview") == ["bcg-x"]
    assert tag_companies("Scale AI MLE") == ["scale-ai"]
    assert sorted(tag_companies("XBOW and PostHog and Roboflow")) == ["posthog", "roboflow", "xbow"]
    # The innermost heading names the company when the title does not.
    assert tag_companies("Interview details on a strategist role", "TeamBlind > Amazon") == ["amazon"]
    assert tag_companies("Google L6 MLE Interview", "TeamBlind > Google / DeepMind") == ["google"]
    # Common words are companies only in a title, with their capital letter.
    assert tag_companies("Some write-up", "Articles > Practitioner Pattern Reports") == []
    assert tag_companies("LangChain interview questions") == []
    assert tag_companies("TryExponent: LangChain Deployed Engineer Guide") == ["langchain"]


def test_tag_round_types():
    assert tag_round_types("Meta E4 ML System Design Interview") == ["system_design"]
    assert tag_round_types("Do you need to grind leetcode?") == ["coding"]
    assert tag_round_types("owner/AI-Engineer-Take-Home-Task") == ["take_home"]
    assert tag_round_types("owner/repo", "Company-Issued Assignments and Hiring Challenges") == ["take_home"]
    assert tag_round_types("Top 30 RAG Interview Questions") == ["ml_deep_dive"]
    assert tag_round_types("HN - Code Review Interviews") == ["code_review"]
    assert tag_round_types("Starts with CodeSignal GCA") == ["online_assessment"]
    assert tag_round_types("OpenAI intro call/interview process?") == ["recruiter_screen"]
    assert tag_round_types("Amazon ML Engineer onsite interview") == ["panel"]
    assert tag_round_types("A paid trial week") == ["work_trial"]
    assert tag_round_types("Behavioral questions in a STAR format") == ["behavioral"]
    assert tag_round_types("Project presentation at staff level") == ["project_deep_dive"]
    assert tag_round_types("How AI is changing hiring") == []


def test_source_record_drops_platform_as_company_and_empty_fields():
    link = ParsedLink(
        url="https://www.linkedin.com/posts/a/",
        title="LinkedIn: my interview",
        inventory="articles",
        section="Articles > LinkedIn Personal Shares",
    )
    assert source_record(link) == {
        "url": "https://www.linkedin.com/posts/a",
        "title": "LinkedIn: my interview",
        "platform": "linkedin",
        "inventory": "articles",
        "section": "Articles > LinkedIn Personal Shares",
    }


def test_dedupe_across_files_keeps_first_and_merges_facts():
    first = ParsedLink(url="https://www.reddit.com/r/leetcode/comments/1/a/", title="First", inventory="one")
    again = ParsedLink(
        url="https://www.reddit.com/r/leetcode/comments/1/a",
        title="Reddit - OpenAI system design",
        inventory="two",
        score=7,
        published="2026",
    )
    other = ParsedLink(url="https://example.com/b", title="Other", inventory="two", published="2025")
    files = build_source_files({"one": [first], "two": [again, other]})
    assert [record["title"] for record in files["one"]] == ["First"]
    assert [record["title"] for record in files["two"]] == ["Other"]
    kept = files["one"][0]
    assert kept["url"] == "https://www.reddit.com/r/leetcode/comments/1/a"
    assert kept["community"] == "r/leetcode"
    assert kept["score"] == 7
    assert kept["published"] == "2026"
    assert kept["companies"] == ["openai"]
    assert kept["round_types"] == ["system_design"]


def test_main_writes_valid_files(tmp_path):
    sources_dir = tmp_path / "sources"
    sources_dir.mkdir()
    for name in INVENTORIES:
        (sources_dir / f"{name}.md").write_text(THREADS if name == "discussion-threads" else ARTICLES)
    report = tmp_path / "report.md"
    report.write_text(
        "[^a]: [Repeated](https://github.com/owner/repo) (r/leetcode)\n[^b]: [New](https://new.example.com/)\n"
    )
    out = tmp_path / "out"
    main([str(sources_dir), str(report), str(out)])
    names = sorted(path.name for path in out.glob("*.yaml"))
    assert names == sorted(f"{name}.yaml" for name in (*INVENTORIES, FOOTNOTES_INVENTORY))
    urls = []
    for path in out.glob("*.yaml"):
        assert path.read_text().startswith("# Generated by `python -m datasette_interview_prep.importers.linklists")
        urls += [source.url for source in SourcesFile.model_validate(read_yaml_file(path)).sources]
    assert len(urls) == len(set(urls))
    footnotes = SourcesFile.model_validate(read_yaml_file(out / "report-footnotes.yaml")).sources
    assert [source.title for source in footnotes] == ["New"]
    # ARTICLES is listed in three inventories: only the first (articles) keeps its links.
    assert SourcesFile.model_validate(read_yaml_file(out / "all-links.yaml")).sources == []


def test_write_source_files_omits_empty_fields(tmp_path):
    files = build_source_files({"one": [ParsedLink(url="https://example.com/a", title="A", inventory="one")]})
    write_source_files(files, tmp_path)
    assert read_yaml_file(tmp_path / "one.yaml") == {
        "sources": [{"url": "https://example.com/a", "title": "A", "platform": "blog", "inventory": "one"}]
    }


@pytest.mark.field_guide
def test_data_sources_hold_every_link_of_the_field_guide(field_guide):
    # The report sits beside the field guide (../shared/reference): with the guide there, a missing
    # report is a failure, not a skip.
    parsed = read_all(
        field_guide / "interview" / "data" / "sources",
        field_guide.parent / "reference" / "interview-process-analysis.md",
    )
    expected = {normalise_url(link.url) for links in parsed.values() for link in links}
    stored: list[str] = []
    for path in sorted(DATA_SOURCES.glob("*.yaml")):
        stored += [source.url for source in SourcesFile.model_validate(read_yaml_file(path)).sources]
    assert len(stored) == len(set(stored)), "a URL is listed in two data/sources files"
    assert expected - set(stored) == set()
    footnotes = {normalise_url(link.url) for link in parsed[FOOTNOTES_INVENTORY]}
    assert len(footnotes) == 28
    assert footnotes <= set(stored)
