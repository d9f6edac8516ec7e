"""One measured number against its target, printed as a markdown table row."""

from __future__ import annotations

from dataclasses import dataclass

HEADER = (
    "| benchmark | database | users | result | target | verdict |\n"
    "| --- | --- | ---: | --- | --- | --- |"
)


@dataclass(frozen=True)
class Measurement:
    """What one benchmark measured and whether it met its target (None: no target)."""

    benchmark: str
    database: str
    users: int
    result: str
    target: str
    passed: bool | None

    def row(self) -> str:
        """Render the measurement as one markdown table row."""
        verdict = "n/a" if self.passed is None else ("pass" if self.passed else "**FAIL**")
        return (
            f"| {self.benchmark} | {self.database} | {self.users:,} | {self.result} "
            f"| {self.target} | {verdict} |"
        )
