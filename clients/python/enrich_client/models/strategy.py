from enum import StrEnum


class Strategy(StrEnum):
    COST = "cost"
    COVERAGE = "coverage"
    FIXED = "fixed"

    def __str__(self) -> str:
        return str(self.value)
