from enum import StrEnum


class CallbackStatus(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"
    PENDING = "pending"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
