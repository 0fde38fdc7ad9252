from enum import StrEnum


class ListContactsStatus(StrEnum):
    BOUNCED = "bounced"
    COMPLAINED = "complained"
    SUBSCRIBED = "subscribed"
    UNSUBSCRIBED = "unsubscribed"

    def __str__(self) -> str:
        return str(self.value)
