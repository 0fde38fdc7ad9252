from enum import StrEnum


class CacheMode(StrEnum):
    BYPASS = "bypass"
    USE = "use"

    def __str__(self) -> str:
        return str(self.value)
