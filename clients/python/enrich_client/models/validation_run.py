from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invalid_address_action import InvalidAddressAction
from ..models.validation_status import ValidationStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.validation_counts import ValidationCounts


T = TypeVar("T", bound="ValidationRun")


@_attrs_define
class ValidationRun:
    """A run as shown.

    Attributes:
        counts (ValidationCounts): A run's counts (summed over its shards).
        created_at (str):
        id (str):  Example: val_01JA2B3C4D5E6F7G8H9J0KMNPQ.
        on_invalid (InvalidAddressAction): What a run does with an address found invalid (besides marking the contact
            `invalid`, which
            already keeps it out of every audience).
        pages_done (int): Pages of up to 200 contacts done.
        status (ValidationStatus): Where a run stands.
        error (None | str | Unset):
        finished_at (None | str | Unset):
        invalid_tag (None | str | Unset):
    """

    counts: ValidationCounts
    created_at: str
    id: str
    on_invalid: InvalidAddressAction
    pages_done: int
    status: ValidationStatus
    error: None | str | Unset = UNSET
    finished_at: None | str | Unset = UNSET
    invalid_tag: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        counts = self.counts.to_dict()

        created_at = self.created_at

        id = self.id

        on_invalid = self.on_invalid.value

        pages_done = self.pages_done

        status = self.status.value

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = self.finished_at

        invalid_tag: None | str | Unset
        if isinstance(self.invalid_tag, Unset):
            invalid_tag = UNSET
        else:
            invalid_tag = self.invalid_tag

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "counts": counts,
                "created_at": created_at,
                "id": id,
                "on_invalid": on_invalid,
                "pages_done": pages_done,
                "status": status,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if invalid_tag is not UNSET:
            field_dict["invalid_tag"] = invalid_tag

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.validation_counts import ValidationCounts  # noqa: PLC0415

        d = dict(src_dict)
        counts = ValidationCounts.from_dict(d.pop("counts"))

        created_at = d.pop("created_at")

        id = d.pop("id")

        on_invalid = InvalidAddressAction(d.pop("on_invalid"))

        pages_done = d.pop("pages_done")

        status = ValidationStatus(d.pop("status"))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_finished_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_invalid_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invalid_tag = _parse_invalid_tag(d.pop("invalid_tag", UNSET))

        validation_run = cls(
            counts=counts,
            created_at=created_at,
            id=id,
            on_invalid=on_invalid,
            pages_done=pages_done,
            status=status,
            error=error,
            finished_at=finished_at,
            invalid_tag=invalid_tag,
        )

        validation_run.additional_properties = d
        return validation_run

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
