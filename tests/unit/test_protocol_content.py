"""The protocol content: the packaged TOML loads, hangs together, and broken content is refused."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest

from rehab.content import ContentError, load_protocol, load_protocol_from, track_file
from rehab.injury import Onset
from rehab.protocol import Frequency, Phase, Protocol

SNAKE_CASE = re.compile(r"[a-z][a-z0-9_]*")
TELEGRAM_SAFE_PHASE_CHARS = 3500


@pytest.fixture(scope="module")
def protocol() -> Protocol:
    return load_protocol()


def all_phases(protocol: Protocol) -> list[Phase]:
    return [phase for track in protocol.tracks.values() for phase in track.phases]


def test_load_protocol_is_loaded_once(protocol: Protocol) -> None:
    """Loading twice returns the same cached protocol."""
    assert load_protocol() is protocol


def test_every_onset_has_a_track_numbered_from_one(protocol: Protocol) -> None:
    """Each onset picks a track whose phases are numbered 1, 2, 3... in order."""
    assert set(protocol.tracks) == set(Onset)
    for onset in Onset:
        track = protocol.track(onset)
        assert track.onset is onset
        assert [phase.number for phase in track.phases] == list(range(1, track.last_phase + 1))


def test_the_tracks_have_the_planned_phases(protocol: Protocol) -> None:
    """Sudden strains go through four phases, gradual onset through three."""
    assert [p.key for p in protocol.track(Onset.SUDDEN).phases] == [
        "protect_and_move",
        "load_and_speed",
        "return_to_sport",
        "prevention",
    ]
    assert [p.key for p in protocol.track(Onset.GRADUAL).phases] == [
        "relative_rest",
        "progressive_loading",
        "return_to_running",
    ]


def test_every_prescribed_exercise_is_a_defined_exercise(protocol: Protocol) -> None:
    """A phase prescribes only exercises from the exercise list."""
    for phase in all_phases(protocol):
        for prescription in phase.prescriptions:
            assert protocol.exercises[prescription.exercise.key] is prescription.exercise


def test_every_defined_exercise_is_prescribed_somewhere(protocol: Protocol) -> None:
    """The exercise list holds nothing the tracks leave unused."""
    used = {p.exercise.key for phase in all_phases(protocol) for p in phase.prescriptions}
    assert used == set(protocol.exercises)


def test_every_phase_is_complete(protocol: Protocol) -> None:
    """Each phase has a goal, a stop cue, 2-4 endurance options, criteria and a source."""
    for phase in all_phases(protocol):
        assert phase.goal.strip()
        assert phase.goal.count(".") == 1, f"{phase.key}: goal should be one sentence"
        assert phase.stop_if.strip()
        assert 2 <= len(phase.endurance) <= 4, phase.key
        assert phase.avoid, phase.key
        assert phase.criteria, phase.key
        assert phase.prescriptions, phase.key
        assert phase.source in protocol.sources


def test_every_phase_has_an_exercise_for_a_second_daily_session(protocol: Protocol) -> None:
    """A twice-daily person's second session is made of twice-daily or daily items, never empty."""
    every_day = {Frequency.TWICE_DAILY, Frequency.DAILY}
    for phase in all_phases(protocol):
        assert any(p.frequency in every_day for p in phase.prescriptions), phase.key


def test_every_source_key_used_is_defined(protocol: Protocol) -> None:
    """Exercises, phases, criteria and red flags cite only sources from sources.toml."""
    used = {exercise.source for exercise in protocol.exercises.values()}
    used |= {flag.source for flag in protocol.red_flags}
    for phase in all_phases(protocol):
        used.add(phase.source)
        used |= {criterion.source for criterion in phase.criteria}
    assert used <= set(protocol.sources)
    assert all(source.citation.strip() for source in protocol.sources.values())


def test_every_criterion_is_a_yes_no_question(protocol: Protocol) -> None:
    """Criteria are asked of the person about themselves, each as one question."""
    for phase in all_phases(protocol):
        keys = [criterion.key for criterion in phase.criteria]
        assert len(keys) == len(set(keys)), phase.key
        for criterion in phase.criteria:
            assert criterion.question.endswith("?"), criterion.key
            assert criterion.question.count("?") == 1, criterion.key
            assert SNAKE_CASE.fullmatch(criterion.key)


def test_exercises_have_a_few_short_steps(protocol: Protocol) -> None:
    """Each exercise is explained in 2-5 plain steps of under 140 characters."""
    for key, exercise in protocol.exercises.items():
        assert SNAKE_CASE.fullmatch(key)
        assert exercise.key == key
        assert 2 <= len(exercise.steps) <= 5, key
        for step in exercise.steps:
            assert len(step) < 140, f"{key}: {step}"


def test_a_phase_routine_fits_one_telegram_message(protocol: Protocol) -> None:
    """A whole phase's routine text stays well under Telegram's 4096-character limit."""
    for phase in all_phases(protocol):
        exercise_chars = sum(
            len(p.exercise.name) + len(str(p.dose)) + sum(len(step) for step in p.exercise.steps)
            for p in phase.prescriptions
        )
        chars = (
            len(phase.name)
            + len(phase.goal)
            + len(phase.stop_if)
            + sum(len(option) for option in phase.endurance)
            + sum(len(item) for item in phase.avoid)
            + exercise_chars
        )
        assert chars < TELEGRAM_SAFE_PHASE_CHARS, f"{phase.key}: {chars} characters"


def test_typical_track_lengths_stay_within_six_to_twelve_weeks(protocol: Protocol) -> None:
    """The rehab runs from about 6 to about 12 weeks; the sudden track's prevention phase, back
    at sport, goes on until the 10-week Nordic build-up that began in phase 3 is done."""
    for track in protocol.tracks.values():
        shortest = sum(phase.typical_days[0] for phase in track.phases)
        longest = sum(phase.typical_days[1] for phase in track.phases)
        build_up_weeks = max(
            (p.build_up.weeks for ph in track.phases for p in ph.prescriptions if p.build_up),
            default=0,
        )
        extra = 0 if track.onset is Onset.GRADUAL else build_up_weeks * 7 - 21
        assert 6 * 7 <= shortest <= longest <= 12 * 7 + extra, track.name
        for phase in track.phases:
            assert phase.min_days <= phase.typical_days[0], phase.key


def test_the_sudden_track_follows_the_l_protocol_and_nordic_doses(protocol: Protocol) -> None:
    """The Askling exercises keep their frequencies; the Nordic is weekly in prevention."""
    sudden = protocol.track(Onset.SUDDEN)
    for phase in sudden.phases[:3]:
        by_key = {p.exercise.key: p for p in phase.prescriptions}
        assert str(by_key["askling_extender"].dose) == "3 x 12"
        assert by_key["askling_extender"].frequency is Frequency.TWICE_DAILY
        assert by_key["askling_diver"].frequency is Frequency.EVERY_OTHER_DAY
        assert by_key["askling_glider"].frequency is Frequency.EVERY_THIRD_DAY
    prevention = {p.exercise.key: p for p in sudden.phase(sudden.last_phase).prescriptions}
    nordic = prevention["nordic_hamstring"].build_up
    assert nordic is not None
    # petersen2011: 27 sessions in 10 weeks, then once a week at 3 sets of 12, 10 and 8.
    assert nordic.weeks == 10
    assert sum(step.weeks * step.per_week for step in nordic.steps) == 27
    assert nordic.then.per_week == 1
    assert str(nordic.then.dose) == "3 sets of 12, 10 and 8"
    assert [str(step.dose) for step in nordic.steps[:2]] == ["2 x 5", "2 x 6"]


def test_red_flags_are_short_checklist_phrases(protocol: Protocol) -> None:
    """The red-flag checklist has the five warning signs as short phrases."""
    assert [flag.key for flag in protocol.red_flags] == [
        "pop_with_gap",
        "large_bruise",
        "nerve_symptoms",
        "worsening_sitting_pain",
        "new_pop",
    ]
    assert all(len(flag.text) < 80 for flag in protocol.red_flags)


# --- Broken content is refused, naming file and key ---------------------------------------


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A writable copy of the packaged content files."""
    for entry in files("rehab.content").iterdir():
        if entry.name.endswith(".toml"):
            (tmp_path / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_to(path: Path, extra: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_a_copy_of_the_packaged_content_loads(content_dir: Path) -> None:
    """The copy used by the broken-content tests is valid before it is broken."""
    assert load_protocol_from(content_dir) == load_protocol()


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        pytest.param(
            "exercises.toml",
            'name = "Footwork drills"',
            'nmae = "Footwork drills"',
            r"exercises\.toml: footwork_drills\.nmae: unknown key",
            id="unknown-key",
        ),
        pytest.param(
            "exercises.toml",
            'source = "sherry2004"',
            'source = "nobody2020"',
            r"exercises\.toml: footwork_drills\.source: unknown source 'nobody2020'",
            id="unknown-source",
        ),
        pytest.param(
            "sudden.toml",
            'exercise = "footwork_drills"',
            'exercise = "cartwheels"',
            r"sudden\.toml: phases\[0\]\.prescriptions\[0\]\.exercise: "
            r"unknown exercise 'cartwheels'",
            id="unknown-exercise",
        ),
        pytest.param(
            "sudden.toml",
            'frequency = "every_third_day"',
            'frequency = "hourly"',
            r"sudden\.toml: phases\[0\]\.prescriptions\[5\]\.frequency: unknown frequency 'hourly'",
            id="unknown-frequency",
        ),
        pytest.param(
            "sudden.toml",
            "min_days = 5",
            "min_days = 15",
            r"sudden\.toml: phases\[0\]\.min_days: 15 is more than the typical maximum 14",
            id="min-days-above-typical-max",
        ),
        pytest.param(
            "sudden.toml",
            "typical_days = [5, 14]",
            "typical_days = [14, 5]",
            r"sudden\.toml: phases\[0\]\.typical_days: min 14 is more than max 5",
            id="typical-days-reversed",
        ),
        pytest.param(
            "gradual.toml",
            'question = "Does any pain from the holds settle by the next morning?"',
            'question = ""',
            r"gradual\.toml: phases\[0\]\.criteria\[0\]\.question: must be a non-empty string",
            id="empty-question",
        ),
        pytest.param(
            "gradual.toml",
            'source = "silbernagel2007"',
            'source = "silbernagel2077"',
            r"gradual\.toml: phases\[0\]\.source: unknown source",
            id="phase-unknown-source",
        ),
        pytest.param(
            "red_flags.toml",
            'text = "Large bruising at the back of the thigh"',
            'text = "   "',
            r"red_flags\.toml: large_bruise\.text: must be a non-empty string",
            id="blank-red-flag",
        ),
        pytest.param(
            "sources.toml",
            "[heiderscheit2010]",
            "stray = 3\n\n[heiderscheit2010]",
            r"sources\.toml: stray: must be a table",
            id="not-a-table",
        ),
    ],
)
def test_broken_content_is_refused(
    content_dir: Path, file: str, old: str, new: str, message: str
) -> None:
    """A wrong key, reference, frequency or day count stops the load and names file and key."""
    replace_in(content_dir / file, old, new)
    with pytest.raises(ContentError, match=message):
        load_protocol_from(content_dir)


@pytest.mark.parametrize(
    ("file", "extra", "message"),
    [
        pytest.param(
            "sources.toml",
            '\n[sherry2004]\ncitation = "again"\n',
            r"sources\.toml: .*sherry2004",
            id="duplicate-key",
        ),
        pytest.param(
            "exercises.toml",
            '\n[no_cue]\nname = "No cue"\nsource = "sherry2004"\nsteps = ["a"]\n',
            r"exercises\.toml: no_cue\.cue: missing",
            id="no-cue",
        ),
        pytest.param(
            "exercises.toml",
            '\n[no_steps]\nname = "No steps"\ncue = "c"\nsource = "sherry2004"\nsteps = []\n',
            r"exercises\.toml: no_steps\.steps: must not be empty",
            id="empty-steps",
        ),
        pytest.param(
            "exercises.toml",
            '\n[steps_as_text]\nname = "Text"\ncue = "c"\nsource = "sherry2004"\nsteps = "do it"\n',
            r"exercises\.toml: steps_as_text\.steps: must be an array",
            id="steps-not-an-array",
        ),
        pytest.param(
            "exercises.toml",
            '\n[blank_step]\nname = "Blank"\ncue = "c"\nsource = "sherry2004"\n'
            'steps = ["ok", " "]\n',
            r"exercises\.toml: blank_step\.steps\[1\]: must be a non-empty string",
            id="blank-step",
        ),
        pytest.param(
            "exercises.toml",
            '\n[NotSnake]\nname = "X"\ncue = "c"\nsource = "sherry2004"\nsteps = ["a", "b"]\n',
            r"exercises\.toml: NotSnake: 'NotSnake' is not a snake_case key",
            id="key-not-snake-case",
        ),
        pytest.param(
            "red_flags.toml",
            '\n[no_source]\ntext = "Something"\n',
            r"red_flags\.toml: no_source\.source: missing",
            id="missing-key",
        ),
    ],
)
def test_broken_additions_are_refused(
    content_dir: Path, file: str, extra: str, message: str
) -> None:
    """Duplicates, empty steps, bad keys and missing fields stop the load and name the key."""
    append_to(content_dir / file, extra)
    with pytest.raises(ContentError, match=message):
        load_protocol_from(content_dir)


def phase_toml(number: int = 1, key: str = "only", **overrides: str | None) -> str:
    """One phase in TOML; an override of None leaves that key out."""
    fields: dict[str, str | None] = {
        "number": str(number),
        "key": f'"{key}"',
        "name": '"Only phase"',
        "goal": '"Get better."',
        "typical_days": "[7, 14]",
        "min_days": "7",
        "source": '"thomee1997"',
        "stop_if": '"Stop if it hurts."',
        "endurance": '["Swimming", "Cycling"]',
        "avoid": "[]",
        "prescriptions": '[{ exercise = "bridge_hold", dose = { sets = 3, hold_seconds = 30 }, '
        'frequency = "daily" }]',
        "criteria": '[{ key = "better", question = "Better?", source = "thomee1997" }]',
    }
    fields.update(overrides)
    lines = [f"{name} = {value}" for name, value in fields.items() if value is not None]
    return "\n[[phases]]\n" + "\n".join(lines) + "\n"


MAINTENANCE_TOML = """
[maintenance]
source = "silbernagel2007"
why = "Keep it up."
prescriptions = [{ exercise = "slow_bridge", dose = { sets = 3, reps = 10 }, frequency = "weekly" }]
"""


def write_gradual(content_dir: Path, *phases: str, maintenance: str = MAINTENANCE_TOML) -> None:
    (content_dir / track_file(Onset.GRADUAL)).write_text(
        'name = "Gradual onset"\n' + "".join(phases) + maintenance, encoding="utf-8"
    )


def test_a_minimal_track_loads(content_dir: Path) -> None:
    """The one-phase track the next tests break is itself valid."""
    write_gradual(content_dir, phase_toml())
    track = load_protocol_from(content_dir).track(Onset.GRADUAL)
    assert [phase.key for phase in track.phases] == ["only"]
    assert track.phases[0].avoid == ()


@pytest.mark.parametrize(
    ("phases", "message"),
    [
        pytest.param(
            [phase_toml(criteria="[]")],
            r"phases\[0\]\.criteria: must not be empty",
            id="no-criteria",
        ),
        pytest.param(
            [phase_toml(prescriptions="[]")],
            r"phases\[0\]\.prescriptions: must not be empty",
            id="no-prescriptions",
        ),
        pytest.param(
            [phase_toml(source=None)],
            r"phases\[0\]\.source: missing",
            id="no-source",
        ),
        pytest.param(
            [phase_toml(goal='"  "')],
            r"phases\[0\]\.goal: must be a non-empty string",
            id="blank-goal",
        ),
        pytest.param(
            [phase_toml(endurance="[]")],
            r"phases\[0\]\.endurance: must not be empty",
            id="no-endurance",
        ),
        pytest.param(
            [phase_toml(number=2)],
            r"phases\[0\]\.number: is 2, expected 1",
            id="numbers-not-from-one",
        ),
        pytest.param(
            [phase_toml(1, "first"), phase_toml(3, "third")],
            r"phases\[1\]\.number: is 3, expected 2",
            id="numbers-with-a-gap",
        ),
        pytest.param(
            [phase_toml(1, "same"), phase_toml(2, "same")],
            r"phases\[1\]\.key: duplicate phase key 'same'",
            id="duplicate-phase-key",
        ),
        pytest.param(
            [phase_toml(typical_days="[7]")],
            r"phases\[0\]\.typical_days: must be \[min, max\]",
            id="typical-days-not-a-pair",
        ),
        pytest.param(
            [phase_toml(min_days="0")],
            r"phases\[0\]\.min_days: must be a whole number of at least 1",
            id="zero-min-days",
        ),
        pytest.param(
            [
                phase_toml(
                    prescriptions='[{ exercise = "bridge_hold", '
                    'dose = { sets = 3, hold_seconds = 30 }, frequency = "weekly" }]'
                )
            ],
            r"phases\[0\]\.prescriptions: needs a twice_daily or daily exercise",
            id="no-everyday-exercise",
        ),
        pytest.param(
            [
                phase_toml(
                    prescriptions='[{ exercise = "bridge_hold", dose = { minutes = 1 }, '
                    'frequency = "daily" },'
                    ' { exercise = "bridge_hold", dose = { minutes = 2 }, frequency = "daily" }]'
                )
            ],
            r"phases\[0\]\.prescriptions\[1\]\.exercise: 'bridge_hold' is prescribed twice",
            id="exercise-prescribed-twice",
        ),
        pytest.param(
            [
                phase_toml(
                    criteria='[{ key = "a", question = "A?", source = "thomee1997" },'
                    ' { key = "a", question = "B?", source = "thomee1997" }]'
                )
            ],
            r"phases\[0\]\.criteria\[1\]\.key: duplicate criterion key 'a'",
            id="duplicate-criterion-key",
        ),
        pytest.param(
            [phase_toml(criteria='[{ key = "a", question = "A?", source = "nobody" }]')],
            r"phases\[0\]\.criteria\[0\]\.source: unknown source 'nobody'",
            id="criterion-unknown-source",
        ),
        pytest.param(
            [phase_toml(colour='"blue"')],
            r"phases\[0\]\.colour: unknown key",
            id="unknown-phase-key",
        ),
        pytest.param([], r"phases: missing", id="no-phases"),
    ],
)
def test_broken_phases_are_refused(content_dir: Path, phases: list[str], message: str) -> None:
    """A phase without criteria, prescriptions or source, or out of order, stops the load."""
    write_gradual(content_dir, *phases)
    with pytest.raises(ContentError, match=rf"gradual\.toml: {message}"):
        load_protocol_from(content_dir)


def test_a_track_without_maintenance_is_refused(content_dir: Path) -> None:
    """What follows the last phase is part of every track."""
    write_gradual(content_dir, phase_toml(), maintenance="")
    with pytest.raises(ContentError, match=r"gradual\.toml: maintenance: missing"):
        load_protocol_from(content_dir)


def test_a_missing_track_is_refused(content_dir: Path) -> None:
    """Every onset needs its track file."""
    (content_dir / track_file(Onset.GRADUAL)).unlink()
    with pytest.raises(ContentError, match=r"gradual\.toml: missing file"):
        load_protocol_from(content_dir)


def test_an_empty_red_flag_list_is_refused(content_dir: Path) -> None:
    """The red-flag checklist cannot be empty."""
    (content_dir / "red_flags.toml").write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"red_flags\.toml: no entries"):
        load_protocol_from(content_dir)


def test_invalid_toml_is_refused_with_the_file_name(content_dir: Path) -> None:
    """A syntax error is reported with the file it is in."""
    append_to(content_dir / "sources.toml", "\n[unclosed\n")
    with pytest.raises(ContentError, match=r"^sources\.toml: "):
        load_protocol_from(content_dir)
