from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CallSummary")


@_attrs_define
class CallSummary:
    """What one provider contributed to a request.

    Attributes:
        cached (bool):
        credits_ (float):
        outcome (str): `found`, `not_found`, `pending`, or an error code.
        provider (str):
    """

    cached: bool
    credits_: float
    outcome: str
    provider: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cached = self.cached

        credits_ = self.credits_

        outcome = self.outcome

        provider = self.provider

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cached": cached,
                "credits": credits_,
                "outcome": outcome,
                "provider": provider,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cached = d.pop("cached")

        credits_ = d.pop("credits")

        outcome = d.pop("outcome")

        provider = d.pop("provider")

        call_summary = cls(
            cached=cached,
            credits_=credits_,
            outcome=outcome,
            provider=provider,
        )

        call_summary.additional_properties = d
        return call_summary

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
