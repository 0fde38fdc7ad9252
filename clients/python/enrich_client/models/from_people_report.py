from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.row_error import RowError
    from ..models.row_outcome import RowOutcome


T = TypeVar("T", bound="FromPeopleReport")


@_attrs_define
class FromPeopleReport:
    """What turning people into contacts did.

    Attributes:
        created (int):
        errors (list[RowError]): Rows refused, by index; the others were applied.
        results (list[RowOutcome]):
        unchanged (int):
        updated (int):
        skipped (list[str]): Person ids with no stored email (or no such person): not made contacts.
    """

    created: int
    errors: list[RowError]
    results: list[RowOutcome]
    unchanged: int
    updated: int
    skipped: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        unchanged = self.unchanged

        updated = self.updated

        skipped = self.skipped

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "errors": errors,
                "results": results,
                "unchanged": unchanged,
                "updated": updated,
                "skipped": skipped,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.row_error import RowError  # noqa: PLC0415
        from ..models.row_outcome import RowOutcome  # noqa: PLC0415

        d = dict(src_dict)
        created = d.pop("created")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = RowError.from_dict(errors_item_data)

            errors.append(errors_item)

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = RowOutcome.from_dict(results_item_data)

            results.append(results_item)

        unchanged = d.pop("unchanged")

        updated = d.pop("updated")

        skipped = cast(list[str], d.pop("skipped"))

        from_people_report = cls(
            created=created,
            errors=errors,
            results=results,
            unchanged=unchanged,
            updated=updated,
            skipped=skipped,
        )

        from_people_report.additional_properties = d
        return from_people_report

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
