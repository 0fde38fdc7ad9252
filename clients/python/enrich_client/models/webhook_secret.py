from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookSecret")


@_attrs_define
class WebhookSecret:
    """A rotated secret, shown this once.

    Attributes:
        previous_secret_valid_until (str): The previous secret keeps signing until then (24 hours).
        secret (str):
        webhook_id (str):
    """

    previous_secret_valid_until: str
    secret: str
    webhook_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        previous_secret_valid_until = self.previous_secret_valid_until

        secret = self.secret

        webhook_id = self.webhook_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "previous_secret_valid_until": previous_secret_valid_until,
                "secret": secret,
                "webhook_id": webhook_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        previous_secret_valid_until = d.pop("previous_secret_valid_until")

        secret = d.pop("secret")

        webhook_id = d.pop("webhook_id")

        webhook_secret = cls(
            previous_secret_valid_until=previous_secret_valid_until,
            secret=secret,
            webhook_id=webhook_id,
        )

        webhook_secret.additional_properties = d
        return webhook_secret

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
