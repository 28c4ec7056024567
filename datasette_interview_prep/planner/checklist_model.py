"""The checklist as data: the pydantic models whose JSON is the `.json` format (see render/checklist.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from datasette_interview_prep.planner.base_rates import BaseRate

FORMAT_VERSION = 2  # 2: questions per round, items reported at other companies
MOST_REPORTED_QUESTIONS = 3  # the round type's most-reported questions shown per round
EVIDENCE_LINKS = 5  # sources listed per round; the count covers them all


class SourceLink(BaseModel):
    url: str
    title: str
    platform: str | None = None
    published: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    score: int | None = None


class Evidence(BaseModel):
    """Sources about this round type: at this company (`scope: company`) or anywhere (`all_companies`)."""

    scope: Literal["company", "all_companies"]
    count: int
    platforms: dict[str, int] = Field(description="Platform -> number of sources, most frequent first")
    latest: str | None = Field(description="The most recent publication date among them")
    sources: list[SourceLink] = Field(description=f"The {EVIDENCE_LINKS} most recent")
    all_companies_count: int = Field(description="Sources about this round type at any company")


class ChecklistItem(BaseModel):
    id: str = Field(description="Stable id: '<checklist key>:<prep item id>'")
    prep_item_id: str
    round_type: str = Field(description="The round type the item prepares for")
    text: str
    sources: list[SourceLink]
    cites_company: bool = Field(False, description="One of its sources is about this checklist's company")
    reported_at: list[str] = Field(
        [], description="Companies its sources are all about, none of them this one; empty for general advice"
    )


class RoundQuestion(BaseModel):
    """A question of the bank on a checklist, ticked like a prep item."""

    id: str = Field(description="Stable id: '<checklist key>:q:<question id>'")
    question_id: str
    round_type: str
    question: str
    topic_label: str
    format: str | None = None
    date: str | None = Field(None, description="When it was reported, or its latest source's date")
    encounters: int = Field(description="Distinct sources that report it")
    companies: list[str] = Field(description="Names of the companies a source ties it to")
    sources: list[SourceLink]


class RoundReport(BaseModel):
    """One reported loop that includes a round of a merged loop (planner/loops.py)."""

    process_id: str
    label: str = Field(description="The loop's name, role or level")
    reported: str | None = None
    steps: list[str] = Field(description="Its steps of this round type, as that report names them (with lengths)")


class IncludedRoundType(BaseModel):
    round_type: str
    label: str
    prep_in: int = Field(description="Position of the round whose items cover it (this round, or an earlier one)")


class Round(BaseModel):
    position: int = Field(description="1-based place in the loop")
    name: str
    round_type: str
    round_type_label: str
    family: str
    is_interview: bool
    duration: str | None = Field(description="Length as the data states it (typical length for custom/typical)")
    minutes_low: int | None
    minutes_high: int | None
    duration_basis: Literal["stated", "typical"] | None = Field(
        description="'stated' by the company's data, 'typical' from what candidates report, None when unknown"
    )
    details: str | None = Field(description="What this company's round involves")
    questions: list[str]
    topics: list[str] = Field([], description="Subjects the round covers, where the source lists topics, not questions")
    what_candidates_report: str | None = Field(description="What candidates report about this round type in general")
    weight: float = Field(description="Relative prep effort of the round type (data/rounds.yaml)")
    includes: list[IncludedRoundType] = Field([], description="Round types a panel/onsite round's description names")
    items: list[ChecklistItem]
    other_company_items: list[ChecklistItem] = Field(
        [], description="Items backed only by other companies' sources, left out of the counts and the plan"
    )
    asked_here: list[RoundQuestion] = Field([], description="Questions a source ties to this company, of this round")
    most_reported: list[RoundQuestion] = Field(
        [],
        description=f"Up to {MOST_REPORTED_QUESTIONS} questions of the round type from elsewhere: on a company's "
        "checklist the most relevant to it (planner/relevance.py), else the most reported",
    )
    round_type_questions: int = Field(0, description="Questions of this round type in the bank")
    same_prep_as: int | None = Field(description="Position of an earlier round of the same type that lists the prep")
    reports: list[RoundReport] = Field(
        [], description="Merged loops: the company's reported loops that include this round type, lead loop first"
    )
    evidence: Evidence
    base_rate: BaseRate | None = None


class ProcessSummary(BaseModel):
    id: str
    kind: str
    kind_label: str
    label: str = Field(description="Name, role or level, whichever the data gives")
    name: str | None = None
    role: str | None = None
    level: str | None = None
    reported: str | None = None
    timeline: str | None = None
    summary: str | None = None
    notes: list[str] = []
    step_count: int = 0
    interview_stage_count: int = 0
    posting_ids: list[str] = []
    source_count: int = 0


class CompanyInfo(BaseModel):
    slug: str
    name: str
    category: str | None = None
    note: str | None = None
    website: str | None = None
    source_count: int = 0


class Totals(BaseModel):
    rounds: int
    interview_stages: int
    known_minutes_low: int | None = Field(
        description="Sum of the live interview stages with a known length "
        "(take-homes and work trials are counted apart)"
    )
    known_minutes_high: int | None
    take_home_minutes_low: int | None = Field(
        description="Sum of the take-home / work-trial stages with a known length"
    )
    take_home_minutes_high: int | None
    time_basis: Literal["stated", "typical"]
    interview_stages_without_duration: int
    prep_items: int = Field(description="Items counted (and planned): without other companies' unless asked for")
    own_source_items: int = Field(0, description="Counted items with a source about this company")
    other_company_items: int = Field(0, description="Items backed only by other companies' sources (counted or not)")
    questions: int = Field(0, description="Questions listed to tick (asked here, also asked here, most-reported)")
    own_questions: int = Field(0, description="Of them, those a source ties to this company")


class Checklist(BaseModel):
    format_version: int = FORMAT_VERSION
    kind: Literal["company", "custom", "typical"]
    key: str = Field(description="Prefix of the item ids: process id, 'custom-<slug>' or 'typical'")
    title: str
    company: CompanyInfo | None = None
    company_name: str | None = Field(None, description="The company, also for a custom checklist")
    process: ProcessSummary | None = None
    processes: list[ProcessSummary] = Field([], description="All processes of the company, the selected one included")
    process_sources: list[SourceLink] = Field([], description="The sources this process was reported in")
    rounds: list[Round]
    totals: Totals
    other_sources: list[SourceLink] = Field(
        [], description="Sources about the company tagged with no round type of this loop (nor backing the process)"
    )
    base_processes: int | None = Field(None, description="typical: the number of processes the base rates come from")
    includes_other_companies: bool = Field(
        False, description="Items backed only by other companies' sources are counted (?others=1)"
    )
    merged: list[str] = Field(
        [], description="The process ids merged into this loop, lead first (planner/loops.py); [] for one loop"
    )
    role: str | None = Field(None, description="?role=: the role whose loops (and those naming none) are merged")
    level: str | None = Field(None, description="?level=: the level whose loops (and those naming none) are merged")
    roles: list[str] = Field([], description="The roles the company's loops name (choices for ?role=)")
    levels: list[str] = Field([], description="The levels the company's loops name (choices for ?level=)")
    also_asked_here: list[RoundQuestion] = Field(
        [], description="Questions a source ties to this company whose round type no round of this loop covers"
    )

    @property
    def is_candidate_report(self) -> bool:
        return self.process is not None and self.process.kind == "candidate_report"
