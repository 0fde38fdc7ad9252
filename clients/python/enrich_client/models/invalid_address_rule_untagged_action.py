from enum import StrEnum


class InvalidAddressRuleUntaggedAction(StrEnum):
    NONE = "none"
    SUPPRESS = "suppress"

    def __str__(self) -> str:
        return str(self.value)
