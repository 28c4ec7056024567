"""Which of the bank's questions fit a company's kind of loop: the fallback questions of its checklist.

A round lists the questions a source ties to the company first; after them, a
few of the round type's questions from elsewhere. Those are not the most
reported at any company (a JavaScript question in an AI lab's fundamentals
round) but the most relevant to this company, scored:

- 2 when the question was asked at a company of the same category (an AI lab's
  questions for an AI lab);
- 1 when its topic is one of the topics of the company's own questions;
- 1 when it shares a word (four letters or more, not a common one) with what
  the company's data says about the round (its name, details, questions, topics),
  counted only where it decides (a question at 1 otherwise).

Questions scoring under 2 are left out (a shared topic alone, such as Python
engineering, says little; the round links to all of its round type's questions
instead); ties go to the most reported, then bank order.
Pure: the bank, the categories and the round's words in, questions out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from datasette_interview_prep.planner.questions import BankQuestion

_WORD = re.compile(r"[a-z][a-z0-9+#-]{3,}")
_COMMON = frozenset(
    [
        "about",
        "after",
        "also",
        "with",
        "from",
        "that",
        "this",
        "your",
        "what",
        "when",
        "where",
        "which",
        "would",
        "there",
        "their",
        "them",
        "they",
        "have",
        "into",
        "over",
        "more",
        "most",
        "than",
        "then",
        "some",
        "each",
        "other",
        "round",
        "rounds",
        "interview",
        "interviews",
        "candidate",
        "candidates",
        "question",
        "questions",
        "reported",
        "stage",
        "stages",
        "call",
        "chat",
        "talk",
        "onsite",
        "virtual",
        "loop",
        "part",
        "work",
        "team",
        "build",
        "design",
        "time",
    ]
)

MIN_RELEVANCE = 2


def words(texts: Iterable[str | None]) -> frozenset[str]:
    """The distinctive words of some texts, lower-cased."""
    return frozenset(word for text in texts if text for word in _WORD.findall(text.lower()) if word not in _COMMON)


@dataclass(frozen=True)
class CompanyProfile:
    """What makes a question relevant to a company: its category's companies and its own questions' topics."""

    slug: str
    peers: frozenset[str]  # companies of the same category, itself left out
    topics: frozenset[str]


def company_profile(
    slug: str, categories: Mapping[str, str | None], own_questions: Iterable[BankQuestion]
) -> CompanyProfile:
    category = categories.get(slug)
    peers = frozenset(other for other, cat in categories.items() if category and cat == category and other != slug)
    return CompanyProfile(slug, peers, frozenset(question.topic for question in own_questions))


def relevance(question: BankQuestion, profile: CompanyProfile, round_words: Collection[str]) -> int:
    score = 2 if any(company.slug in profile.peers for company in question.companies) else 0
    score += 1 if question.topic in profile.topics else 0
    if score == 1 and round_words:  # the words only decide between 1 and 2: read them only then (48,600 at 100x)
        score += 0 if words([question.question]).isdisjoint(round_words) else 1
    return score


def most_relevant(
    candidates: Iterable[BankQuestion],
    profile: CompanyProfile,
    round_words: Collection[str],
    limit: int,
    leave_out: Collection[str] = (),
) -> list[BankQuestion]:
    """At most `limit` of `candidates` (in bank order: most reported first) scoring MIN_RELEVANCE or more,
    best first; never one asked at the company itself (those are listed as asked here)."""
    scored = [
        (score, index, question)
        for index, question in enumerate(candidates)
        if question.id not in leave_out
        and profile.slug not in {company.slug for company in question.companies}
        and (score := relevance(question, profile, round_words)) >= MIN_RELEVANCE
    ]
    scored.sort(key=lambda triple: (-triple[0], triple[1]))
    return [question for _, _, question in scored[:limit]]
