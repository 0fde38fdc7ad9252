from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.field_performance import FieldPerformance


T = TypeVar("T", bound="PerformanceReport")


@_attrs_define
class PerformanceReport:
    """`GET /v1/providers/performance`.

    Attributes:
        from_ (str): The window's first and last UTC day.
        items (list[FieldPerformance]):
        to (str):
    """

    from_: str
    items: list[FieldPerformance]
    to: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        to = self.to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "items": items,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_performance import FieldPerformance  # noqa: PLC0415

        d = dict(src_dict)
        from_ = d.pop("from")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = FieldPerformance.from_dict(items_item_data)

            items.append(items_item)

        to = d.pop("to")

        performance_report = cls(
            from_=from_,
            items=items,
            to=to,
        )

        performance_report.additional_properties = d
        return performance_report

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
