"""What a typed message outside a question is about, read with word lists and patterns.

No external service: the reader is small, deterministic and measured against a labelled table
of realistic messages (tests/unit/typed_messages.tsv; ``python -m coach.intent_matrix`` prints
its confusion matrix). Warning signs come first and are read generously, misspellings
included: a missed pop is worse than a needless question. Add any misread message to the table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

# Past this many characters a message is read in its first part only.
READ_AT_MOST = 2000


class Intent(StrEnum):
    """What a free-text message is about."""

    WARNING_SIGN = "warning_sign"  # a pop, numbness, can't walk...: the safety hold
    PAIN = "pain"  # talk about pain: the pain question
    DONE = "done"  # "did it": start the log
    SKIP = "skip"  # "can't today": the skip flow
    FITNESS = "fitness"  # keeping fit meanwhile: this phase's endurance options
    TODAY = "today"  # "what do I do today": the routine
    GREETING = "greeting"  # hello, or back after a while: welcome back
    THANKS = "thanks"
    NUMBER = "number"  # a bare number: pain or minutes? ask
    SETTINGS = "settings"  # a time of day, or changing reminders, zone, quiet hours: /settings
    OTHER_LANGUAGE = "other_language"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Reading:
    """A message's intent and the number in it, if one stands out (0-99999)."""

    intent: Intent
    number: int | None = None


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


# Warning signs (REFERENCES: an audible pop, a gap, can't walk normally, large bruising,
# numbness, tingling, foot weakness, worsening pain when sitting, a new pop during rehab,
# severe pain), with the common misspellings.
_WARNING = _words(
    r"p+o+p+(?:p?ed|p?ing|s)?",
    r"pooped",  # a typing slip for popped, read as one on purpose
    r"s+n+a+p+(?:p?ed|p?ing|s)?",
    r"tore|torn|(?:a|another|new) tear|ripped",
    r"numb+(?:ness|nes|ed)?|nunb|numd|numbess",
    r"ting(?:l|el|al)\w*|tinglin|pins and needles",
    r"brui[sz]\w*|bruz\w*|brusi\w*|brus(?:e|ed|ing)|black and blue",
    r"(?:thigh|leg|knee|skin) (?:is |went |turned |looks )?(?:purple|black|blue)",
    r"swell\w*|swoll?en|swelled",
    r"(?:can'?t|cant|cannot|can not|unable to|could ?n'?t|couldnt) (?:\w+ )?"
    r"(?:walk|stand|put (?:any )?weight)",
    r"limp(?:ing)?",
    r"(?:foot|leg|ankle) (?:is |feels |went )?(?:weak|floppy|dead)",
    r"weak (?:foot|ankle)|foot drop|drop foot",
    r"(?:a|the) (?:gap|dent|hollow|lump)",
    r"(?:extreme|extremely|severe|severely|terrible|terribly|awful|horrible|excruciating|"
    r"unbearable|agonising|agonizing|intense|sharp|stabbing|shooting)\s+"
    r"(?:bad\s+)?(?:pain|painful|sore|hurts?|hurting)",
    r"(?:pulled|strained|injured|hurt|did|tweaked) (?:it|my \w+|the \w+) again",
    r"re-?injur\w*|re-?tore|re-?strain\w*|re-?pulled",
    r"(?:pain|it|leg|hamstring|thigh) (?:is )?(?:unbearable|excruciating|agonising|agonizing)",
    r"(?:hurts?|hurting|pain) (?:so|really|very) (?:bad|much)(?! less)",
    r"hurts? like hell|killing me|in agony|worst pain",
    r"(?:pain|hurts?|sore)\w* (?:when|while|on) (?:i )?sit\w* "
    r"(?:is )?(?:getting |keeps getting )?worse",
    r"sitting (?:is )?(?:getting |more and more )?(?:worse|painful)",
    r"(?:heard|felt) (?:a |something )?(?:crack|click|clunk)",
)
# Pain of 7 or more, said with a number ("pain 8", "8/10", "like a 9").
_HIGH_PAIN = re.compile(
    r"\b(?:7|8|9|10)\s*(?:/|out of|of)\s*10\b|\b(?:pain|hurts?)[^0-9]{0,12}\b(?:7|8|9|10)\b"
)

_PAIN = _words(
    r"pain\w*",
    r"hurt\w*",
    r"sore\w*",
    r"ache\w*|aching|achy",
    r"tight\w*|stiff\w*",
    r"twinge\w*|niggle\w*|pull(?:ed|ing)?|strain\w*|throb\w*",
    r"[0-9]{1,2}\s*(?:/|out of)\s*10",
    r"ouch|ow+",
)
_DONE = _words(
    r"done",
    r"did (?:it|them)",
    r"did (?:[\w']+ ){0,3}(?:exercises|session|routine|workout|holds|rehab)",
    r"(?:just )?(?:finished|completed|complete)",
    r"all (?:done|finished)",
    r"(?:i )?(?:have|'ve|ve) (?:done|finished|completed)",
    r"workout (?:is )?(?:done|finished)|session (?:is )?(?:done|finished)",
    r"finito|dun|donee+|dnoe",
)
_SKIP = _words(
    r"skip\w*",
    r"(?:can'?t|cant|cannot|can not|won'?t|wont|not going to|unable to|no time to) "
    r"(?:do|make|manage|train|exercise)\w*(?: it| them| the exercises)?(?: today| tonight)?",
    r"(?:can'?t|cant|cannot|won'?t) today",
    r"not (?:today|tonight)",
    r"not (?:doing|going to do) (?:it|them|the \w+)",
    r"(?:can'?t|cant|cannot) be bothered",
    r"no time|too busy|busy today|(?:too )?tired today|day off|rest day|give (?:it|today) a miss",
    r"miss(?:ing)? (?:it|today|the session)",
)
_FITNESS = _words(
    r"fit(?:ness)?",
    r"(?:allowed|ok|okay|safe|able) to (?:run|jog|play|train)|can i (?:run|jog|play)",
    r"cardio|aerobic|endurance|conditioning|stamina",
    r"cycl\w*|bike|biking|spin(?:ning)?|peloton",
    r"swim\w*|pool",
    r"gym|weights|upper body|arms?|core",
    r"row(?:ing|er)|elliptical|cross ?trainer",
    r"stay in shape|keep in shape|lose (?:my )?fitness|out of shape",
)
_TODAY = _words(
    r"what (?:do|should|shall|can) i do(?: today| now)?",
    r"what(?:'s| is) (?:on )?(?:for )?today",
    r"today'?s (?:routine|session|exercises|plan|workout)",
    r"(?:my|the) (?:routine|exercises|session|workout)(?: for)?(?: today)?",
    r"(?:show|send|give)(?: me)? (?:the |my )?(?:routine|exercises|plan|session)",
    r"what now|what(?:'s| is)? next|next exercise|what exercises",
    r"which exercises",
    r"(?:remind|tell) me what (?:to do|i do)",
)
_GREETING = _words(
    r"h+i+|h+e+l+o+|hey+|hiya|howdy|yo|hallo|heya",
    r"good (?:morning|afternoon|evening)|morning|evening",
    r"(?:i'?m |im |i am )?back",
    r"sorry (?:i was|i've been|ive been|for being) (?:away|gone|absent|quiet|mia|off)",
    r"been away|was away|been a while|long time|haven'?t been|havent been|fell off",
    r"start(?:ing)? again|get(?:ting)? back (?:to it|on track|into it)",
)
_THANKS = _words(
    r"thanks?|thx|thnx|ty|cheers|thank (?:you|u)|ta|much appreciated|appreciate it|great, thanks",
)
# A time of day typed alone ("07:30", "7am", "at 8.15 pm"; the colon is a space once read),
# or asking to change a setting.
_TIME_ONLY = re.compile(
    r"(?:at |around |about )?(?:[01]?[0-9]|2[0-3])(?:[ .h][0-5][0-9])? ?(?:am|pm|a\.m\.|p\.m\.)?"
    r"[\s.!?]*"
)
_SETTINGS = _words(
    r"remind(?:er|ers)?(?: me)? (?:at|time|times|earlier|later|come)",
    r"reminders? (?:could|should|would|can) (?:come|be)|(?:half past|quarter (?:past|to)) \w+",
    r"(?:change|move|set|switch|update) (?:my |the )?(?:reminders?|times?|time zone|timezone|"
    r"quiet hours|pain limit|limit|zone|schedule)",
    r"(?:earlier|later) reminders?|time ?zone|quiet hours|(?:new|different) time",
    r"(?:stop|turn off|no more) (?:the )?(?:weekly )?summar(?:y|ies)",
)
# Digits are ASCII only: other scripts' digits are not read as numbers.
_NUMBER_ONLY = re.compile(
    r"[\s~≈]*(?:about |around |like |maybe |approx\.? )?([0-9]{1,5})\s*"
    r"(?:/10|min|mins|minutes|m)?[\s.!?]*"
)
_ANY_NUMBER = re.compile(r"(?<![0-9/])([0-9]{1,5})(?![0-9])")
# Letters of scripts other than Latin: a message mostly in them is in another language.
_COMMON_OTHER_WORDS = _words(
    r"hola|gracias|dolor|pierna|bonjour|merci|douleur|jambe|danke|schmerz|bein|ciao|"
    r"grazie|dolore|gamba|obrigad[oa]|perna|dor|dziękuję|dziekuje|noga|ból|bol|hej|tack|smärta"
)


# Where words overlap, the first wins: "skipped, too sore" is a skip with pain talk, "done, it
# hurt a bit" a finished session with pain talk (both go to the log), "what can I do to keep
# fit?" is about fitness, not today's routine.
_IN_ORDER = (
    (Intent.SKIP, _SKIP),
    (Intent.DONE, _DONE),
    (Intent.SETTINGS, _SETTINGS),
    (Intent.PAIN, _PAIN),
    (Intent.FITNESS, _FITNESS),
    (Intent.TODAY, _TODAY),
    (Intent.THANKS, _THANKS),
    (Intent.GREETING, _GREETING),
)


def read_message(text: str) -> Reading:
    """Read what a typed message is about; warning signs win over everything else."""
    plain = _plain(text[:READ_AT_MOST])
    if not plain:
        return Reading(Intent.UNKNOWN)
    number = _number_in(plain)
    if _WARNING.search(plain) or _HIGH_PAIN.search(plain):
        return Reading(Intent.WARNING_SIGN, number)
    if _other_language(text[:READ_AT_MOST], plain):
        return Reading(Intent.OTHER_LANGUAGE)
    if match := _NUMBER_ONLY.fullmatch(plain):
        return Reading(Intent.NUMBER, int(match.group(1)))
    if _TIME_ONLY.fullmatch(plain):
        return Reading(Intent.SETTINGS)
    intent = next((i for i, pattern in _IN_ORDER if pattern.search(plain)), Intent.UNKNOWN)
    return Reading(intent, number)


def _plain(text: str) -> str:
    """Lower case, Latin letters without accents, one space between words, apostrophes kept."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    letters = letters.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^\w'/.,!?~≈ -]", " ", letters).split())


def _number_in(plain: str) -> int | None:
    """The only number in the message, if there is exactly one (ASCII digits only)."""
    numbers = {int(n) for n in _ANY_NUMBER.findall(plain)}
    return numbers.pop() if len(numbers) == 1 else None


def _other_language(original: str, plain: str) -> bool:
    """Mostly letters of another script, or the common words of nearby languages alone."""
    letters = [c for c in original if c.isalpha()]
    if letters and sum(not _latin(c) for c in letters) > len(letters) / 2:
        return True
    return bool(_COMMON_OTHER_WORDS.search(plain)) and not any(
        pattern.search(plain) for _, pattern in _IN_ORDER if pattern is not _GREETING
    )


def _latin(character: str) -> bool:
    return unicodedata.name(character, "").startswith("LATIN")
