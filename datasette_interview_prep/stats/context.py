"""The rows indexed once, the report's claims, and the populations every figure builder shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from datasette_interview_prep.stats.claims import Claim, parse_claim
from datasette_interview_prep.stats.models import (
    Figure,
    Links,
    Param,
    PostingsRow,
    ProcessRow,
    ReportFigureRow,
    SourceRow,
    StageColumn,
    StatsRows,
    StepRow,
)

POSTING = "job_posting"
CANDIDATE = "candidate_report"
TYPICAL_RANGE = (3, 5)

STAGE_DEFINITIONS: tuple[tuple[str, str, StageColumn], ...] = (  # (name, label, processes column)
    ("all_steps", "Every listed step", "step_count"),
    (
        "interview_stages",
        "Interview stages only (no application review, reference check or offer)",
        "interview_stage_count",
    ),
)

# Report keys of source counts -> the platforms they count (None: every source).
SOURCE_PLATFORM_KEYS: dict[str, tuple[str, ...] | None] = {
    "urls": None,
    "reddit_discussions": ("reddit",),
    "hn_discussions": ("hacker_news",),
    "x_posts": ("x",),
    "youtube_videos": ("youtube",),
    "personal_blogs": ("blog", "medium", "substack", "dev_to"),
}


# Duration keys are `<name>_duration` (postings) and `candidate_<name>` (candidate
# reports); name is a round type or family slug, or one of these:
DURATION_ROUND_TYPES: dict[str, tuple[str, ...]] = {
    "coding": ("coding", "technical"),  # the report's "Technical/coding" row
}


# ---------------------------------------------------------------------------
# The computation


class Context:
    """The rows, indexed once, and the report's claims; shared by the figure builders."""

    def __init__(self, rows: StatsRows, links: Links):
        self.rows = rows
        self.links = links
        # The rows as the shapes stats_read.py selects (models.py).
        processes = cast("Sequence[ProcessRow]", rows.processes)
        self.steps = cast("Sequence[StepRow]", rows.steps)
        self.sources = cast("Sequence[SourceRow]", rows.sources)
        self.report_figures = cast("Sequence[ReportFigureRow]", rows.report_figures)
        self.postings_table = cast("PostingsRow | None", rows.postings)
        self.report = {row["key"]: row for row in self.report_figures}
        self.used_keys: set[str] = set()
        self.posting = [p for p in processes if p["kind"] == POSTING]
        self.described = [p for p in self.posting if p["step_count"]]
        self.described_ids = {p["id"] for p in self.described}
        self.candidates = [p for p in processes if p["kind"] == CANDIDATE]
        self.steps_by_process: dict[str, list[StepRow]] = {}
        for step in sorted(self.steps, key=lambda s: (s["process_id"], s["position"])):
            self.steps_by_process.setdefault(step["process_id"], []).append(step)

    def claim(self, key: str) -> Claim | None:
        row = self.report.get(key)
        return None if row is None or row.get("value") in (None, "") else parse_claim(row["value"])

    def figure(
        self,
        key: str,
        label: str,
        section: str,
        *,
        computed: str,
        value: object,
        matches: bool | None,
        explanation: str | None,
        check_url: str,
        check_label: str,
        basis: str,
    ) -> Figure:
        row = self.report.get(key)
        claim = self.claim(key)
        if claim is not None:
            self.used_keys.add(key)
        elif not explanation:
            explanation = "The report does not state this figure."
        return Figure(
            key=key,
            label=(row.get("label") if row else None) or label,
            section=section,
            report=claim.text if claim else None,
            computed=computed,
            value=value,
            matches=matches,
            explanation=explanation,
            check_url=check_url,
            check_label=check_label,
            basis=basis,
            note=row.get("note") if row else None,
        )

    def described_link(self, *params: Param) -> str:
        """The table page of the posting-derived processes that list their steps (the population of most
        figures), narrowed by `params`."""
        return self.links.table("processes", [("kind", POSTING), ("step_count__gt", 0), *params])
