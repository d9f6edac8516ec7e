"""Reading time zones as people type them: offsets, abbreviations, countries, cities, places."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.log_redaction import RedactingFormatter
from bot.zones import ZoneFound, ZoneQuestion, read_zone, zone_at
from rehab.injury import AnswerError

# Late November: southern summer (Adelaide at +10:30, Chatham at +13:45), northern winter.
NOVEMBER = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
JULY = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
REFUSED = "refused"


def _outcome(text: str, now: datetime = NOVEMBER) -> str | tuple[str, ...]:
    """A zone name when the answer settles it, the offered zones when it asks, else REFUSED."""
    try:
        answer = read_zone(text, now=now)
    except AnswerError:
        return REFUSED
    if isinstance(answer, ZoneFound):
        return answer.zone.key
    return tuple(option.zone for option in answer.options)


# What people type, and what comes of it: a zone, a question offering these zones, or a hint.
TABLE: list[tuple[str, str | tuple[str, ...]]] = [
    # Offsets, with the sign people mean (GMT+5 is five hours ahead of UTC).
    ("GMT+5", "Etc/GMT-5"),
    ("gmt +5", "Etc/GMT-5"),
    ("UTC+5", "Etc/GMT-5"),
    ("+5", "Etc/GMT-5"),
    ("UTC-3", "Etc/GMT+3"),
    ("utc \u22123", "Etc/GMT+3"),  # a minus sign, as phones type it
    ("GMT-08:00", "Etc/GMT+8"),
    ("UTC+14", "Etc/GMT-14"),
    ("UTC-12", "Etc/GMT+12"),
    ("UTC+0", "UTC"),
    ("GMT-0", "UTC"),
    ("UTC+5:30", "Asia/Kolkata"),
    ("utc+05:30", "Asia/Kolkata"),
    ("+0530", "Asia/Kolkata"),
    ("+05:45", "Asia/Kathmandu"),
    ("UTC+5.45", "Asia/Kathmandu"),
    ("UTC+3:30", "Asia/Tehran"),
    ("UTC+4:30", "Asia/Kabul"),
    ("UTC+6:30", "Asia/Yangon"),
    ("UTC-9:30", "Pacific/Marquesas"),
    ("UTC+9:30", "Australia/Darwin"),
    ("UTC+10:30", "Australia/Adelaide"),
    ("UTC+13:45", "Pacific/Chatham"),
    ("UTC+5:15", REFUSED),
    ("UTC+15", REFUSED),
    ("UTC+5:75", REFUSED),
    # Abbreviations: unambiguous ones settle, ambiguous ones ask.
    ("IST", ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem")),
    ("ist", ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem")),
    ("CST", ("America/Chicago", "Asia/Shanghai", "America/Havana")),
    ("BST", ("Europe/London", "Asia/Dhaka")),
    ("GMT", ("UTC", "Europe/London")),
    ("PST", ("America/Los_Angeles", "Asia/Manila")),
    ("MST", ("America/Denver", "America/Phoenix")),
    ("AEST", ("Australia/Sydney", "Australia/Brisbane")),
    ("EST", "America/New_York"),
    ("PDT", "America/Los_Angeles"),
    ("CET", "Europe/Berlin"),
    ("JST", "Asia/Tokyo"),
    ("MSK", "Europe/Moscow"),
    ("NZDT", "Pacific/Auckland"),
    ("UTC", "UTC"),
    ("utc", "UTC"),
    # IANA names, as before.
    ("Europe/London", "Europe/London"),
    ("america/new york", "America/New_York"),
    ("Etc/GMT+5", "Etc/GMT+5"),
    # Countries: one zone settles, several ask.
    ("India", "Asia/Kolkata"),
    ("india", "Asia/Kolkata"),
    ("Germany", "Europe/Berlin"),
    ("Deutschland", "Europe/Berlin"),
    ("Japan", "Asia/Tokyo"),
    ("UK", "Europe/London"),
    ("England", "Europe/London"),
    ("Ireland", "Europe/Dublin"),
    ("Israel", "Asia/Jerusalem"),
    ("South Korea", "Asia/Seoul"),
    ("Singapore", "Asia/Singapore"),
    ("Côte d'Ivoire", "Africa/Abidjan"),
    ("Spain", ("Europe/Madrid", "Atlantic/Canary")),
    ("Portugal", ("Europe/Lisbon", "Atlantic/Azores")),
    ("Indonesia", ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")),
    # Cities: offered with a button to accept.
    ("London", ("Europe/London",)),
    ("london", ("Europe/London",)),
    ("I'm in London", ("Europe/London",)),
    ("new york", ("America/New_York",)),
    ("NYC", ("America/New_York",)),
    ("Paris", ("Europe/Paris",)),
    ("São Paulo", ("America/Sao_Paulo",)),
    ("Sao Paulo", ("America/Sao_Paulo",)),
    ("Mumbai", ("Asia/Kolkata",)),
    ("Bombay", ("Asia/Kolkata",)),
    ("Bangalore", ("Asia/Kolkata",)),
    ("Munich", ("Europe/Berlin",)),
    ("Kiev", ("Europe/Kyiv",)),
    ("Sydney", ("Australia/Sydney",)),
    ("Toronto", ("America/Toronto",)),
    ("St. Petersburg", ("Europe/Moscow",)),
    ("Hawaii", ("Pacific/Honolulu",)),
    ("California", ("America/Los_Angeles",)),
    # Misspelt: close names offered.
    ("Londn", ("Europe/London",)),
    ("Germny", ("Europe/Berlin",)),
    # Nothing to go on.
    ("Mars", REFUSED),
    ("<b>Mars</b>", REFUSED),
    ("5", REFUSED),
    ("", REFUSED),
    ("   ", REFUSED),
    ("x" * 101, REFUSED),
]


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_typed_zones_are_read_as_people_mean_them(
    text: str, expected: str | tuple[str, ...]
) -> None:
    """Each typed answer settles on the zone meant, asks between the right ones, or is refused."""
    assert _outcome(text) == expected


def test_the_table_is_long_enough() -> None:
    """At least 60 typed answers are checked."""
    assert len(TABLE) >= 60


def test_an_offset_keeps_its_sign_and_says_so() -> None:
    """GMT+5 is five hours ahead of UTC, though IANA's name for it says Etc/GMT-5."""
    answer = read_zone("GMT+5", now=NOVEMBER)
    assert isinstance(answer, ZoneFound)
    assert answer.zone.utcoffset(NOVEMBER) == timedelta(hours=5)
    assert answer.note is not None
    assert "UTC+05:00" in answer.note
    assert "Etc/GMT-5" in answer.note


def test_a_half_hour_offset_names_the_place_chosen() -> None:
    """UTC+5:30 has no fixed zone: the place that keeps it now is named back."""
    answer = read_zone("UTC+5:30", now=NOVEMBER)
    assert isinstance(answer, ZoneFound)
    assert answer.note == "UTC+05:30 is the time of India now: Asia/Kolkata."


def test_an_offset_kept_by_places_with_different_summers_is_asked() -> None:
    """In July both Darwin (no summer time) and Adelaide keep UTC+9:30: the person chooses."""
    assert _outcome("UTC+9:30", JULY) == ("Australia/Adelaide", "Australia/Darwin")
    assert _outcome("UTC+9:30", NOVEMBER) == "Australia/Darwin"


def test_ambiguous_abbreviations_name_each_meaning() -> None:
    """IST asks between India, Ireland and Israel, each button naming its zone."""
    answer = read_zone("IST", now=NOVEMBER)
    assert isinstance(answer, ZoneQuestion)
    assert [option.label for option in answer.options] == [
        "India (Asia/Kolkata)",
        "Ireland (Europe/Dublin)",
        "Israel (Asia/Jerusalem)",
    ]


def test_a_city_is_offered_as_did_you_mean() -> None:
    """London comes back as a question with one button to accept Europe/London."""
    answer = read_zone("London", now=NOVEMBER)
    assert isinstance(answer, ZoneQuestion)
    assert answer.question == "Did you mean Europe/London?"


def test_a_city_in_another_zones_name_says_where_it_is() -> None:
    """Munich keeps Berlin's time, and the question says so."""
    answer = read_zone("Munich", now=NOVEMBER)
    assert isinstance(answer, ZoneQuestion)
    assert (
        answer.question == "Munich (Germany) keeps Europe/Berlin time. Did you mean Europe/Berlin?"
    )


def test_a_country_with_several_zones_offers_one_per_clock() -> None:
    """The United States: one button per way its clocks run, the most populous first."""
    zones = _outcome("USA")
    assert isinstance(zones, tuple)
    assert zones[:3] == ("America/New_York", "America/Chicago", "America/Los_Angeles")
    assert {"America/Denver", "America/Phoenix", "America/Anchorage", "Pacific/Honolulu"} <= set(
        zones
    )
    assert "America/Detroit" not in zones, "Detroit's clock runs as New York's"


def test_an_unknown_answer_echoes_a_short_piece_and_gives_examples() -> None:
    """Nothing found: the hint repeats what was typed, cut short, with examples."""
    with pytest.raises(AnswerError) as refused:
        read_zone("Mars " + "z" * 90, now=NOVEMBER)
    message = str(refused.value)
    assert message.startswith("I don't know the time zone \"Mars zzz")
    assert "z" * 70 not in message
    assert "UTC+5:30" in message


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (28.61, 77.21, "Asia/Kolkata"),  # New Delhi
        (51.51, -0.13, "Europe/London"),
        (40.71, -74.01, "America/New_York"),
        (-33.87, 151.21, "Australia/Sydney"),
        (27.72, 85.32, "Asia/Kathmandu"),
    ],
)
def test_a_location_is_mapped_to_its_zone_offline(
    latitude: float, longitude: float, expected: str
) -> None:
    """A shared point on Earth gives the zone it lies in."""
    zone = zone_at(latitude=latitude, longitude=longitude)
    assert zone is not None
    assert zone.key == expected


def test_a_location_off_the_globe_has_no_zone() -> None:
    """Coordinates out of range give no zone rather than an error."""
    assert zone_at(latitude=91, longitude=0) is None
    assert zone_at(latitude=0, longitude=181) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_a_zone_a_question_or_a_hint(text: str) -> None:
    """Whatever is typed, the answer is a zone, a question with options, or an AnswerError."""
    try:
        answer: ZoneFound | ZoneQuestion | None = read_zone(text, now=NOVEMBER)
    except AnswerError as refused:
        answer, hint = None, str(refused)
    if answer is None:
        assert len(hint) < 400
    elif isinstance(answer, ZoneQuestion):
        assert 1 <= len(answer.options) <= 12


def test_log_lines_hide_the_coordinates_of_a_shared_location() -> None:
    """PTB logs whole updates at DEBUG; the bot's formatter hides latitude and longitude."""
    formatter = RedactingFormatter("%(message)s", secrets=())
    line = (
        "Processing update Update(message=Message(location=Location(latitude=28.6139, "
        "longitude=77.209))) {'location': {'latitude': -33.87, 'longitude': 151.21}}"
    )
    record = logging.LogRecord("telegram.ext", logging.DEBUG, __file__, 1, line, None, None)
    shown = formatter.format(record)
    assert all(number not in shown for number in ("28.6", "77.2", "33.8", "151.2"))
    assert "latitude=[hidden]" in shown
    assert "'longitude': [hidden]" in shown
