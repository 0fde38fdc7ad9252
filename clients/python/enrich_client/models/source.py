from enum import StrEnum


class Source(StrEnum):
    GENERIC = "generic"
    MAILWIZZ = "mailwizz"
    POWERMTA = "powermta"
    SES = "ses"

    def __str__(self) -> str:
        return str(self.value)
