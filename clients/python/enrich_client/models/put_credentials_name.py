from enum import StrEnum


class PutCredentialsName(StrEnum):
    APOLLO = "apollo"
    PDL = "pdl"
    ROCKETREACH = "rocketreach"
    SERPRO = "serpro"
    ZEROBOUNCE = "zerobounce"

    def __str__(self) -> str:
        return str(self.value)
