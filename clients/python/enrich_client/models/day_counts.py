from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DayCounts")


@_attrs_define
class DayCounts:
    """One shard of the organisation's event counts of a day.

    Attributes:
        bounced (int | Unset):
        bounced_hard (int | Unset):
        bounced_soft (int | Unset):
        clicked (int | Unset):
        complained (int | Unset):
        delivered (int | Unset):
        opened (int | Unset):
        unsubscribed (int | Unset):
    """

    bounced: int | Unset = UNSET
    bounced_hard: int | Unset = UNSET
    bounced_soft: int | Unset = UNSET
    clicked: int | Unset = UNSET
    complained: int | Unset = UNSET
    delivered: int | Unset = UNSET
    opened: int | Unset = UNSET
    unsubscribed: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bounced = self.bounced

        bounced_hard = self.bounced_hard

        bounced_soft = self.bounced_soft

        clicked = self.clicked

        complained = self.complained

        delivered = self.delivered

        opened = self.opened

        unsubscribed = self.unsubscribed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if bounced is not UNSET:
            field_dict["bounced"] = bounced
        if bounced_hard is not UNSET:
            field_dict["bounced_hard"] = bounced_hard
        if bounced_soft is not UNSET:
            field_dict["bounced_soft"] = bounced_soft
        if clicked is not UNSET:
            field_dict["clicked"] = clicked
        if complained is not UNSET:
            field_dict["complained"] = complained
        if delivered is not UNSET:
            field_dict["delivered"] = delivered
        if opened is not UNSET:
            field_dict["opened"] = opened
        if unsubscribed is not UNSET:
            field_dict["unsubscribed"] = unsubscribed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bounced = d.pop("bounced", UNSET)

        bounced_hard = d.pop("bounced_hard", UNSET)

        bounced_soft = d.pop("bounced_soft", UNSET)

        clicked = d.pop("clicked", UNSET)

        complained = d.pop("complained", UNSET)

        delivered = d.pop("delivered", UNSET)

        opened = d.pop("opened", UNSET)

        unsubscribed = d.pop("unsubscribed", UNSET)

        day_counts = cls(
            bounced=bounced,
            bounced_hard=bounced_hard,
            bounced_soft=bounced_soft,
            clicked=clicked,
            complained=complained,
            delivered=delivered,
            opened=opened,
            unsubscribed=unsubscribed,
        )

        day_counts.additional_properties = d
        return day_counts

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
