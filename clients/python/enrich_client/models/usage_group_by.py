from enum import StrEnum


class UsageGroupBy(StrEnum):
    DAY = "day"
    PROVIDER = "provider"

    def __str__(self) -> str:
        return str(self.value)
