from enum import StrEnum


class ValidateByContactIdsTaggingOnInvalid(StrEnum):
    TAG = "tag"

    def __str__(self) -> str:
        return str(self.value)
