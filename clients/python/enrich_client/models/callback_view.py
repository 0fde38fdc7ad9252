from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.callback_status import CallbackStatus

if TYPE_CHECKING:
    from ..models.callback_attempt import CallbackAttempt


T = TypeVar("T", bound="CallbackView")


@_attrs_define
class CallbackView:
    """The job's callback, once it has one to deliver.

    Attributes:
        attempts (list[CallbackAttempt]):
        status (CallbackStatus): Where a job's callback stands.
        url (str):
    """

    attempts: list[CallbackAttempt]
    status: CallbackStatus
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        status = self.status.value

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "status": status,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.callback_attempt import CallbackAttempt  # noqa: PLC0415

        d = dict(src_dict)
        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = CallbackAttempt.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        status = CallbackStatus(d.pop("status"))

        url = d.pop("url")

        callback_view = cls(
            attempts=attempts,
            status=status,
            url=url,
        )

        callback_view.additional_properties = d
        return callback_view

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
