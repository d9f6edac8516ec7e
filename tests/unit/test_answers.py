"""Reading people's typed answers: times, dates and time zones."""

from __future__ import annotations

import zoneinfo
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers import MAX_ECHO_LENGTH, find_zone, parse_date, parse_time
from rehab.injury import AnswerError

FAST = settings(max_examples=150, deadline=None, database=None)
TODAY = date(2026, 11, 25)
ZONE_NAMES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})

# Text that looks nearly like an answer reaches the branches arbitrary unicode never does.
numbers = st.integers(min_value=0, max_value=130).map(str) | st.from_regex(r"\A[0-9]{1,5}\Z")
time_like = st.tuples(
    st.sampled_from(["", " ", "-"]),
    numbers,
    st.sampled_from(["", ":", ".", "h", " "]),
    st.sampled_from(["", "0", "00", "05", "30", "59", "60", "99", "123"]),
    st.sampled_from(["", "am", " pm", "PM", "a.m.", " p.m.", "noon"]),
).map("".join)
date_like = st.one_of(
    st.tuples(
        numbers,
        st.sampled_from([".", "/", "-", ".."]),
        numbers,
        st.sampled_from(["", ".", "/", "-"]),
        st.just("") | st.integers(min_value=0, max_value=10_000).map(str),
    ).map("".join),
    st.tuples(
        st.sampled_from(["", "about ", "~"]),
        numbers | st.sampled_from(["a", "an", "one", "ten", "eleven"]),
        st.sampled_from([" day", " days", " week", " weeks", " month"]),
        st.sampled_from([" ago", "", " later"]),
    ).map("".join),
)
zone_like = st.builds(
    lambda name, cut: name[:cut].replace("_", " ").upper(),
    st.sampled_from(ZONE_NAMES),
    st.integers(min_value=0, max_value=40),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:30", time(7, 30)),
        ("07:30", time(7, 30)),
        ("7.30", time(7, 30)),
        ("7h30", time(7, 30)),
        ("0730", time(7, 30)),
        ("1900", time(19, 0)),
        ("7", time(7, 0)),
        ("19", time(19, 0)),
        ("0", time(0, 0)),
        ("7am", time(7, 0)),
        ("7 AM", time(7, 0)),
        ("7:30 pm", time(19, 30)),
        ("7:30PM", time(19, 30)),
        ("7 p.m.", time(19, 0)),
        ("12am", time(0, 0)),
        ("12:15 am", time(0, 15)),
        ("12pm", time(12, 0)),
        ("19:00", time(19, 0)),
        ("23:59", time(23, 59)),
        ("00:00", time(0, 0)),
        ("  18:45 \n", time(18, 45)),
        ("noon", time(12, 0)),
        ("Midnight", time(0, 0)),
    ],
)
def test_parse_time_accepts(text: str, expected: time) -> None:
    """Common ways of writing a time of day are read exactly."""
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "25:99",
        "24:00",
        "23:60",
        "-1",
        "7:5",
        "730",
        "07300",
        "7:30:15",
        "0am",
        "13pm",
        "19:00 pm",
        "7 o'clock",
        "half past seven",
        "seven",
        "\u0667:\u0663\u0660",  # Arabic-Indic digits: not a format we promise
        "7:30" + " " * 200,
        "1" * 4096,
    ],
)
def test_parse_time_rejects(text: str) -> None:
    """Impossible, ambiguous, garbage and overlong times are refused with a hint."""
    with pytest.raises(AnswerError, match="07:30 or 19:00"):
        parse_time(text)


@FAST
@given(st.one_of(st.text(max_size=120), time_like))
def test_parse_time_fails_only_with_answer_error(text: str) -> None:
    """Whatever is typed, parse_time returns a time or raises AnswerError."""
    try:
        result = parse_time(text)
    except AnswerError:
        return
    assert parse_time(f"{result:%H:%M}") == result


@FAST
@given(st.times())
def test_parse_time_round_trips(moment: time) -> None:
    """A time written as HH:MM, or on a 12-hour clock, reads back as the same minute."""
    minute = moment.replace(second=0, microsecond=0)
    assert parse_time(f"{minute:%H:%M}") == minute
    assert parse_time(f"{minute:%I:%M %p}") == minute


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Yesterday", TODAY - timedelta(days=1)),
        ("the day before yesterday", TODAY - timedelta(days=2)),
        ("2026-11-20", date(2026, 11, 20)),
        ("2026-1-5", date(2026, 1, 5)),
        ("20.11.2026", date(2026, 11, 20)),
        ("20/11/2026", date(2026, 11, 20)),
        ("20-11-2026", date(2026, 11, 20)),
        ("5.1.2026", date(2026, 1, 5)),
        ("20.11.", date(2026, 11, 20)),
        ("20/11", date(2026, 11, 20)),
        ("25.11.", TODAY),
        ("26.11.", date(2025, 11, 26)),
        ("31/12", date(2025, 12, 31)),
        ("3 days ago", TODAY - timedelta(days=3)),
        ("1 day ago", TODAY - timedelta(days=1)),
        ("0 days ago", TODAY),
        ("a day ago", TODAY - timedelta(days=1)),
        ("a week ago", TODAY - timedelta(days=7)),
        ("About a week ago", TODAY - timedelta(days=7)),
        ("about 10 days ago", TODAY - timedelta(days=10)),
        ("2 weeks ago", TODAY - timedelta(days=14)),
        ("three weeks ago", TODAY - timedelta(days=21)),
        ("  2026-11-20  ", date(2026, 11, 20)),
        ("2 WEEKS   AGO", TODAY - timedelta(days=14)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    """Dates written out, without a year, or relative to today are read as meant."""
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("29.02.", date(2028, 3, 1), date(2028, 2, 29)),
        ("1.1.", date(2026, 1, 1), date(2026, 1, 1)),
        ("2.1.", date(2026, 1, 1), date(2025, 1, 2)),
    ],
)
def test_parse_date_without_year_means_the_latest_such_day(
    text: str, today: date, expected: date
) -> None:
    """A day without a year is this year's, or last year's if this year's is still to come."""
    assert parse_date(text, today=today) == expected


def test_parse_date_without_year_refuses_a_missing_leap_day() -> None:
    """A 29 February still to come this year is refused when last year had none, not moved."""
    with pytest.raises(AnswerError, match=r"no day 29\.02\.2027"):
        parse_date("29.02.", today=date(2028, 2, 28))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tomorrow",
        "31.02.2026",
        "2026-13-01",
        "2026-02-30",
        "0000-01-01",
        "20.11.26",
        "20.11.2026.",
        "20..11",
        "32.1.",
        "1.13.",
        "11/20/2026",
        "days ago",
        "-3 days ago",
        "12345 days ago",
        "a fortnight ago",
        "last Tuesday",
        "2026-11-20" * 20,
    ],
)
def test_parse_date_rejects(text: str) -> None:
    """Impossible dates, unknown wording and overlong text are refused with an example."""
    with pytest.raises(AnswerError, match=r"20\.11\.2026"):
        parse_date(text, today=TODAY)


@FAST
@given(st.one_of(st.text(max_size=120), date_like), st.dates())
def test_parse_date_fails_only_with_answer_error(text: str, today: date) -> None:
    """Whatever is typed on whatever day, parse_date returns a date or raises AnswerError."""
    try:
        result = parse_date(text, today=today)
    except AnswerError:
        return
    assert parse_date(result.isoformat(), today=today) == result


@FAST
@given(st.dates(), st.dates(min_value=date(2, 1, 1)))
def test_parse_date_round_trips(day: date, today: date) -> None:
    """A date written as ISO or as DD.MM.YYYY reads back as the same day."""
    assert parse_date(day.isoformat(), today=today) == day
    assert parse_date(f"{day.day:02d}.{day.month:02d}.{day.year:04d}", today=today) == day


@FAST
@given(st.integers(min_value=0, max_value=3650))
def test_days_ago_counts_back_from_today(days: int) -> None:
    """ "N days ago" is N days before today."""
    assert parse_date(f"{days} days ago", today=TODAY) == TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/London", "Europe/London"),
        ("europe/london", "Europe/London"),
        (" Europe/London ", "Europe/London"),
        ("EUROPE / LONDON", "Europe/London"),
        ("utc", "UTC"),
        ("Europe/Kyiv", "Europe/Kyiv"),
        ("america/new york", "America/New_York"),
        ("America/New  York", "America/New_York"),
        ("america/argentina/buenos aires", "America/Argentina/Buenos_Aires"),
        ("etc/gmt+5", "Etc/GMT+5"),
    ],
)
def test_find_zone_accepts(text: str, expected: str) -> None:
    """IANA names are found whatever their case, spacing, or spaces for underscores."""
    assert find_zone(text).key == expected


@pytest.mark.parametrize(
    ("text", "suggestions"),
    [
        ("Europe/Londn", ["Europe/London"]),
        ("kyiv", ["Europe/Kyiv"]),
        ("new york", ["America/New_York"]),
        ("America/Los Angelos", ["America/Los_Angeles"]),
    ],
)
def test_find_zone_suggests_close_names(text: str, suggestions: list[str]) -> None:
    """An unknown name is refused with close matches the person can send instead."""
    with pytest.raises(AnswerError) as refused:
        find_zone(text)
    message = str(refused.value)
    assert f'I don\'t know the time zone "{text}". Did you mean ' in message
    assert all(name in message for name in suggestions)
    assert message.endswith("Send a name like Europe/Berlin or America/New_York.")


@pytest.mark.parametrize(
    "text", ["", "   ", "xq", "Factory", "localtime", "Mars/Olympus_Mons", "<b>", "x" * 101]
)
def test_find_zone_rejects(text: str) -> None:
    """Empty, unknown, non-place and overlong names are refused with an example."""
    with pytest.raises(AnswerError, match="Europe/Berlin or America/New_York"):
        find_zone(text)


def test_find_zone_echoes_at_most_a_short_piece_of_the_text() -> None:
    """A long unknown name is cut short when repeated back, and not escaped here."""
    text = "<" + "z" * 98 + ">"
    with pytest.raises(AnswerError) as refused:
        find_zone(text)
    message = str(refused.value)
    assert "<" + "z" * (MAX_ECHO_LENGTH - 2) in message
    assert "z" * MAX_ECHO_LENGTH not in message
    assert ">" not in message


@FAST
@given(st.one_of(st.text(max_size=120), zone_like))
def test_find_zone_fails_only_with_answer_error(text: str) -> None:
    """Whatever is typed, find_zone returns a zone or raises AnswerError without echoing much."""
    try:
        zone = find_zone(text)
    except AnswerError as refused:
        message = str(refused)
        assert len(message) < 300
        return
    assert find_zone(zone.key) == zone


@FAST
@given(st.sampled_from(ZONE_NAMES))
def test_find_zone_round_trips(name: str) -> None:
    """Every IANA name is found as written, in lower or upper case, or with spaces for "_"."""
    for text in (name, name.lower(), name.upper(), name.replace("_", " ")):
        assert find_zone(text).key == name
