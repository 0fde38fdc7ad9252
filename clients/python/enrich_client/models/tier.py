from enum import StrEnum


class Tier(StrEnum):
    BASIC = "basic"
    ENTERPRISE = "enterprise"
    PREMIUM = "premium"
    STANDARD = "standard"

    def __str__(self) -> str:
        return str(self.value)
