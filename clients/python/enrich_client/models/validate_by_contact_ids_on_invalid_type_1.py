from enum import StrEnum


class ValidateByContactIdsOnInvalidType1(StrEnum):
    NONE = "none"
    SUPPRESS = "suppress"

    def __str__(self) -> str:
        return str(self.value)
