from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SnsConfirmed")


@_attrs_define
class SnsConfirmed:
    """A subscription confirmed.

    Attributes:
        topic_arn (str):
        type_ (str): `SubscriptionConfirmation` (confirmed) or `UnsubscribeConfirmation` (noted).
    """

    topic_arn: str
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        topic_arn = self.topic_arn

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "topic_arn": topic_arn,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        topic_arn = d.pop("topic_arn")

        type_ = d.pop("type")

        sns_confirmed = cls(
            topic_arn=topic_arn,
            type_=type_,
        )

        sns_confirmed.additional_properties = d
        return sns_confirmed

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
