from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..models.job_type import JobType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.callback_view import CallbackView
    from ..models.job_counts import JobCounts
    from ..models.job_credits import JobCredits
    from ..models.job_options import JobOptions


T = TypeVar("T", bound="JobView")


@_attrs_define
class JobView:
    """A job as the API shows it.

    Attributes:
        counts (JobCounts): Counts of a job's records. `processed` = succeeded + not_found + failed + skipped +
            duplicates.
        created_at (str):
        credits_ (JobCredits): Credits a job spent, in all and by provider.
        expires_at (str): When the job and its results are deleted (the organisation's `job_results_days`).
        id (str):
        options (JobOptions): The options of the single enrich routes, applied to every record of a job.
        percent (float): 0–100: processed records of total.
        status (JobStatus): `pending → processing → completed | failed | cancelled`.
        type_ (JobType): What a job enriches.
        callback (CallbackView | None | Unset):
        estimated_finish_at (None | str | Unset): While processing: when the job should finish at its pace so far.
        failure_reason (None | str | Unset):
        finished_at (None | str | Unset):
        name (None | str | Unset):
        started_at (None | str | Unset):
    """

    counts: JobCounts
    created_at: str
    credits_: JobCredits
    expires_at: str
    id: str
    options: JobOptions
    percent: float
    status: JobStatus
    type_: JobType
    callback: CallbackView | None | Unset = UNSET
    estimated_finish_at: None | str | Unset = UNSET
    failure_reason: None | str | Unset = UNSET
    finished_at: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    started_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.callback_view import CallbackView  # noqa: PLC0415

        counts = self.counts.to_dict()

        created_at = self.created_at

        credits_ = self.credits_.to_dict()

        expires_at = self.expires_at

        id = self.id

        options = self.options.to_dict()

        percent = self.percent

        status = self.status.value

        type_ = self.type_.value

        callback: dict[str, Any] | None | Unset
        if isinstance(self.callback, Unset):
            callback = UNSET
        elif isinstance(self.callback, CallbackView):
            callback = self.callback.to_dict()
        else:
            callback = self.callback

        estimated_finish_at: None | str | Unset
        if isinstance(self.estimated_finish_at, Unset):
            estimated_finish_at = UNSET
        else:
            estimated_finish_at = self.estimated_finish_at

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = self.finished_at

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        else:
            started_at = self.started_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "counts": counts,
                "created_at": created_at,
                "credits": credits_,
                "expires_at": expires_at,
                "id": id,
                "options": options,
                "percent": percent,
                "status": status,
                "type": type_,
            }
        )
        if callback is not UNSET:
            field_dict["callback"] = callback
        if estimated_finish_at is not UNSET:
            field_dict["estimated_finish_at"] = estimated_finish_at
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if name is not UNSET:
            field_dict["name"] = name
        if started_at is not UNSET:
            field_dict["started_at"] = started_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.callback_view import CallbackView  # noqa: PLC0415
        from ..models.job_counts import JobCounts  # noqa: PLC0415
        from ..models.job_credits import JobCredits  # noqa: PLC0415
        from ..models.job_options import JobOptions  # noqa: PLC0415

        d = dict(src_dict)
        counts = JobCounts.from_dict(d.pop("counts"))

        created_at = d.pop("created_at")

        credits_ = JobCredits.from_dict(d.pop("credits"))

        expires_at = d.pop("expires_at")

        id = d.pop("id")

        options = JobOptions.from_dict(d.pop("options"))

        percent = d.pop("percent")

        status = JobStatus(d.pop("status"))

        type_ = JobType(d.pop("type"))

        def _parse_callback(data: object) -> CallbackView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                callback_type_1 = CallbackView.from_dict(data)

                return callback_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CallbackView | None | Unset, data)

        callback = _parse_callback(d.pop("callback", UNSET))

        def _parse_estimated_finish_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        estimated_finish_at = _parse_estimated_finish_at(d.pop("estimated_finish_at", UNSET))

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason", UNSET))

        def _parse_finished_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_started_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        job_view = cls(
            counts=counts,
            created_at=created_at,
            credits_=credits_,
            expires_at=expires_at,
            id=id,
            options=options,
            percent=percent,
            status=status,
            type_=type_,
            callback=callback,
            estimated_finish_at=estimated_finish_at,
            failure_reason=failure_reason,
            finished_at=finished_at,
            name=name,
            started_at=started_at,
        )

        job_view.additional_properties = d
        return job_view

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
