"""How slugs of the data read in text: process kinds and source platforms."""

from __future__ import annotations

PROCESS_KIND_LABELS = {
    "job_posting": "From a job posting",
    "candidate_report": "Candidate report",
}
# The same kinds as nouns inside a sentence ("job posting + candidate report").
PROCESS_KIND_NOUNS = {
    "job_posting": "job posting",
    "candidate_report": "candidate report",
}

PLATFORM_LABELS = {
    "reddit": "Reddit",
    "hacker_news": "Hacker News",
    "x": "X",
    "teamblind": "TeamBlind",
    "github": "GitHub",
    "youtube": "YouTube",
    "blog": "Blogs",
    "medium": "Medium",
    "substack": "Substack",
    "dev_to": "dev.to",
    "linkedin": "LinkedIn",
    "kaggle": "Kaggle",
}


def platform_words(platform: str | None) -> str:
    """A platform slug as plain words, 'hacker_news' -> 'hacker news' (the label of a single source)."""
    return (platform or "").replace("_", " ")
