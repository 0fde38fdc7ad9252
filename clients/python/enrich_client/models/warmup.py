from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Warmup")


@_attrs_define
class Warmup:
    """A sending domain's warm-up: the daily cap starts at `start_cap` and grows by `growth_percent`
    each day (100 doubles it) up to the profile's `daily_cap`; a day with bounces above 2% or
    complaints above 0.1% holds it.

        Attributes:
            growth_percent (int):  Example: 100.
            start_cap (int):  Example: 100.
    """

    growth_percent: int
    start_cap: int

    def to_dict(self) -> dict[str, Any]:
        growth_percent = self.growth_percent

        start_cap = self.start_cap

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "growth_percent": growth_percent,
                "start_cap": start_cap,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        growth_percent = d.pop("growth_percent")

        start_cap = d.pop("start_cap")

        warmup = cls(
            growth_percent=growth_percent,
            start_cap=start_cap,
        )

        return warmup
