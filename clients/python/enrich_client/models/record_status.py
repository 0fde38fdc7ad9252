from enum import StrEnum


class RecordStatus(StrEnum):
    DUPLICATE = "duplicate"
    FAILED = "failed"
    NOT_FOUND = "not_found"
    SKIPPED = "skipped"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
