from enum import StrEnum


class InvalidAddressRuleTaggingAction(StrEnum):
    TAG = "tag"

    def __str__(self) -> str:
        return str(self.value)
