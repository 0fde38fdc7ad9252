from enum import StrEnum


class ValidateByFilterTaggingOnInvalid(StrEnum):
    TAG = "tag"

    def __str__(self) -> str:
        return str(self.value)
