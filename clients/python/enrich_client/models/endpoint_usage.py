from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EndpointUsage")


@_attrs_define
class EndpointUsage:
    """
    Attributes:
        avg_response_time (float):
        count (int):
        endpoint (str):  Example: POST /v1/people/enrich.
    """

    avg_response_time: float
    count: int
    endpoint: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        avg_response_time = self.avg_response_time

        count = self.count

        endpoint = self.endpoint

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "avg_response_time": avg_response_time,
                "count": count,
                "endpoint": endpoint,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avg_response_time = d.pop("avg_response_time")

        count = d.pop("count")

        endpoint = d.pop("endpoint")

        endpoint_usage = cls(
            avg_response_time=avg_response_time,
            count=count,
            endpoint=endpoint,
        )

        endpoint_usage.additional_properties = d
        return endpoint_usage

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
