"""Turn the free-text durations of interview steps into (low, high) minutes.

"45 min" -> (45, 45); "2-3 hours" -> (120, 180); "~1h30" -> (90, 90);
"full day" -> (480, 480); "3 days" -> three working days. Text that states no
length ("Virtual onsite", "TBD") gives None: never a guess.
"""

from __future__ import annotations

import re

MINUTES_PER_UNIT = {
    "minute": 1,
    "hour": 60,
    "day": 8 * 60,  # a working day
    "week": 5 * 8 * 60,  # a working week
}

_UNIT_ALIASES = {
    "m": "minute",
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
}

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "half": 0.5,
    "a": 1,
    "an": 1,
}

_NUMBER = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|half|an?)"
_UNIT = r"(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)\b"
_H_MM = re.compile(r"(\d+)\s*h(?:ours?|rs?)?\s*(\d{1,2})\s*(?:m(?:in(?:ute)?s?)?)?\b")
_RANGE = re.compile(rf"{_NUMBER}\s*(?:{_UNIT})?\s*(?:-|–|—|to|or)\s*{_NUMBER}\s*{_UNIT}")
_SINGLE = re.compile(rf"{_NUMBER}\s*-?\s*{_UNIT}")
_FULL_DAY = re.compile(r"\b(full|whole|entire)[- ]day\b|\bsuperday\b|\ball[- ]day\b")
_HALF_DAY = re.compile(r"\bhalf[- ]day\b")


def _number(token: str) -> float:
    return _WORD_NUMBERS[token] if token in _WORD_NUMBERS else float(token)


def _minutes(amount: float, unit: str) -> int:
    return round(amount * MINUTES_PER_UNIT[_UNIT_ALIASES[unit]])


def parse_duration(text: str | None) -> tuple[int, int] | None:
    """Return (low, high) minutes for a duration text, or None when it states no length."""
    if not text:
        return None
    lowered = text.strip().lower().replace("~", "").replace("approx.", "").replace("approximately", "")
    if match := _H_MM.search(lowered):
        minutes = int(match.group(1)) * 60 + int(match.group(2))
        return (minutes, minutes)
    if match := _RANGE.search(lowered):
        low_amount, low_unit, high_amount, high_unit = match.groups()
        low = _minutes(_number(low_amount), low_unit or high_unit)
        high = _minutes(_number(high_amount), high_unit)
        return (min(low, high), max(low, high))
    if _HALF_DAY.search(lowered):
        return (240, 240)
    if _FULL_DAY.search(lowered):
        return (480, 480)
    if match := _SINGLE.search(lowered):
        minutes = _minutes(_number(match.group(1)), match.group(2))
        return (minutes, minutes)
    return None


_LEADING_HEDGE = re.compile(r"^\s*(about|around|roughly|approximately|approx\.?|~)\s*", re.I)


def parse_leading_duration(text: str | None) -> tuple[int, int] | None:
    """A length stated at the very start of a step's details ("2-3 hours, unpaid; ..."), else None.

    Only a single length at the start counts: "two 90-min interviews and one
    60-min" or "30 min with X and 30 min with Y" state parts, not a total.
    """
    if not text:
        return None
    head = _LEADING_HEDGE.sub("", text).lower()
    match = re.match(rf"(?:{_RANGE.pattern}|{_SINGLE.pattern})", head)
    if not match or _SINGLE.search(head, match.end()):
        return None
    return parse_duration(match.group(0))


def format_minutes(minutes: int | None) -> str:
    """45 -> '45 min', 90 -> '1 h 30', 480 -> '8 h'."""
    if minutes is None:
        return "unknown"
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def format_range(low: int | None, high: int | None) -> str:
    if low is None:
        return "unknown"
    if high is None or high == low:
        return format_minutes(low)
    return f"{format_minutes(low)} – {format_minutes(high)}"


def duration_text(duration: str | None, basis: str | None = None) -> str:
    """A round's length as shown: '45 min', 'typically 1 h' (the round type's usual length), or not stated."""
    if not duration:
        return "length not stated"
    return f"typically {duration}" if basis == "typical" else duration


WORKING_DAY = 8 * 60  # minutes, as parse_duration counts a day


def format_length(minutes: float | None) -> str:
    """'45 min', '1 h 30', and whole working days as '3 days'."""
    if minutes is not None and minutes >= WORKING_DAY and minutes % WORKING_DAY == 0:
        days = int(minutes // WORKING_DAY)
        return "1 day" if days == 1 else f"{days} days"
    return format_minutes(None if minutes is None else round(minutes))


def format_length_range(low: int | None, high: int | None) -> str:
    if low is None:
        return "unknown"
    return format_length(low) if high in (None, low) else f"{format_length(low)} – {format_length(high)}"
