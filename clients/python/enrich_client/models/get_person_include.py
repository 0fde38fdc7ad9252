from enum import StrEnum


class GetPersonInclude(StrEnum):
    SOURCES = "sources"

    def __str__(self) -> str:
        return str(self.value)
