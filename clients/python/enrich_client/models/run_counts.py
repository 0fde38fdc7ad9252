from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RunCounts")


@_attrs_define
class RunCounts:
    """A run's counts.

    Attributes:
        created (int | Unset):
        failed (int | Unset): Rows refused (each one's problems are in `errors`, the first 100 kept).
        rows (int | Unset):
        unchanged (int | Unset):
        updated (int | Unset):
    """

    created: int | Unset = UNSET
    failed: int | Unset = UNSET
    rows: int | Unset = UNSET
    unchanged: int | Unset = UNSET
    updated: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        failed = self.failed

        rows = self.rows

        unchanged = self.unchanged

        updated = self.updated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if created is not UNSET:
            field_dict["created"] = created
        if failed is not UNSET:
            field_dict["failed"] = failed
        if rows is not UNSET:
            field_dict["rows"] = rows
        if unchanged is not UNSET:
            field_dict["unchanged"] = unchanged
        if updated is not UNSET:
            field_dict["updated"] = updated

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created = d.pop("created", UNSET)

        failed = d.pop("failed", UNSET)

        rows = d.pop("rows", UNSET)

        unchanged = d.pop("unchanged", UNSET)

        updated = d.pop("updated", UNSET)

        run_counts = cls(
            created=created,
            failed=failed,
            rows=rows,
            unchanged=unchanged,
            updated=updated,
        )

        run_counts.additional_properties = d
        return run_counts

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
