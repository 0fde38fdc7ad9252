from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Conflict")


@_attrs_define
class Conflict:
    """A later provider's different value for a field that was already decided.

    Attributes:
        field (str):
        kept_source (str):
        other_confidence (float):
        other_source (str):
        other_value (Any):
    """

    field: str
    kept_source: str
    other_confidence: float
    other_source: str
    other_value: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        kept_source = self.kept_source

        other_confidence = self.other_confidence

        other_source = self.other_source

        other_value = self.other_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "field": field,
                "kept_source": kept_source,
                "other_confidence": other_confidence,
                "other_source": other_source,
                "other_value": other_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field = d.pop("field")

        kept_source = d.pop("kept_source")

        other_confidence = d.pop("other_confidence")

        other_source = d.pop("other_source")

        other_value = d.pop("other_value")

        conflict = cls(
            field=field,
            kept_source=kept_source,
            other_confidence=other_confidence,
            other_source=other_source,
            other_value=other_value,
        )

        conflict.additional_properties = d
        return conflict

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
