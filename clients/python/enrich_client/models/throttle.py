from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Throttle")


@_attrs_define
class Throttle:
    """Messages per second and per sliding hour, across every send worker.

    Attributes:
        per_hour (int):  Example: 50000.
        per_second (int):  Example: 14.
    """

    per_hour: int
    per_second: int

    def to_dict(self) -> dict[str, Any]:
        per_hour = self.per_hour

        per_second = self.per_second

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "per_hour": per_hour,
                "per_second": per_second,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        per_hour = d.pop("per_hour")

        per_second = d.pop("per_second")

        throttle = cls(
            per_hour=per_hour,
            per_second=per_second,
        )

        return throttle
