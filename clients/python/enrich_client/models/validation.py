from enum import StrEnum


class Validation(StrEnum):
    INVALID = "invalid"
    PENDING = "pending"
    RISKY = "risky"
    VALID = "valid"

    def __str__(self) -> str:
        return str(self.value)
