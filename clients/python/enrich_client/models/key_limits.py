from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.window_usage import WindowUsage


T = TypeVar("T", bound="KeyLimits")


@_attrs_define
class KeyLimits:
    """
    Attributes:
        day (WindowUsage):
        hour (WindowUsage):
        key_id (str):
        minute (WindowUsage):
        prefix (str):
    """

    day: WindowUsage
    hour: WindowUsage
    key_id: str
    minute: WindowUsage
    prefix: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        day = self.day.to_dict()

        hour = self.hour.to_dict()

        key_id = self.key_id

        minute = self.minute.to_dict()

        prefix = self.prefix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "day": day,
                "hour": hour,
                "key_id": key_id,
                "minute": minute,
                "prefix": prefix,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.window_usage import WindowUsage  # noqa: PLC0415

        d = dict(src_dict)
        day = WindowUsage.from_dict(d.pop("day"))

        hour = WindowUsage.from_dict(d.pop("hour"))

        key_id = d.pop("key_id")

        minute = WindowUsage.from_dict(d.pop("minute"))

        prefix = d.pop("prefix")

        key_limits = cls(
            day=day,
            hour=hour,
            key_id=key_id,
            minute=minute,
            prefix=prefix,
        )

        key_limits.additional_properties = d
        return key_limits

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
