from enum import StrEnum


class GetCompanyInclude(StrEnum):
    SOURCES = "sources"

    def __str__(self) -> str:
        return str(self.value)
