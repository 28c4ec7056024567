"""The round-type taxonomy and a classifier for free-text step names.

Every step gets a fine round type (for facets and checklists) which belongs to
a family (for the report's coarse counts: "recruiter screen", "technical
interview", ...). `classify()` maps names such as "Head of Talent introductory
chat" or "Paid 2-day work trial" to a slug; a data file may override it per step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class RoundType:
    slug: str
    label: str
    family: str
    is_interview: bool = True


ROUND_TYPES: tuple[RoundType, ...] = (
    RoundType("application_review", "Application review", "admin", is_interview=False),
    RoundType("recruiter_screen", "Recruiter / talent screen", "screen"),
    RoundType("hiring_manager", "Hiring manager interview", "manager"),
    RoundType("online_assessment", "Online assessment", "technical"),
    RoundType("coding", "Live coding", "technical"),
    RoundType("technical", "Technical interview (format not stated)", "technical"),
    RoundType("system_design", "System design", "technical"),
    RoundType("ml_deep_dive", "AI/ML deep dive", "technical"),
    RoundType("code_review", "Code review / refactoring", "technical"),
    RoundType("project_deep_dive", "Project presentation / deep dive", "technical"),
    RoundType("take_home", "Take-home assignment", "take_home"),
    RoundType("work_trial", "Paid work trial", "take_home"),
    RoundType("behavioral", "Behavioral / values", "behavioral"),
    RoundType("team", "Team interview", "behavioral"),
    RoundType("panel", "Panel / onsite", "panel"),
    RoundType("founder", "Founder / CEO / leadership", "leadership"),
    RoundType("reference_check", "Reference check", "admin", is_interview=False),
    RoundType("offer", "Offer", "admin", is_interview=False),
    RoundType("other", "Other", "other"),
)

ROUND_TYPES_BY_SLUG: dict[str, RoundType] = {round_type.slug: round_type for round_type in ROUND_TYPES}
ROUND_TYPE_SLUGS: tuple[str, ...] = tuple(ROUND_TYPES_BY_SLUG)
# The taxonomy's own order (its position in ROUND_TYPES), to break ties when sorting round types.
ROUND_TYPE_ORDER: dict[str, int] = {round_type.slug: index for index, round_type in enumerate(ROUND_TYPES)}
# A take-home's days of work would swamp the hours spent in interviews, so its time is totalled apart.
TAKE_HOME_FAMILY = "take_home"

FAMILIES: dict[str, str] = {
    "screen": "Recruiter / talent screen",
    "technical": "Technical interview",
    "manager": "Hiring manager interview",
    "take_home": "Take-home / work trial",
    "behavioral": "Behavioral / team",
    "leadership": "CEO / founder interview",
    "panel": "Panel / onsite",
    "admin": "Application, references, offer",
    "other": "Other",
}

# Ordered: the first pattern that matches wins, so specific formats ("paid
# trial", "take-home", "system design") come before generic words ("call", "final").
_RULES: tuple[tuple[str, str], ...] = (
    ("reference_check", r"\breferences?\b"),
    ("offer", r"\boffers?\b|\bonboarding\b"),
    (
        "application_review",
        r"\bappl(y|ication)\b|\bresume\b|\bcv\b|screening (email|questions)|profile review|"
        r"matching to|sends candidate profile|\bsourcing\b",
    ),
    ("work_trial", r"\bpaid\b|\btrial\b|super ?day|week building"),
    (
        "project_deep_dive",
        r"walk ?through|review of (the )?submission|discussion of (the )?solution|"
        r"presentation|present (your|a|past|previous)|portfolio|past (work|project)|project deep[- ]?dive|resume deep",
    ),
    (
        "take_home",
        r"take[- ]?home|home[- ]based|test task|technical task|assignment|case study|build a project|"
        r"work sample|\bhomework\b|multi-day",
    ),
    (
        "online_assessment",
        r"online assessment|\boa\b|codesignal|hackerrank|codility|\bgca\b|ribbon ai|"
        r"ai[- ](led|conducted|agent|interviewer)|automated|online test|async(hronous)? video",
    ),
    ("code_review", r"code review|refactor|debug|code reading|pr review"),
    ("system_design", r"system(s)? design|architecture|\bhld\b|\blld\b|design interview|\bdesign\b"),
    (
        "coding",
        r"\bcod(e|ing)\b|leetcode|algorithm|\bdsa\b|pair[- ]programming|programming|feature building|"
        r"live task|whiteboard|data structures",
    ),
    ("panel", r"\bpanels?\b|final rounds\b"),
    (
        "ml_deep_dive",
        r"\bml\b|machine learning|\bai/ml\b|\bllms?\b|deep learning|\bresearch\b|\bmodel(ing|s)?\b|"
        r"statistic|\brag\b",
    ),
    (
        "behavioral",
        r"behaviou?r|\bvalues\b|culture|biographical|competenc|cross[- ]functional|\bstar\b|"
        r"non[- ]technical|googleyness|leadership principles|motivation",
    ),
    (
        "hiring_manager",
        r"hiring manager|\bhm\b|\bmanagers?\b|head of (ai|engineering|data|ml|product|research)|"
        r"\bcto\b|engineering lead|tech lead|\bvp\b|director",
    ),
    ("recruiter_screen", r"recruit|talent|\bhr\b|\bpeople (team|partner)\b"),
    (
        "technical",
        r"technical|\btech\b|skills?\b|deep[- ]?dives?|role[- ]specific|specialist|case interview|"
        r"assessment|\bexam\b|\btest\b",
    ),
    ("founder", r"founder|\bceo\b|\bcoo\b|\bexec(utive)?s?\b|leadership|president|partner meeting"),
    ("recruiter_screen", r"phone screen|screen(ing)?\b"),
    ("team", r"\bteam\b|\bpeers?\b|engineers? interview|\bmeet\b|colleague|member|client"),
    ("panel", r"panel|on-?site|in[- ]person|\bfinal\b|virtual|\bloop\b|super ?day"),
    (
        "recruiter_screen",
        r"\bintro(ductory|duction)?\b|initial|exploratory|\bcalls?\b|\bchats?\b|conversation|"
        r"get to know",
    ),
)
_COMPILED_RULES = tuple((slug, re.compile(pattern)) for slug, pattern in _RULES)


def _match(text: str) -> str | None:
    lowered = text.lower()
    for slug, pattern in _COMPILED_RULES:
        if pattern.search(lowered):
            return slug
    return None


def classify(name: str, details: str = "") -> str:
    """Return the fine round-type slug for a free-text step name (details break ties)."""
    return _match(name or "") or _match(details or "") or "other"


def family_of(slug: str) -> str:
    return ROUND_TYPES_BY_SLUG[slug].family


def is_interview(slug: str) -> bool:
    return ROUND_TYPES_BY_SLUG[slug].is_interview
