"""The schema of the files in data/, as pydantic models.

Six kinds of file:

- `data/processes/<slug>.yaml`: one company and its interview process(es)
  (`CompanyFile`). The field guide's own layout (top-level `role`, `steps`,
  `source_files`, `process_summary`, `notable`, or a `processes:` list) is a
  subset of this format and loads as is.
- `data/sources/*.yaml`: discussion threads, articles and repositories
  (`SourcesFile`).
- `data/rounds.yaml`: what candidates report for each round type and how to
  prepare for it (`RoundGuideFile`).
- `data/report.yaml`: every figure the report states (`ReportFile`).
- `data/questions/*.yaml`: the question bank, questions candidates report,
  each with its round type, topic and sources (`QuestionsFile`).
- `data/outlines/*.yaml`: an answer outline for questions of the bank, written
  for this project (`OutlinesFile`): one per question id at most.

Unknown keys are errors (a typo must not silently drop data). Booleans, integers
and numbers are strict: pydantic's lax mode would read `interview: "no"` as False,
`score: "012345"` as 12345 and `score: 12.0` as 12; here each is an error naming the field.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from datasette_interview_prep.core.rounds import ROUND_TYPE_SLUGS
from datasette_interview_prep.core.slugs import SLUG_PATTERN
from datasette_interview_prep.core.topics import QUESTION_TOPICS
from datasette_interview_prep.core.urls import normalise_url

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]

Category = Literal["model", "infrastructure", "product", "big_tech", "enterprise", "consultancy", "staffing", "other"]
ProcessKind = Literal["job_posting", "candidate_report"]

Url = Annotated[str, AfterValidator(normalise_url)]

# No coercion from strings, floats or 0/1 (see the module docstring); a float field still takes an int.
StrictBool = Annotated[bool, Field(strict=True)]
StrictInt = Annotated[int, Field(strict=True)]
StrictFloat = Annotated[float, Field(strict=True)]


def _known_round_type(value: str) -> str:
    if value not in ROUND_TYPE_SLUGS:
        raise ValueError(f"unknown round type {value!r}; allowed: {', '.join(ROUND_TYPE_SLUGS)}")
    return value


RoundTypeSlug = Annotated[str, AfterValidator(_known_round_type)]


def _as_text(value: object) -> object:
    """YAML may read `reported: 2026` or a posting id as an int; both are text here."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PartialDate = Annotated[
    str,
    BeforeValidator(_as_text),
    StringConstraints(pattern=r"^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"),
]
PostingId = Annotated[str, BeforeValidator(_as_text), StringConstraints(pattern=r"^[0-9]{1,12}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Step(Strict):
    """One stage of a hiring process, in the order the candidate meets it."""

    name: Text = Field(description="The stage as the posting or the candidate names it")
    duration: ShortText | None = Field(None, description="Length as written, e.g. '45 min', '2-3 hours', 'full day'")
    details: Text | None = Field(None, description="Facts about the stage: format, interviewers, tools")
    round_type: RoundTypeSlug | None = Field(None, description="Overrides the classifier's round type")
    interview: StrictBool | None = Field(None, description="Overrides whether the stage counts as an interview stage")
    questions: list[ShortText] = Field(
        default_factory=list, description="Concrete tasks or questions candidates report"
    )
    topics: list[ShortText] = Field(
        default_factory=list,
        description="Subjects the round covers, when the source lists topics rather than questions",
    )


class Process(Strict):
    """A hiring process: from a job posting, or as candidates report it."""

    id: Slug | None = Field(None, description="Stable id; defaults to '<company-slug>-<n>'")
    name: ShortText | None = Field(None, description="Which roles or track this process covers")
    role: ShortText | None = None
    kind: ProcessKind = "job_posting"
    level: ShortText | None = Field(None, description="Seniority, e.g. 'L5/Staff', 'intern'")
    reported: PartialDate | None = Field(None, description="When it was reported: YYYY, YYYY-MM or YYYY-MM-DD")
    timeline: ShortText | None = Field(None, description="End-to-end length as reported, e.g. '5 weeks'")
    postings: list[PostingId] = Field(default_factory=list, description="Job ids of the source postings")
    source_files: list[ShortText] = Field(
        default_factory=list, description="Field-guide posting files (ids are read from them)"
    )
    sources: list[Url] = Field(default_factory=list, description="URLs that back a candidate report")
    summary: Text | None = Field(None, description="The process in a sentence, when no steps are described")
    process_summary: Text | None = Field(None, description="Field-guide spelling of `summary`")
    notes: list[Text] = Field(default_factory=list, description="Facts about the process as a whole")
    steps: list[Step] = Field(default_factory=list)

    def posting_ids(self) -> list[str]:
        ids = list(self.postings)
        for file_name in self.source_files:
            match = re.match(r"^(\d+)_", file_name)
            if match and match.group(1) not in ids:
                ids.append(match.group(1))
        return ids


class CompanyFile(Strict):
    """One company: either a `processes:` list, or the fields of a single process at top level."""

    company: ShortText
    slug: Slug | None = None
    category: Category | None = None
    note: Text | None = Field(None, description="A one-line tip for candidates, in the project's words")
    website: Url | None = None
    aggregate: StrictBool = Field(
        False, description="True for several employers reported together (Big Tech), never one company's loop"
    )
    # The single-process layout of the field guide:
    role: ShortText | None = None
    kind: ProcessKind | None = None
    reported: PartialDate | None = None
    postings: list[PostingId] = Field(default_factory=list)
    source_files: list[ShortText] = Field(default_factory=list)
    sources: list[Url] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    summary: Text | None = None
    process_summary: Text | None = None
    notable: Text | None = Field(None, description="Field-guide remark; accepted so its files load, never stored")
    processes: list[Process] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_layout(self) -> CompanyFile:
        if self.processes and (self.steps or self.summary or self.process_summary):
            raise ValueError("give either top-level steps/summary or a processes: list, not both")
        return self

    def all_processes(self) -> list[Process]:
        """The processes of this file, with top-level fields as defaults."""
        if self.processes:
            inherited = []
            for process in self.processes:
                inherited.append(
                    process.model_copy(
                        update={
                            "role": process.role or self.role,
                            "kind": process.kind if "kind" in process.model_fields_set else (self.kind or process.kind),
                            "reported": process.reported or self.reported,
                            "postings": process.postings or self.postings,
                            "source_files": process.source_files or self.source_files,
                        }
                    )
                )
            return inherited
        return [
            Process(
                role=self.role,
                kind=self.kind or "job_posting",
                reported=self.reported,
                postings=self.postings,
                source_files=self.source_files,
                sources=self.sources,
                summary=self.summary,
                process_summary=self.process_summary,
                steps=self.steps,
            )
        ]


class Source(Strict):
    """A discussion thread, article, video or repository about AI-engineering interviews."""

    url: Url
    title: ShortText
    platform: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")] | None = Field(
        None,
        description="reddit, hacker_news, teamblind, x, medium, youtube, github, linkedin, blog, ...; derived from the URL when absent",
    )
    community: ShortText | None = Field(None, description="Subreddit, blog or channel, e.g. 'r/leetcode'")
    score: StrictInt | None = Field(None, ge=0, description="Upvotes or points where the inventory gives them")
    published: PartialDate | None = None
    inventory: ShortText | None = Field(None, description="The link list it was filed in")
    section: ShortText | None = Field(None, description="The heading it was filed under")
    companies: list[Slug] = Field(default_factory=list)
    round_types: list[RoundTypeSlug] = Field(default_factory=list)
    topics: list[ShortText] = Field(default_factory=list)
    summary: Text | None = Field(None, description="In the project's own words, or none")


class SourcesFile(Strict):
    sources: list[Source]


class PrepItem(Strict):
    """One thing to practise for a round type, with the sources that back it."""

    id: Slug = Field(description="Stable id: progress in the browser is keyed by it")
    text: Text
    sources: list[Url] = Field(default_factory=list)


class RoundGuide(Strict):
    """What candidates report for a round type and how to prepare for it."""

    round_type: RoundTypeSlug
    what_candidates_report: Text | None = None
    reported_duration: ShortText | None = Field(None, description="Typical length as the report states it")
    weight: StrictFloat = Field(1.0, gt=0, le=10, description="Relative prep effort for the planner")
    prep: list[PrepItem] = Field(default_factory=list)


class RoundGuideFile(Strict):
    round_types: list[RoundGuide]


class ReportFigure(Strict):
    """A number the report states, to put beside the value computed from the data."""

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
    label: ShortText
    value: str | StrictInt | StrictFloat
    section: ShortText | None = None
    note: Text | None = None


class ReportFile(Strict):
    title: ShortText | None = None
    url: Url | None = None
    figures: list[ReportFigure]


def _known_topic(value: str) -> str:
    if value not in QUESTION_TOPICS:
        raise ValueError(f"unknown topic {value!r}; allowed: {', '.join(QUESTION_TOPICS)}")
    return value


TopicSlug = Annotated[str, AfterValidator(_known_topic)]
YearMonth = Annotated[str, BeforeValidator(_as_text), StringConstraints(pattern=r"^(19|20)\d\d(-(0[1-9]|1[0-2]))?$")]
# A stable key for an imported question, independent of its (rewritten) wording: see importers/questions.py.
QuestionKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{4,64}$")]


class Question(Strict):
    """One question or task candidates report, in the project's words, with the sources that report it."""

    id: Slug = Field(description="Stable id, unique across all files of data/questions")
    question: ShortText = Field(description="In the project's own words; a short question may stay as asked")
    round_type: RoundTypeSlug = Field(description="The round it is asked in")
    topic: TopicSlug = Field(description="What it tests (core.topics.QUESTION_TOPICS)")
    companies: list[Slug] = Field(default_factory=list, description="Companies a source ties it to")
    sources: list[Url] = Field(min_length=1, description="URLs in data/sources that report it")
    reported: YearMonth | None = Field(None, description="When the source reports it: YYYY or YYYY-MM")
    format: ShortText | None = Field(None, description="The round's format where a source gives it")
    key: QuestionKey | None = Field(None, description="Importer's match key (a hash of the original), not shown")


class QuestionsFile(Strict):
    questions: list[Question]


class FollowUp(Strict):
    """A question an interviewer is likely to ask next; `source` when a source reports it."""

    question: ShortText
    source: Url | None = Field(None, description="A URL in data/sources that reports this follow-up")


class Outline(Strict):
    """What a strong answer to one question of the bank covers, in the project's own words."""

    id: Slug = Field(description="The question's id in data/questions")
    tests: Text = Field(description="What the question tests")
    key_points: list[ShortText] = Field(min_length=1, description="What a strong answer covers, in order")
    pitfalls: list[ShortText] = Field(default_factory=list, description="Common ways answers go wrong")
    follow_ups: list[FollowUp] = Field(default_factory=list, description="Likely next questions")


class OutlinesFile(Strict):
    outlines: list[Outline]
