"""The report's stated values ("3-5", "~4", "60%"), parsed so a computed figure can be compared with them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from datasette_interview_prep.core.rounds import FAMILIES, ROUND_TYPE_SLUGS, ROUND_TYPES_BY_SLUG, classify

# ---------------------------------------------------------------------------
# The report's values


@dataclass(frozen=True)
class Claim:
    """A report value, understood: '1,765', '~80', '~4.5%', '700+', '3-5', 'A, B, C'."""

    text: str
    kind: Literal["exact", "approx", "at_least", "range", "list", "text"]
    number: float | None = None
    low: float | None = None
    high: float | None = None
    items: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return list(self.items or (self.text,))

    @property
    def bounds(self) -> tuple[float, float] | None:
        """(low, high) of a range claim; None for every other kind."""
        if self.kind != "range" or self.low is None or self.high is None:
            return None
        return self.low, self.high


_NUMBER = r"\d[\d,]*(?:\.\d+)?"


def to_number(text: str) -> float:
    return float(text.replace(",", ""))


def parse_claim(value: object) -> Claim:
    text = str(value).strip()
    bare = text.replace("%", "").strip()
    if match := re.fullmatch(rf"(?:~|≈|about |around )\s*({_NUMBER})", bare, re.IGNORECASE):
        return Claim(text, "approx", number=to_number(match.group(1)))
    if match := re.fullmatch(rf"({_NUMBER})\s*\+", bare):
        return Claim(text, "at_least", number=to_number(match.group(1)))
    if re.fullmatch(_NUMBER, bare):
        return Claim(text, "exact", number=to_number(bare))
    if match := re.fullmatch(rf"({_NUMBER})\s*(?:-|–|—|to)\s*({_NUMBER})", bare):
        return Claim(text, "range", low=to_number(match.group(1)), high=to_number(match.group(2)))
    items = tuple(item for item in re.split(r"\s*(?:,|;|\band\b)\s*", text) if item)
    return Claim(text, "list", items=items) if len(items) > 1 else Claim(text, "text")


def number_matches(claim: Claim | None, computed: float | None) -> bool | None:
    """Whether a computed number agrees with a numeric claim; None when there is nothing to compare."""
    if claim is None or computed is None or claim.number is None:
        return None
    if claim.kind == "exact":  # agrees when it rounds to the stated value
        decimals = len(claim.text.rstrip("%").split(".")[1]) if "." in claim.text else 0
        return abs(computed - claim.number) < 0.5 * 10.0**-decimals
    if claim.kind == "approx":
        return abs(computed - claim.number) <= 0.1 * claim.number
    return computed >= claim.number  # at_least


def family_of_phrase(phrase: str) -> str:
    """'CEO/founder interview' -> 'leadership', 'take_home' -> 'take_home', 'screen' -> 'screen'."""
    token = phrase.strip().lower()
    if token in FAMILIES:
        return token
    slug = token if token in ROUND_TYPE_SLUGS else classify(token)
    return ROUND_TYPES_BY_SLUG[slug].family
