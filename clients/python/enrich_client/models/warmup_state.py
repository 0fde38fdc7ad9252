from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WarmupState")


@_attrs_define
class WarmupState:
    """Where the warm-up stands (set by the daily warm-up step).

    Attributes:
        cap (int): Today's cap from the warm-up plan.
        day (str): The UTC day (`YYYY-MM-DD`) the cap was last set for.
        held (bool): Whether the last step held the cap (bounces or complaints too high).
    """

    cap: int
    day: str
    held: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cap = self.cap

        day = self.day

        held = self.held

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cap": cap,
                "day": day,
                "held": held,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cap = d.pop("cap")

        day = d.pop("day")

        held = d.pop("held")

        warmup_state = cls(
            cap=cap,
            day=day,
            held=held,
        )

        warmup_state.additional_properties = d
        return warmup_state

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
