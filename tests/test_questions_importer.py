"""The importers behind the question bank: questions.py (question files) and guide_sources.py (chapter URLs)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.build.schema import QuestionsFile
from datasette_interview_prep.core.urls import normalise_url
from datasette_interview_prep.importers import guide_sources, questions
from datasette_interview_prep.importers.markdown import bullets, footnotes, references, without_references

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

CONSOLIDATED = """\
# Questions

## Technical Questions

### RAG Systems

- What is hybrid search? [^designgurus]
- How do you evaluate a RAG pipeline? What metrics would you use, and why would you pick them over the others? [^mj]
- Unsourced question with no footnote at all.

## Coding Problems

### OpenAI-Specific Coding

- KV Store Serialize/Deserialize. [^hello]

### LeetCode / Algorithm Style

- Design a task executor that stores and pauses tasks. (Microsoft senior) [^blog]

## Take-Home Assignments

### Agents

- Build an agent in a 3-day window, no AI tools, and present it to the CTO afterwards for discussion. [^gh-a] [^gh-b]

## Sources

[^designgurus]: [DesignGurus - RAG](https://www.designgurus.io/blog/rag) (Jan 2026)
[^mj]: [Mimansa Jaiswal - interviews (Anthropic)](https://example.org/mj/) (r/MachineLearning, Oct 2025)
[^hello]: [Hello Interview - L5](https://www.hellointerview.com/guides/openai/l5)
[^blog]: [Some blog](https://blog.example.com/post)
[^gh-a]: [repo a](https://github.com/a/agent-task)
[^gh-b]: [repo b](https://github.com/b/agent-task)
"""
PER_ROUND = """\
# Theory

## Format

- Typically 45-60 minutes, conversational. [^designgurus]

## Interview Questions

### RAG Systems

- What is hybrid search? When would you combine vector search with keyword search? [^other]

## How to Prepare

- Build a RAG pipeline end to end. [^designgurus]

## Sources

[^designgurus]: [DesignGurus - RAG](https://www.designgurus.io/blog/rag)
[^other]: [Other](https://other.example.com/a)
"""
HOME = """\
# Home Assignments

## Assignment Examples

### Agents and Tool-Calling

- Build an agent with explicit evaluation criteria: tool selection accuracy, grounding and error handling. [^r1] [^r2]

## Sources

[^r1]: [repo a](https://github.com/a/agent-task)
[^r2]: [repo b](https://github.com/b/agent-task)
"""


def make_guide(root: Path) -> Path:
    interview = root / "interview"
    (interview / "questions").mkdir(parents=True)
    for name in questions.QUESTION_FILES:
        (interview / name).write_text("# Empty\n", "utf-8")
    (interview / "questions/questions.md").write_text(CONSOLIDATED, "utf-8")
    (interview / "questions/01-theory.md").write_text(PER_ROUND, "utf-8")
    (interview / "questions/06-home-assignments.md").write_text(HOME, "utf-8")
    return interview


def by_text(read: questions.Read) -> dict[str, questions.Found]:
    return {found.original: found for found in read.found}


def test_markdown_footnotes_bullets_and_references():
    notes = footnotes(CONSOLIDATED)
    assert notes["mj"].url == "https://example.org/mj/"
    assert (notes["mj"].published, notes["mj"].community) == ("2025-10", "r/MachineLearning")
    assert notes["designgurus"].published == "2026-01"
    items = bullets(CONSOLIDATED)
    assert items[0].headings == ("Questions", "Technical Questions", "RAG Systems")
    assert references("x [^a] [^b [^c]") == ["a", "b", "c"]  # the guide's one unclosed reference
    assert without_references("Cost? [^a] [^b") == "Cost?"


def test_questions_are_read_with_round_type_topic_companies_dates_and_formats(tmp_path):
    read = questions.read_guide(make_guide(tmp_path))
    found = by_text(read)
    hybrid = found["What is hybrid search?"]
    assert (hybrid.round_type, hybrid.topic) == ("ml_deep_dive", "rag")
    # 01-theory.md retells it at more length with another source: one question, both sources.
    assert hybrid.urls == ["https://www.designgurus.io/blog/rag", "https://other.example.com/a"]
    assert hybrid.dates == ["2026-01"]
    assert len(hybrid.where) == 2
    kv = found["KV Store Serialize/Deserialize."]
    assert (kv.round_type, kv.topic, kv.companies) == ("coding", "coding_patterns", ["openai"])
    assert found["Design a task executor that stores and pauses tasks. (Microsoft senior)"].companies == ["microsoft"]
    rag_eval = next(f for f in read.found if f.original.startswith("How do you evaluate a RAG"))
    assert rag_eval.companies == ["anthropic"], "the footnote's label names the company"
    assert rag_eval.dates == ["2025-10"]
    agent = next(f for f in read.found if f.round_type == "take_home")
    assert agent.formats == ["3-day window", "no AI tools"]
    assert len(agent.where) == 2, "the same candidate repositories: the same assignment"
    # Advice and format sections are not questions; a bullet without a footnote has no source.
    assert not any("45-60" in f.original or "end to end" in f.original for f in read.found)
    assert read.unsourced == ["questions/questions.md:9: Unsourced question with no footnote at all."]
    assert read.unresolved == []


def run(interview: Path, data: Path, *extra: str) -> int:
    return questions.main([str(interview), str(data), *extra])


def test_long_questions_wait_for_wording_and_reruns_keep_it(tmp_path, capsys):
    interview = make_guide(tmp_path)
    data = tmp_path / "data"
    pending_file = tmp_path / "pending.yaml"
    assert run(interview, data, "--pending", str(pending_file)) == 0
    pending = yaml.safe_load(pending_file.read_text())
    assert {p["original"][:20] for p in pending} == {"How do you evaluate ", "Build an agent in a "}
    written = [q for path in (data / "questions").glob("*.yaml") for q in yaml.safe_load(path.read_text())["questions"]]
    assert {q["question"] for q in written} == {
        "What is hybrid search?",
        "KV Store Serialize/Deserialize.",
        "Design a task executor that stores and pauses tasks. (Microsoft senior)",
    }
    # A wording that repeats the guide's long sentence is refused, and nothing is written.
    wording = tmp_path / "wording.yaml"
    long_key = next(p["key"] for p in pending if p["original"].startswith("How do you"))
    agent_key = next(p["key"] for p in pending if p["original"].startswith("Build"))
    wording.write_text(yaml.safe_dump({long_key: next(p["original"] for p in pending if p["key"] == long_key)}))
    assert run(interview, data, "--wording", str(wording)) == 1
    assert "repeats the guide word for word" in capsys.readouterr().err
    wording.write_text(
        yaml.safe_dump(
            {
                long_key: "Which metrics would you use to judge a RAG pipeline?",
                agent_key: "Build an agent over three days.",
            }
        )
    )
    assert run(interview, data, "--wording", str(wording)) == 0
    rag_file = data / "questions" / "rag.yaml"
    entries = yaml.safe_load(rag_file.read_text())["questions"]
    assert [e["question"] for e in entries] == [
        "What is hybrid search?",
        "Which metrics would you use to judge a RAG pipeline?",
    ]
    # Hand edits survive a rerun without the wording file; the facts are refreshed from the guide.
    edited = rag_file.read_text().replace("Which metrics would you use", "What would you measure")
    rag_file.write_text(edited.replace("reported: 2025-10", "reported: 2020-01"))
    assert run(interview, data) == 0
    entries = yaml.safe_load(rag_file.read_text())["questions"]
    assert entries[1]["question"] == "What would you measure to judge a RAG pipeline?"
    assert entries[1]["reported"] == "2025-10"
    assert entries[1]["id"] == "which-metrics-would-you-use-to-judge-a-rag-pipeline"
    assert QuestionsFile.model_validate(yaml.safe_load(rag_file.read_text()))


def test_a_hand_written_file_claims_its_keys(tmp_path):
    interview = make_guide(tmp_path)
    data = tmp_path / "data"
    key = questions.question_key("KV Store Serialize/Deserialize.")
    (data / "questions").mkdir(parents=True)
    (data / "questions" / "mine.yaml").write_text(
        "questions:\n  - id: kv\n    question: Serialise a key-value store.\n    round_type: coding\n"
        f"    topic: coding_patterns\n    sources: [https://www.hellointerview.com/guides/openai/l5]\n    key: {key}\n"
    )
    assert run(interview, data) == 0
    generated = yaml.safe_load((data / "questions" / "coding-patterns.yaml").read_text())["questions"]
    assert [q["question"] for q in generated] == [
        "Design a task executor that stores and pauses tasks. (Microsoft senior)"
    ]
    assert "Serialise a key-value store." in (data / "questions" / "mine.yaml").read_text()


def test_guide_sources_reads_footnotes_inline_links_and_bare_urls(tmp_path):
    text = (
        "# Chapter\n\n## Loops\n\nSee [a post](https://blog.example.com/p?utm_source=x) and https://github.com/o/r.\n\n"
        "[^n]: [Reddit - Mistral AI loop](https://www.reddit.com/r/leetcode/comments/1/x/) (r/leetcode, Jan 2026)\n"
    )
    links = guide_sources.parse_chapter(text, "01-chapter")
    records = guide_sources.build_records(links, {"https://github.com/o/r"})
    assert [(r["url"], r["title"]) for r in records] == [
        ("https://blog.example.com/p", "a post"),
        ("https://www.reddit.com/r/leetcode/comments/1/x", "Reddit - Mistral AI loop"),
    ]
    assert records[0]["section"] == "01-chapter > Loops"
    reddit = records[1]
    assert (reddit["platform"], reddit["community"], reddit["published"], reddit["companies"]) == (
        "reddit",
        "r/leetcode",
        "2026-01",
        ["mistral-ai"],
    )


MERGES_AND_LABELS = """\
# Questions

## Behavioral Questions

### Conflict

- Tell me about a conflict with a colleague. (Meta) [^a]
- Describe a disagreement with a teammate and how it ended. [^b]

## System Design Questions

### Traditional System Design

- Design a job scheduler (like AWS Batch). [^b]
- Design Uber (backend: matching, ETA). [^b]
- Roboflow: build a project on their platform. [^b]

## Take-Home Assignments

### Red Flags (Unreasonable Assignments)

- 45 minutes for 3 complex tasks. [^b]

## Sources

[^a]: [IGotAnOffer - Meta](https://igotanoffer.example/meta) (Jan 2026)
[^b]: [Some blog](https://blog.example.com/post)
"""


def test_merged_bullets_join_their_question_and_only_askers_are_companies(tmp_path):
    interview = make_guide(tmp_path)
    (interview / "questions/questions.md").write_text(MERGES_AND_LABELS, "utf-8")
    data = tmp_path / "data"
    assert run(interview, data) == 0
    written = {
        q["question"]: q
        for path in (data / "questions").glob("*.yaml")
        for q in yaml.safe_load(path.read_text())["questions"]
    }
    assert "45 minutes for 3 complex tasks." not in written, "a Red Flags complaint is not an assignment"
    assert written["Design a job scheduler (like AWS Batch)."].get("companies") is None, "compared with, not asked at"
    assert written["Design Uber (backend: matching, ETA)."].get("companies") is None
    assert written["Roboflow: build a project on their platform."]["companies"] == ["roboflow"]
    conflict = written["Tell me about a conflict with a colleague. (Meta)"]
    other = written["Describe a disagreement with a teammate and how it ended."]
    (data / questions.MERGED_FILE).write_text(yaml.safe_dump({"merged": {other["key"]: conflict["id"]}}))
    assert run(interview, data) == 0
    written = {
        q["id"]: q
        for path in (data / "questions").glob("*.yaml")
        for q in yaml.safe_load(path.read_text())["questions"]
    }
    assert other["id"] not in written
    assert written[conflict["id"]]["sources"] == ["https://igotanoffer.example/meta", "https://blog.example.com/post"]
    assert (written[conflict["id"]]["companies"], written[conflict["id"]]["reported"]) == (["meta"], "2026-01")
    # A merge into an id that is no question writes nothing and says which key.
    (data / questions.MERGED_FILE).write_text(yaml.safe_dump({"merged": {other["key"]: "no-such-question"}}))
    assert run(interview, data) == 1


@pytest.mark.field_guide
def test_every_question_of_the_field_guide_is_in_the_bank_in_our_words(field_guide):
    interview = field_guide / "interview"
    read = questions.read_guide(interview, questions.read_source_facts(DATA / "sources"))
    assert read.unresolved == [], "every footnote reference resolves to a URL"
    assert len(read.found) >= 480
    assert len(read.unsourced) <= 10
    dataset = load_data(DATA)
    bank = {question.key: question for _, question in dataset.questions if question.key}
    # A near-duplicate merged into another question (data/merged-questions.yaml) is in the bank as that question.
    by_id = {question.id: question for _, question in dataset.questions}
    bank |= {key: by_id[question_id] for key, question_id in questions.read_merged(DATA).items()}
    missing = [found.original for found in read.found if found.key not in bank]
    assert missing == []
    for found in read.found:
        assert set(found.urls) <= {normalise_url(url) for url in bank[found.key].sources}
    long_bullets = {
        questions.normalise(item.text)
        for name in questions.QUESTION_FILES
        for item in bullets((interview / name).read_text("utf-8"))
        if questions.word_count(item.text) > questions.MAX_VERBATIM_WORDS
    }
    copied = [q.question for _, q in dataset.questions if questions.normalise(q.question) in long_bullets]
    assert copied == []
    for found in read.found:
        assert questions.verbatim_guide_sentences(found.original, bank[found.key].question) == []
    assert len(dataset.questions) >= 480


@pytest.mark.field_guide
def test_the_chapters_cited_urls_are_sources(field_guide):
    cited, covered, domains, covered_domains = guide_sources.coverage(field_guide / "interview", DATA / "sources")
    assert cited >= 250
    assert covered / cited >= 0.98
    assert covered_domains / domains >= 0.98
