from enum import StrEnum


class AccountName(StrEnum):
    ROCKETREACH = "rocketreach"
    SANDBOX = "sandbox"
    ZEROBOUNCE = "zerobounce"

    def __str__(self) -> str:
        return str(self.value)
