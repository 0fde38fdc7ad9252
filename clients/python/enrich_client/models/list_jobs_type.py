from enum import StrEnum


class ListJobsType(StrEnum):
    COMPANIES = "companies"
    PEOPLE = "people"

    def __str__(self) -> str:
        return str(self.value)
