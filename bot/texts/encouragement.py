"""The words of encouragement, a few per situation (HTML parse mode).

Which situation earns a word, and which of its lines, is decided in ``rehab.encouragement``;
every situation has two or more lines, so taking them in turn never repeats one in a row. The
tone follows the source article: setbacks are common, don't be discouraged, don't skip
sessions - said in different words each time, and not in every message.
"""

from __future__ import annotations

from rehab.encouragement import Situation, Word, take_turn

LINES: dict[Situation, tuple[str, ...]] = {
    Situation.MISSED: (
        "<i>The last session did not happen, and that's all right: today's counts. Like a "
        "prescribed medicine, rehab works when it's taken regularly.</i>",
        "<i>A few sessions have slipped by. Even a short session today keeps the rehab going, "
        "and each one counts.</i>",
        "<i>It has been a while since the last session. Missing some is common; picking it up "
        "again is what matters. Start small today, or /pause if now is not the time.</i>",
    ),
    Situation.SKIPPED: (
        "Try not to make it a habit: like a prescribed medicine, rehab works when it's taken "
        "regularly.",
        "Skipping now and then happens. The next session is a fresh start.",
        "Several skips in a row: if something gets in the way, a shorter session still counts, "
        "and /pause is there if you need a real break.",
    ),
    Situation.FLARE: (
        "Setbacks like this are common, so don't be discouraged.",
        "A sore session now and then is part of most rehabs; easing off is the right move.",
        "Pain keeps going above your limit. If it doesn't settle, talk to your physio about "
        "the plan.",
    ),
    Situation.STEP_BACK: (
        "Most hamstring rehabs have a step back somewhere; don't be discouraged.",
        "A step back now saves weeks later: strains come back when rehab is rushed.",
        "The leg needs a bit more time at this level. It is the same road, just a little slower.",
    ),
    Situation.STREAK: (
        "🔥 {days} days in a row. Good start: habits form in the first week.",
        "🔥 A whole week in a row. This regularity is what makes rehab work.",
        "🔥 {days} days in a row. Keep it going.",
        "🔥 {days} days in a row: steady work like this is what brings people back to sport.",
    ),
    Situation.PHASE_CHANGE: (
        "Your regular sessions got you here.",
        "That's real progress: the sessions are paying off.",
        "Another step done. Keep the same care in this phase.",
    ),
    Situation.NOT_YET: (
        "Setbacks and plateaus are common; don't be discouraged.",
        "Most people need more than one try at a check. The days in this phase are not lost.",
        "Staying a bit longer is how the leg gets ready. You are doing the right thing.",
    ),
    Situation.GREAT_WEEK: (
        "Great consistency: regular sessions are what make rehab work.",
        "A strong week. This is how hamstrings heal well.",
        "Well done: nearly every session done this week.",
    ),
    Situation.STEADY_WEEK: (
        "A steady week. One or two more sessions next week will pay off.",
        "About half the sessions done. Aim for one more next week.",
    ),
    Situation.THIN_WEEK: (
        "A thin week; it happens. Aim for one more session next week than this one.",
        "Fewer sessions this week. Pick one time of day and protect it next week.",
    ),
}


def say(word: Word | None) -> str:
    """The line for a word (a streak's line names its days), or nothing for no word."""
    if word is None:
        return ""
    return take_turn(LINES[word.situation], word.ordinal).format(days=word.days)


def every_line() -> list[str]:
    """All lines, blanks left in (for tests that look for them in what was sent)."""
    return [line for lines in LINES.values() for line in lines]
