from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.notification_settings import NotificationSettings


T = TypeVar("T", bound="PreferencesBody")


@_attrs_define
class PreferencesBody:
    """
    Attributes:
        language (str): BCP 47 language tag. Example: pt-BR.
        notifications (NotificationSettings):
        timezone (str): IANA time zone name (validated against the tz database; stored in canonical form). Example:
            America/Sao_Paulo.
    """

    language: str
    notifications: NotificationSettings
    timezone: str

    def to_dict(self) -> dict[str, Any]:
        language = self.language

        notifications = self.notifications.to_dict()

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "language": language,
                "notifications": notifications,
                "timezone": timezone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notification_settings import NotificationSettings  # noqa: PLC0415

        d = dict(src_dict)
        language = d.pop("language")

        notifications = NotificationSettings.from_dict(d.pop("notifications"))

        timezone = d.pop("timezone")

        preferences_body = cls(
            language=language,
            notifications=notifications,
            timezone=timezone,
        )

        return preferences_body
