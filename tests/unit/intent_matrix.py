"""The typed-message table read by the intent reader: per-intent accuracy and the confusion
matrix. Run ``python -m tests.unit.intent_matrix`` to print it (``make intents``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from coach.intents import Intent, read_message

TABLE = Path(__file__).with_name("typed_messages.tsv")


@dataclass(frozen=True)
class Labelled:
    """One message of the table and the intent it should be read as."""

    intent: Intent
    text: str


def labelled_messages() -> list[Labelled]:
    """The table's messages, in file order."""
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        intent, text = line.split("\t", 1)
        rows.append(Labelled(Intent(intent), text))
    return rows


def confusion() -> Counter[tuple[Intent, Intent]]:
    """How often each labelled intent was read as each intent."""
    return Counter((row.intent, read_message(row.text).intent) for row in labelled_messages())


def recall(counts: Counter[tuple[Intent, Intent]], intent: Intent) -> float:
    """The share of the messages labelled ``intent`` that were read as it."""
    total = sum(n for (truth, _), n in counts.items() if truth is intent)
    return counts[intent, intent] / total if total else 1.0


def report() -> str:
    """The confusion matrix (rows: labelled, columns: read) and each intent's recall."""
    counts = confusion()
    intents = list(Intent)
    short = {intent: intent.value[:7] for intent in intents}
    lines = ["labelled \\ read  " + " ".join(f"{short[i]:>7}" for i in intents) + "  recall"]
    for truth in intents:
        cells = " ".join(f"{counts[truth, read] or '.':>7}" for read in intents)
        lines.append(f"{truth.value:<16} {cells}  {recall(counts, truth):6.1%}")
    misread = [
        f"  {row.intent.value} read as {read_message(row.text).intent.value}: {row.text}"
        for row in labelled_messages()
        if read_message(row.text).intent is not row.intent
    ]
    return "\n".join([*lines, f"{len(labelled_messages())} messages", *misread])


if __name__ == "__main__":
    print(report())  # noqa: T201 (a script's output)
