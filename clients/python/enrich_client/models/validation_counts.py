from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidationCounts")


@_attrs_define
class ValidationCounts:
    """A run's counts (summed over its shards).

    Attributes:
        checked (int | Unset):
        credits_ (float | Unset):
        invalid (int | Unset):
        missing (int | Unset): Asked for by id but not in the organisation (or deleted meanwhile).
        risky (int | Unset):
        unknown (int | Unset): No verifier gave an answer: the contact stays as it was.
        valid (int | Unset):
    """

    checked: int | Unset = UNSET
    credits_: float | Unset = UNSET
    invalid: int | Unset = UNSET
    missing: int | Unset = UNSET
    risky: int | Unset = UNSET
    unknown: int | Unset = UNSET
    valid: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checked = self.checked

        credits_ = self.credits_

        invalid = self.invalid

        missing = self.missing

        risky = self.risky

        unknown = self.unknown

        valid = self.valid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if checked is not UNSET:
            field_dict["checked"] = checked
        if credits_ is not UNSET:
            field_dict["credits"] = credits_
        if invalid is not UNSET:
            field_dict["invalid"] = invalid
        if missing is not UNSET:
            field_dict["missing"] = missing
        if risky is not UNSET:
            field_dict["risky"] = risky
        if unknown is not UNSET:
            field_dict["unknown"] = unknown
        if valid is not UNSET:
            field_dict["valid"] = valid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        checked = d.pop("checked", UNSET)

        credits_ = d.pop("credits", UNSET)

        invalid = d.pop("invalid", UNSET)

        missing = d.pop("missing", UNSET)

        risky = d.pop("risky", UNSET)

        unknown = d.pop("unknown", UNSET)

        valid = d.pop("valid", UNSET)

        validation_counts = cls(
            checked=checked,
            credits_=credits_,
            invalid=invalid,
            missing=missing,
            risky=risky,
            unknown=unknown,
            valid=valid,
        )

        validation_counts.additional_properties = d
        return validation_counts

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
