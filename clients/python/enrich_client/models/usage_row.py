from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UsageRow")


@_attrs_define
class UsageRow:
    """
    Attributes:
        avg_latency_ms (float):
        calls (int):
        credits_ (float):
        error_rate (float):
        errors (int):
        key (str): The day (`YYYY-MM-DD`) or the provider, per `group_by`.
    """

    avg_latency_ms: float
    calls: int
    credits_: float
    error_rate: float
    errors: int
    key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        avg_latency_ms = self.avg_latency_ms

        calls = self.calls

        credits_ = self.credits_

        error_rate = self.error_rate

        errors = self.errors

        key = self.key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "avg_latency_ms": avg_latency_ms,
                "calls": calls,
                "credits": credits_,
                "error_rate": error_rate,
                "errors": errors,
                "key": key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avg_latency_ms = d.pop("avg_latency_ms")

        calls = d.pop("calls")

        credits_ = d.pop("credits")

        error_rate = d.pop("error_rate")

        errors = d.pop("errors")

        key = d.pop("key")

        usage_row = cls(
            avg_latency_ms=avg_latency_ms,
            calls=calls,
            credits_=credits_,
            error_rate=error_rate,
            errors=errors,
            key=key,
        )

        usage_row.additional_properties = d
        return usage_row

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
