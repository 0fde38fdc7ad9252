from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Limits")


@_attrs_define
class Limits:
    """Requests allowed per window (seed 004's figures), and the burst API Gateway's token bucket allows.

    Attributes:
        burst (int):
        requests_per_day (int):
        requests_per_hour (int):
        requests_per_minute (int):
    """

    burst: int
    requests_per_day: int
    requests_per_hour: int
    requests_per_minute: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        burst = self.burst

        requests_per_day = self.requests_per_day

        requests_per_hour = self.requests_per_hour

        requests_per_minute = self.requests_per_minute

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "burst": burst,
                "requests_per_day": requests_per_day,
                "requests_per_hour": requests_per_hour,
                "requests_per_minute": requests_per_minute,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        burst = d.pop("burst")

        requests_per_day = d.pop("requests_per_day")

        requests_per_hour = d.pop("requests_per_hour")

        requests_per_minute = d.pop("requests_per_minute")

        limits = cls(
            burst=burst,
            requests_per_day=requests_per_day,
            requests_per_hour=requests_per_hour,
            requests_per_minute=requests_per_minute,
        )

        limits.additional_properties = d
        return limits

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
