from enum import StrEnum


class CompanyEnrichBodyByNameSourcesType0Item(StrEnum):
    AFIP = "afip"
    APOLLO = "apollo"
    BRASILAPI = "brasilapi"
    PDL = "pdl"
    ROCKETREACH = "rocketreach"
    SANDBOX = "sandbox"
    SAT = "sat"
    SERPRO = "serpro"

    def __str__(self) -> str:
        return str(self.value)
