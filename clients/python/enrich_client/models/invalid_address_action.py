from enum import StrEnum


class InvalidAddressAction(StrEnum):
    NONE = "none"
    SUPPRESS = "suppress"
    TAG = "tag"

    def __str__(self) -> str:
        return str(self.value)
