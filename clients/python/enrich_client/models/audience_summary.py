from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.contact_view import ContactView


T = TypeVar("T", bound="AudienceSummary")


@_attrs_define
class AudienceSummary:
    """The audience's size and its first contacts (a preview before sending).

    Attributes:
        complete (bool): Whether every candidate was read (false past 100,000 candidates).
        count (int): Contacts the audience holds (a lower bound when `complete` is false).
        sample (list[ContactView]):
    """

    complete: bool
    count: int
    sample: list[ContactView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        complete = self.complete

        count = self.count

        sample = []
        for sample_item_data in self.sample:
            sample_item = sample_item_data.to_dict()
            sample.append(sample_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "complete": complete,
                "count": count,
                "sample": sample,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_view import ContactView  # noqa: PLC0415

        d = dict(src_dict)
        complete = d.pop("complete")

        count = d.pop("count")

        sample = []
        _sample = d.pop("sample")
        for sample_item_data in _sample:
            sample_item = ContactView.from_dict(sample_item_data)

            sample.append(sample_item)

        audience_summary = cls(
            complete=complete,
            count=count,
            sample=sample,
        )

        audience_summary.additional_properties = d
        return audience_summary

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
