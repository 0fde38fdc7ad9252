from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JobCounts")


@_attrs_define
class JobCounts:
    """Counts of a job's records. `processed` = succeeded + not_found + failed + skipped + duplicates.

    Attributes:
        duplicates (int):
        failed (int):
        not_found (int):
        processed (int):
        skipped (int):
        succeeded (int):
        total (int):
    """

    duplicates: int
    failed: int
    not_found: int
    processed: int
    skipped: int
    succeeded: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duplicates = self.duplicates

        failed = self.failed

        not_found = self.not_found

        processed = self.processed

        skipped = self.skipped

        succeeded = self.succeeded

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "duplicates": duplicates,
                "failed": failed,
                "not_found": not_found,
                "processed": processed,
                "skipped": skipped,
                "succeeded": succeeded,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duplicates = d.pop("duplicates")

        failed = d.pop("failed")

        not_found = d.pop("not_found")

        processed = d.pop("processed")

        skipped = d.pop("skipped")

        succeeded = d.pop("succeeded")

        total = d.pop("total")

        job_counts = cls(
            duplicates=duplicates,
            failed=failed,
            not_found=not_found,
            processed=processed,
            skipped=skipped,
            succeeded=succeeded,
            total=total,
        )

        job_counts.additional_properties = d
        return job_counts

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
