from enum import StrEnum


class ProviderName(StrEnum):
    AFIP = "afip"
    APOLLO = "apollo"
    BRASILAPI = "brasilapi"
    PDL = "pdl"
    ROCKETREACH = "rocketreach"
    SANDBOX = "sandbox"
    SAT = "sat"
    SERPRO = "serpro"
    ZEROBOUNCE = "zerobounce"

    def __str__(self) -> str:
        return str(self.value)
