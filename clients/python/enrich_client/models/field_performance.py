from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldPerformance")


@_attrs_define
class FieldPerformance:
    """One provider's figures for one field over the window.

    Attributes:
        credits_ (float): Credits the lookups spent.
        field (str):
        filled (int): Lookups whose answer filled the field.
        hit_rate (float): `filled / lookups`.
        lookups (int): Person and company lookups made (cached answers are not calls and do not count).
        provider (str):
        credits_per_filled_field (float | None | Unset): `credits / filled`: what a filled field cost (`null` when none
            was filled).
        latency_p50_ms (int | None | Unset): The provider's lookup latency (all fields alike): the upper bound of the
            bucket holding
            the 50th and 95th percentile (`null` above 6,400 ms, or without lookups).
        latency_p95_ms (int | None | Unset):
    """

    credits_: float
    field: str
    filled: int
    hit_rate: float
    lookups: int
    provider: str
    credits_per_filled_field: float | None | Unset = UNSET
    latency_p50_ms: int | None | Unset = UNSET
    latency_p95_ms: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credits_ = self.credits_

        field = self.field

        filled = self.filled

        hit_rate = self.hit_rate

        lookups = self.lookups

        provider = self.provider

        credits_per_filled_field: float | None | Unset
        if isinstance(self.credits_per_filled_field, Unset):
            credits_per_filled_field = UNSET
        else:
            credits_per_filled_field = self.credits_per_filled_field

        latency_p50_ms: int | None | Unset
        if isinstance(self.latency_p50_ms, Unset):
            latency_p50_ms = UNSET
        else:
            latency_p50_ms = self.latency_p50_ms

        latency_p95_ms: int | None | Unset
        if isinstance(self.latency_p95_ms, Unset):
            latency_p95_ms = UNSET
        else:
            latency_p95_ms = self.latency_p95_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credits": credits_,
                "field": field,
                "filled": filled,
                "hit_rate": hit_rate,
                "lookups": lookups,
                "provider": provider,
            }
        )
        if credits_per_filled_field is not UNSET:
            field_dict["credits_per_filled_field"] = credits_per_filled_field
        if latency_p50_ms is not UNSET:
            field_dict["latency_p50_ms"] = latency_p50_ms
        if latency_p95_ms is not UNSET:
            field_dict["latency_p95_ms"] = latency_p95_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        credits_ = d.pop("credits")

        field = d.pop("field")

        filled = d.pop("filled")

        hit_rate = d.pop("hit_rate")

        lookups = d.pop("lookups")

        provider = d.pop("provider")

        def _parse_credits_per_filled_field(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        credits_per_filled_field = _parse_credits_per_filled_field(d.pop("credits_per_filled_field", UNSET))

        def _parse_latency_p50_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        latency_p50_ms = _parse_latency_p50_ms(d.pop("latency_p50_ms", UNSET))

        def _parse_latency_p95_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        latency_p95_ms = _parse_latency_p95_ms(d.pop("latency_p95_ms", UNSET))

        field_performance = cls(
            credits_=credits_,
            field=field,
            filled=filled,
            hit_rate=hit_rate,
            lookups=lookups,
            provider=provider,
            credits_per_filled_field=credits_per_filled_field,
            latency_p50_ms=latency_p50_ms,
            latency_p95_ms=latency_p95_ms,
        )

        field_performance.additional_properties = d
        return field_performance

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
