import pytest

from datasette_interview_prep.core.durations import format_minutes, format_range, parse_duration, parse_leading_duration


@pytest.mark.parametrize(
    "text,expected",
    [
        ("45 min", (45, 45)),
        ("45 mins", (45, 45)),
        ("60 min", (60, 60)),
        ("1 hour", (60, 60)),
        ("3 hours", (180, 180)),
        ("2-3 hours", (120, 180)),
        ("30-45 min", (30, 45)),
        ("30 to 45 minutes", (30, 45)),
        ("~1h30", (90, 90)),
        ("1h30", (90, 90)),
        ("1 hr 15 min", (75, 75)),
        ("1.5-2 hours", (90, 120)),
        ("90-minute", (90, 90)),
        ("full day", (480, 480)),
        ("half day", (240, 240)),
        ("1 week", (2400, 2400)),
        ("3 days", (1440, 1440)),
        ("1-7 days", (480, 3360)),
        ("two hours", (120, 120)),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", [None, "", "TBD", "Virtual onsite", "varies", "a while"])
def test_unknown_durations_are_none_not_guesses(text):
    assert parse_duration(text) is None


def test_format():
    assert format_minutes(45) == "45 min"
    assert format_minutes(90) == "1 h 30"
    assert format_minutes(120) == "2 h"
    assert format_range(120, 180) == "2 h – 3 h"
    assert format_range(45, 45) == "45 min"
    assert format_range(None, None) == "unknown"


@pytest.mark.parametrize(
    "details,expected",
    [
        ("2-3 hours, unpaid; either build an AI feature or contribute a PR", (120, 180)),
        ("About 3 hours; modelled on real work", (180, 180)),
        ("~45 min with the CTO", (45, 45)),
        ("A 45-min debugging session plus a 1-hour jam session", None),
        ("Two 90-min technical interviews and one 60-min culture interview", None),
        ("Live session of about 1.5-2 hours", None),
        ("30 min with the Head of Engineering and 30 min with the CEO", None),
        (None, None),
    ],
)
def test_parse_leading_duration_reads_only_a_length_stated_first(details, expected):
    assert parse_leading_duration(details) == expected
