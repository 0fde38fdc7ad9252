from enum import StrEnum


class ListUsersSort(StrEnum):
    CREATED_AT = "created_at"
    EMAIL = "email"
    LAST_LOGIN_AT = "last_login_at"
    NAME = "name"
    VALUE_1 = "-created_at"
    VALUE_3 = "-name"
    VALUE_5 = "-email"
    VALUE_7 = "-last_login_at"

    def __str__(self) -> str:
        return str(self.value)
