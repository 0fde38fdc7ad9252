from enum import StrEnum


class RuleAction(StrEnum):
    DELETE = "delete"
    NONE = "none"
    SUPPRESS = "suppress"
    UNSUBSCRIBE = "unsubscribe"

    def __str__(self) -> str:
        return str(self.value)
