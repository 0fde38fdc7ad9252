from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.record_status import RecordStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_result_fields import JobResultFields
    from ..models.job_result_input import JobResultInput
    from ..models.record_error import RecordError
    from ..models.warning import Warning_


T = TypeVar("T", bound="JobResult")


@_attrs_define
class JobResult:
    """The result of one input record.

    Attributes:
        credits_ (float):
        index (int): The record's position in the input (0-based).
        input_ (JobResultInput): The record as given.
        status (RecordStatus): How one input record ended.
        created (bool | Unset): Whether this record created it (else it updated one already stored).
        credits_saved (float | None | Unset): Under the `cost` or `coverage` strategy: the fixed order's expected
            credits less what
            this record spent.
        duplicate_of (int | None | Unset): For a duplicate: the index of the record it repeats.
        errors (list[RecordError] | Unset):
        fields (JobResultFields | Unset): The merged fields the record ended with.
        reason (None | str | Unset): Why a record was skipped or failed.
        record_id (None | str | Unset): The stored person or company.
        warnings (list[Warning_] | Unset):
    """

    credits_: float
    index: int
    input_: JobResultInput
    status: RecordStatus
    created: bool | Unset = UNSET
    credits_saved: float | None | Unset = UNSET
    duplicate_of: int | None | Unset = UNSET
    errors: list[RecordError] | Unset = UNSET
    fields: JobResultFields | Unset = UNSET
    reason: None | str | Unset = UNSET
    record_id: None | str | Unset = UNSET
    warnings: list[Warning_] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credits_ = self.credits_

        index = self.index

        input_ = self.input_.to_dict()

        status = self.status.value

        created = self.created

        credits_saved: float | None | Unset
        if isinstance(self.credits_saved, Unset):
            credits_saved = UNSET
        else:
            credits_saved = self.credits_saved

        duplicate_of: int | None | Unset
        if isinstance(self.duplicate_of, Unset):
            duplicate_of = UNSET
        else:
            duplicate_of = self.duplicate_of

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        record_id: None | str | Unset
        if isinstance(self.record_id, Unset):
            record_id = UNSET
        else:
            record_id = self.record_id

        warnings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = []
            for warnings_item_data in self.warnings:
                warnings_item = warnings_item_data.to_dict()
                warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credits": credits_,
                "index": index,
                "input": input_,
                "status": status,
            }
        )
        if created is not UNSET:
            field_dict["created"] = created
        if credits_saved is not UNSET:
            field_dict["credits_saved"] = credits_saved
        if duplicate_of is not UNSET:
            field_dict["duplicate_of"] = duplicate_of
        if errors is not UNSET:
            field_dict["errors"] = errors
        if fields is not UNSET:
            field_dict["fields"] = fields
        if reason is not UNSET:
            field_dict["reason"] = reason
        if record_id is not UNSET:
            field_dict["record_id"] = record_id
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_result_fields import JobResultFields  # noqa: PLC0415
        from ..models.job_result_input import JobResultInput  # noqa: PLC0415
        from ..models.record_error import RecordError  # noqa: PLC0415
        from ..models.warning import Warning_  # noqa: PLC0415

        d = dict(src_dict)
        credits_ = d.pop("credits")

        index = d.pop("index")

        input_ = JobResultInput.from_dict(d.pop("input"))

        status = RecordStatus(d.pop("status"))

        created = d.pop("created", UNSET)

        def _parse_credits_saved(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        credits_saved = _parse_credits_saved(d.pop("credits_saved", UNSET))

        def _parse_duplicate_of(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duplicate_of = _parse_duplicate_of(d.pop("duplicate_of", UNSET))

        _errors = d.pop("errors", UNSET)
        errors: list[RecordError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = RecordError.from_dict(errors_item_data)

                errors.append(errors_item)

        _fields = d.pop("fields", UNSET)
        fields: JobResultFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = JobResultFields.from_dict(_fields)

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_record_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        record_id = _parse_record_id(d.pop("record_id", UNSET))

        _warnings = d.pop("warnings", UNSET)
        warnings: list[Warning_] | Unset = UNSET
        if _warnings is not UNSET:
            warnings = []
            for warnings_item_data in _warnings:
                warnings_item = Warning_.from_dict(warnings_item_data)

                warnings.append(warnings_item)

        job_result = cls(
            credits_=credits_,
            index=index,
            input_=input_,
            status=status,
            created=created,
            credits_saved=credits_saved,
            duplicate_of=duplicate_of,
            errors=errors,
            fields=fields,
            reason=reason,
            record_id=record_id,
            warnings=warnings,
        )

        job_result.additional_properties = d
        return job_result

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
