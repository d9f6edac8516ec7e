"""The words of encouragement, a few per situation and stage (HTML parse mode).

Which situation earns a word, at which stage, and which of its lines, is decided in
``rehab.encouragement``. A run of misses, skips or flares has lines for its first, third and
seventh session; a streak for its third day, its seventh, and each week on; the other
situations have one stage. Every stage has two or more lines, so taking them in turn never
repeats one in a row, and no phrase is in two situations' lines, so a reminder and the reply
right after it never say the same thing. The tone follows the source article: setbacks are
common, don't be discouraged, don't skip sessions - said in different words each time, and
not in every message.
"""

from __future__ import annotations

from rehab.encouragement import Situation, Word, take_turn

LINES: dict[Situation, tuple[tuple[str, ...], ...]] = {
    Situation.MISSED: (
        (
            "<i>The last session did not happen, and that's all right: today's counts.</i>",
            "<i>One session slipped by. Today's is a good place to pick it up again.</i>",
        ),
        (
            "<i>A few sessions have slipped by. Even a short session today keeps the rehab "
            "going, and each one counts.</i>",
            "<i>Sessions have been slipping lately. Like a prescribed medicine, rehab works when "
            "it's taken regularly: a short one today is a good restart.</i>",
        ),
        (
            "<i>It has been a while since the last session. Missing some is common; picking it "
            "up again is what matters, and a small start today is enough.</i>",
            "<i>Quite a few sessions have gone by without one done. If life is busy, a short "
            "session still counts, and /pause keeps your place if you need a break.</i>",
        ),
    ),
    Situation.SKIPPED: (
        (
            "Skipping now and then happens. The next session is a fresh start.",
            "Noted. One skip changes little; try not to let it become a habit.",
        ),
        (
            "A few skips in a row now. Strains heal best with regular loading, so next time try "
            "a shorter session instead of skipping.",
            "That's several skips close together. If something keeps getting in the way, a "
            "lighter session is better than none.",
        ),
        (
            "Many skips in a row: if rehab does not fit your days right now, /pause holds your "
            "place, and your physio can help adjust the plan.",
            "The skips are adding up. One session done is the way back, and it can be a short one.",
        ),
    ),
    Situation.FLARE: (
        (
            "Setbacks like this are common, so don't be discouraged.",
            "A sore session now and then is part of most rehabs; easing off is the right move.",
        ),
        (
            "Pain has gone above your limit a few times now. Keep the next sessions lighter, and "
            "tell your physio if it does not settle.",
            "Another sore session. Slower and smaller keeps the leg moving without a flare; it "
            "is not lost ground.",
        ),
        (
            "Pain keeps going above your limit. Please talk to your physio or doctor about the "
            "plan before loading more.",
            "This many sore sessions in a row is worth a professional's look. Until then, keep "
            "to what stays within your limit.",
        ),
    ),
    Situation.STEP_BACK: (
        (
            "Most hamstring rehabs have a step back somewhere; it is no reason to lose heart.",
            "A step back now saves weeks later: strains come back when rehab is rushed.",
            "The leg needs a bit more time at this level. It is the same road, just a little "
            "slower.",
        ),
    ),
    Situation.STREAK: (
        (
            "🔥 {days} days in a row. Good start: habits form in the first week.",
            "🔥 {days} days in a row. A good rhythm is building.",
        ),
        (
            "🔥 A whole week in a row. This regularity is what makes rehab work.",
            "🔥 Seven days in a row: a full week of care for that hamstring.",
        ),
        (
            "🔥 {days} days in a row. Keep it going.",
            "🔥 {days} days in a row: steady work like this is what brings people back to sport.",
        ),
    ),
    Situation.PHASE_CHANGE: (
        (
            "Your regular sessions got you here.",
            "That's real progress: the sessions are paying off.",
            "Another step done. Keep the same care in this phase.",
        ),
    ),
    Situation.NOT_YET: (
        (
            "Plateaus are common, and this one will pass.",
            "Most people need more than one try at a check. The days in this phase are not lost.",
            "Staying a bit longer is how the leg gets ready. You are doing the right thing.",
        ),
    ),
    Situation.GREAT_WEEK: (
        (
            "Great consistency: regular sessions are what help a hamstring heal.",
            "A strong week. This is how hamstrings heal well.",
            "Well done: nearly every session done this week.",
        ),
    ),
    Situation.STEADY_WEEK: (
        (
            "A steady week. One or two more sessions next week will pay off.",
            "About half the sessions done. Aim for one more next week.",
        ),
    ),
    Situation.THIN_WEEK: (
        (
            "A thin week; it happens. Next week, try to fit in a session more than this one.",
            "Fewer sessions this week. Pick one time of day and protect it next week.",
        ),
    ),
}


def say(word: Word | None) -> str:
    """The line for a word (a streak's line names its days), or nothing for no word."""
    if word is None:
        return ""
    return take_turn(LINES[word.situation][word.stage], word.ordinal).format(days=word.days)


def lines_of(situation: Situation) -> list[str]:
    """A situation's lines, every stage's, blanks left in (for tests)."""
    return [line for stage in LINES[situation] for line in stage]


def every_line() -> list[str]:
    """All lines, blanks left in (for tests that look for them in what was sent)."""
    return [line for situation in LINES for line in lines_of(situation)]
