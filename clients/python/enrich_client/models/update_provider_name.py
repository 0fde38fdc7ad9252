from enum import StrEnum


class UpdateProviderName(StrEnum):
    APOLLO = "apollo"
    BRASILAPI = "brasilapi"
    PDL = "pdl"
    ROCKETREACH = "rocketreach"
    SANDBOX = "sandbox"
    SERPRO = "serpro"
    ZEROBOUNCE = "zerobounce"

    def __str__(self) -> str:
        return str(self.value)
