"""Hints for typed answers the bot cannot read: times, dates and time zones (plain text)."""

from __future__ import annotations

from rehab.injury import InjuryDateProblem

TIME_HINT = "Please send a time like 07:30 or 19:00."
PAIN_LIMIT_HINT = "Please send the limit as a number between 0 and 6, like 3, or tap one."
PAIN_LIMIT_TOO_HIGH = (
    "Pain of 7/10 or more always means stop, so the limit must be between 0 and 6. "
    "Tap a number or type one."
)
DATE_HINT = 'Please send a date like 20.11.2026, 2026-11-20, "yesterday" or "3 days ago".'
ZONE_HINT = "Send a name like Europe/Berlin or America/New_York."
ZONE_MISSING = "Please send a time zone name like Europe/Berlin or America/New_York."
ZONE_TOO_LONG = f"That is too long for a time zone name. {ZONE_HINT}"
# Typed words that may describe a warning sign: the bot asks about it (/problem) at once.
WARNING_WORDS = (
    r"pop(?:ped)?",
    r"snap(?:ped)?",
    r"numb(?:ness)?",
    r"tingl\w*",
    r"pins and needles",
    r"bruis\w*",
    r"(?:can'?t|cannot|unable to) walk",
    r"swell\w*|swollen",
    r"(?:very|really|severe|terrible|awful) pain",
)
INJURY_DATE_PROBLEMS = {
    InjuryDateProblem.IN_THE_FUTURE: "That date is in the future. When did it happen?",
    InjuryDateProblem.OVER_A_YEAR_AGO: (
        "That is more than a year ago. This coach is made for strains from the last "
        "12 months; for an older injury please see a physiotherapist or sports physician."
    ),
}


def no_such_day(day: int, month: int, year: int) -> str:
    """A date the calendar does not have."""
    return f"There is no day {day:02d}.{month:02d}.{year:04d} in the calendar. {DATE_HINT}"


def unknown_zone(shown: str, suggestions: list[str]) -> str:
    """A zone name not found, with the closest names if there are any."""
    if not suggestions:
        return f'I don\'t know the time zone "{shown}". {ZONE_HINT}'
    return (
        f'I don\'t know the time zone "{shown}". Did you mean {_or_list(suggestions)}? {ZONE_HINT}'
    )


def _or_list(names: list[str]) -> str:
    """Join names as "A", "A or B", or "A, B or C"."""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} or {names[-1]}"


# Time zones as people type them: offsets, abbreviations, countries, cities and locations.
ZONE_TYPING_HINT = (
    "Send a city (London), a country (India), an offset (UTC+5:30) or a zone name "
    "(Europe/Berlin), or tap Share my location."
)
ZONE_TYPING_TOO_LONG = f"That is too long for a time zone. {ZONE_TYPING_HINT}"
ZONE_TYPING_MISSING = f"Please tell me your time zone. {ZONE_TYPING_HINT}"
# Abbreviations as people use them, each with the zone or zones it may mean. Several zones:
# the person is asked, with a button per meaning. The fixed zones named like some of these
# (EST, MST, CET...) keep no daylight saving, which is rarely what people mean.
ZONE_ABBREVIATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "utc": (("UTC", "UTC"),),
    "z": (("UTC", "UTC"),),
    "zulu": (("UTC", "UTC"),),
    "gmt": (("UTC all year", "UTC"), ("UK time", "Europe/London")),
    "ist": (("India", "Asia/Kolkata"), ("Ireland", "Europe/Dublin"), ("Israel", "Asia/Jerusalem")),
    "bst": (("British Summer Time", "Europe/London"), ("Bangladesh", "Asia/Dhaka")),
    "cst": (
        ("US and Canada Central", "America/Chicago"),
        ("China", "Asia/Shanghai"),
        ("Cuba", "America/Havana"),
    ),
    "ast": (("Atlantic, Canada", "America/Halifax"), ("Arabia", "Asia/Riyadh")),
    "pst": (("US and Canada Pacific", "America/Los_Angeles"), ("Philippines", "Asia/Manila")),
    "mst": (("US Mountain", "America/Denver"), ("Arizona", "America/Phoenix")),
    "aest": (("Sydney, Melbourne", "Australia/Sydney"), ("Queensland", "Australia/Brisbane")),
    "acst": (("South Australia", "Australia/Adelaide"), ("Northern Territory", "Australia/Darwin")),
    "est": (("US and Canada Eastern", "America/New_York"),),
    "edt": (("US and Canada Eastern", "America/New_York"),),
    "et": (("US and Canada Eastern", "America/New_York"),),
    "cdt": (("US and Canada Central", "America/Chicago"),),
    "ct": (("US and Canada Central", "America/Chicago"),),
    "mdt": (("US Mountain", "America/Denver"),),
    "mt": (("US Mountain", "America/Denver"),),
    "pdt": (("US and Canada Pacific", "America/Los_Angeles"),),
    "pt": (("US and Canada Pacific", "America/Los_Angeles"),),
    "akst": (("Alaska", "America/Anchorage"),),
    "akdt": (("Alaska", "America/Anchorage"),),
    "hst": (("Hawaii", "Pacific/Honolulu"),),
    "adt": (("Atlantic, Canada", "America/Halifax"),),
    "nst": (("Newfoundland", "America/St_Johns"),),
    "ndt": (("Newfoundland", "America/St_Johns"),),
    "wet": (("Western European", "Europe/Lisbon"),),
    "west": (("Western European", "Europe/Lisbon"),),
    "cet": (("Central European", "Europe/Berlin"),),
    "cest": (("Central European", "Europe/Berlin"),),
    "met": (("Central European", "Europe/Berlin"),),
    "mez": (("Central European", "Europe/Berlin"),),
    "eet": (("Eastern European", "Europe/Athens"),),
    "eest": (("Eastern European", "Europe/Athens"),),
    "msk": (("Moscow", "Europe/Moscow"),),
    "trt": (("Turkey", "Europe/Istanbul"),),
    "gst": (("Gulf", "Asia/Dubai"),),
    "pkt": (("Pakistan", "Asia/Karachi"),),
    "npt": (("Nepal", "Asia/Kathmandu"),),
    "ict": (("Indochina", "Asia/Bangkok"),),
    "wib": (("Western Indonesia", "Asia/Jakarta"),),
    "sgt": (("Singapore", "Asia/Singapore"),),
    "hkt": (("Hong Kong", "Asia/Hong_Kong"),),
    "pht": (("Philippines", "Asia/Manila"),),
    "jst": (("Japan", "Asia/Tokyo"),),
    "kst": (("Korea", "Asia/Seoul"),),
    "awst": (("Western Australia", "Australia/Perth"),),
    "aedt": (("Sydney, Melbourne", "Australia/Sydney"),),
    "acdt": (("South Australia", "Australia/Adelaide"),),
    "nzst": (("New Zealand", "Pacific/Auckland"),),
    "nzdt": (("New Zealand", "Pacific/Auckland"),),
    "wat": (("West Africa", "Africa/Lagos"),),
    "cat": (("Central Africa", "Africa/Maputo"),),
    "eat": (("East Africa", "Africa/Nairobi"),),
    "sast": (("South Africa", "Africa/Johannesburg"),),
    "brt": (("Brasília", "America/Sao_Paulo"),),
    "art": (("Argentina", "America/Argentina/Buenos_Aires"),),
}


def zone_not_read(shown: str) -> str:
    """A typed zone nothing was found for."""
    return f'I don\'t know the time zone "{shown}". {ZONE_TYPING_HINT}'


def zone_not_read_but(shown: str, suggestions: list[str]) -> str:
    """A typed zone not found, with close names offered as buttons."""
    return f'I don\'t know the time zone "{shown}". Did you mean {_or_list(suggestions)}?'


def zone_offset_unused(offset: str) -> str:
    """An offset no place keeps at the moment."""
    return f"No place keeps {offset} at the moment. {ZONE_TYPING_HINT}"


def zone_offset_fixed(offset: str, zone: str) -> str:
    """A whole-hour offset, kept as IANA's fixed zone (whose sign is the other way round)."""
    return (
        f"{offset} all year: {zone} (IANA writes its sign the other way round). "
        "If your clocks change in summer, send your city instead."
    )


def zone_offset_place(offset: str, zone: str, country: str) -> str:
    """An offset with no fixed zone, read as the place that keeps it now."""
    return f"{offset} is the time of {country} now: {zone}."


def zone_offset_question(offset: str) -> str:
    """An offset kept now by places whose clocks change differently."""
    return f"Several places keep {offset} now, with different summer times. Which is yours?"


def zone_abbreviation(abbreviation: str, meaning: str, zone: str) -> str:
    """An abbreviation with one meaning, named back."""
    return f"{abbreviation} is {meaning} time: {zone}."


def zone_abbreviation_question(abbreviation: str) -> str:
    """An abbreviation that means different zones in different places."""
    return f"{abbreviation} can mean different time zones. Which is yours?"


def zone_country(country: str, zone: str) -> str:
    """A country with one time zone, named back."""
    return f"{country} keeps one time: {zone}."


def zone_country_question(country: str) -> str:
    """A country with several time zones."""
    return f"{country} has several time zones. Which is yours?"


def zone_city_question(zone: str, place: str | None) -> str:
    """A city found: its zone offered with a button, and where it is when that is not plain."""
    if place is None:
        return f"Did you mean {zone}?"
    return f"{place} keeps {zone} time. Did you mean {zone}?"


def zone_cities_question(shown: str) -> str:
    """A city name found in several zones."""
    return f'There is more than one "{shown}". Which one is yours?'


def zone_located(zone: str, offset: str) -> str:
    """A shared location, read as a zone (the location itself is not kept)."""
    return f"Your location is on {zone} time ({offset} now). I did not keep the location."


ZONE_NOT_LOCATED = (
    "I couldn't find a time zone for that location. Please type it instead. " + ZONE_TYPING_HINT
)
SHARE_LOCATION_HOW = (
    "Tap “📍 Send my location” below the message box (your phone asks first). I use it only to "
    "find your time zone, and I don't keep it."
)
TYPE_ZONE_NOW = "OK, please type your city, country or time zone."
