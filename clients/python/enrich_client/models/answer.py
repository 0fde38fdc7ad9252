from enum import StrEnum


class Answer(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
