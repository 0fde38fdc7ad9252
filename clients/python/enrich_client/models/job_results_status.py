from enum import StrEnum


class JobResultsStatus(StrEnum):
    DUPLICATE = "duplicate"
    FAILED = "failed"
    NOT_FOUND = "not_found"
    SKIPPED = "skipped"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
