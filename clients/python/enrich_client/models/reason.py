from enum import StrEnum


class Reason(StrEnum):
    BOUNCED = "bounced"
    COMPLAINED = "complained"
    ERASED = "erased"
    INVALID = "invalid"
    MANUAL = "manual"
    UNSUBSCRIBED = "unsubscribed"

    def __str__(self) -> str:
        return str(self.value)
