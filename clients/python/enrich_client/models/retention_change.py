from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RetentionChange")


@_attrs_define
class RetentionChange:
    """A change to the retention settings: any subset of the fields.

    Attributes:
        audit_log_days (int | None | Unset):
        call_log_days (int | None | Unset):  Example: 30.
        delivery_events_days (int | None | Unset):
        job_results_days (int | None | Unset):
        provider_cache_days (int | None | Unset):
        version (int | None | Unset): The version read; a change made since then makes this a 409.
    """

    audit_log_days: int | None | Unset = UNSET
    call_log_days: int | None | Unset = UNSET
    delivery_events_days: int | None | Unset = UNSET
    job_results_days: int | None | Unset = UNSET
    provider_cache_days: int | None | Unset = UNSET
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        audit_log_days: int | None | Unset
        if isinstance(self.audit_log_days, Unset):
            audit_log_days = UNSET
        else:
            audit_log_days = self.audit_log_days

        call_log_days: int | None | Unset
        if isinstance(self.call_log_days, Unset):
            call_log_days = UNSET
        else:
            call_log_days = self.call_log_days

        delivery_events_days: int | None | Unset
        if isinstance(self.delivery_events_days, Unset):
            delivery_events_days = UNSET
        else:
            delivery_events_days = self.delivery_events_days

        job_results_days: int | None | Unset
        if isinstance(self.job_results_days, Unset):
            job_results_days = UNSET
        else:
            job_results_days = self.job_results_days

        provider_cache_days: int | None | Unset
        if isinstance(self.provider_cache_days, Unset):
            provider_cache_days = UNSET
        else:
            provider_cache_days = self.provider_cache_days

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if audit_log_days is not UNSET:
            field_dict["audit_log_days"] = audit_log_days
        if call_log_days is not UNSET:
            field_dict["call_log_days"] = call_log_days
        if delivery_events_days is not UNSET:
            field_dict["delivery_events_days"] = delivery_events_days
        if job_results_days is not UNSET:
            field_dict["job_results_days"] = job_results_days
        if provider_cache_days is not UNSET:
            field_dict["provider_cache_days"] = provider_cache_days
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_audit_log_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        audit_log_days = _parse_audit_log_days(d.pop("audit_log_days", UNSET))

        def _parse_call_log_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        call_log_days = _parse_call_log_days(d.pop("call_log_days", UNSET))

        def _parse_delivery_events_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        delivery_events_days = _parse_delivery_events_days(d.pop("delivery_events_days", UNSET))

        def _parse_job_results_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        job_results_days = _parse_job_results_days(d.pop("job_results_days", UNSET))

        def _parse_provider_cache_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        provider_cache_days = _parse_provider_cache_days(d.pop("provider_cache_days", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        retention_change = cls(
            audit_log_days=audit_log_days,
            call_log_days=call_log_days,
            delivery_events_days=delivery_events_days,
            job_results_days=job_results_days,
            provider_cache_days=provider_cache_days,
            version=version,
        )

        return retention_change
