from enum import StrEnum


class EnrichStatus(StrEnum):
    ENRICHED = "enriched"
    NOT_FOUND = "not_found"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
