from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    API = "api"
    MEMBER = "member"
    OWNER = "owner"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
