from enum import StrEnum


class PersonEnrichBodyByFirstNameLastNameCompanyDomainSourcesType0Item(StrEnum):
    APOLLO = "apollo"
    PDL = "pdl"
    ROCKETREACH = "rocketreach"
    SANDBOX = "sandbox"

    def __str__(self) -> str:
        return str(self.value)
