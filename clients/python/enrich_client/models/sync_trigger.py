from enum import StrEnum


class SyncTrigger(StrEnum):
    API = "api"
    IMPORT = "import"
    SCHEDULE = "schedule"

    def __str__(self) -> str:
        return str(self.value)
