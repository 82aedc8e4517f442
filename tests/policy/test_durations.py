from __future__ import annotations

from datetime import timedelta

import pytest

from tcbot.policy.durations import format_duration, parse_duration

# (written, meaning, written back)
DURATIONS = [
    ("30s", timedelta(seconds=30), "30s"),
    ("45m", timedelta(minutes=45), "45m"),
    ("2h", timedelta(hours=2), "2h"),
    ("1h30m", timedelta(hours=1, minutes=30), "1h30m"),
    ("90d", timedelta(days=90), "90d"),
    ("90m", timedelta(minutes=90), "1h30m"),
    (" 1D2H ", timedelta(days=1, hours=2), "26h"),  # days only for whole days
    ("0m", timedelta(0), "0s"),
    ("1h0m5s", timedelta(hours=1, seconds=5), "1h5s"),
]


@pytest.mark.parametrize(("text", "meaning", "written_back"), DURATIONS)
def test_parse_and_format(text: str, meaning: timedelta, written_back: str) -> None:
    assert parse_duration(text) == meaning
    assert format_duration(meaning) == written_back
    assert parse_duration(format_duration(meaning)) == meaning


@pytest.mark.parametrize("text", ["", "5", "5x", "m5", "30m1h", "1.5h", "-5m", "1h 30m", "h"])
def test_refused_durations_list_the_formats(text: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_duration(text)

    assert (
        str(error.value) == f"{text!r} is not a duration; write it like 30s, 45m, 2h, 1h30m or 90d"
    )


def test_format_drops_parts_of_a_second_and_keeps_the_sign() -> None:
    assert format_duration(timedelta(minutes=5, microseconds=999_999)) == "5m"
    assert format_duration(timedelta(minutes=-45)) == "-45m"


def test_an_absurdly_long_duration_is_refused_not_crashed() -> None:
    with pytest.raises(ValueError, match="far too long"):
        parse_duration("99999999999999d")
