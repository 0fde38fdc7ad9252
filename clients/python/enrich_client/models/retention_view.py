from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.category import Category


T = TypeVar("T", bound="RetentionView")


@_attrs_define
class RetentionView:
    """The settings with the platform's bounds for each.

    Attributes:
        audit_log_days (int):  Example: 365.
        call_log_days (int):  Example: 90.
        delivery_events_days (int):  Example: 180.
        job_results_days (int):  Example: 30.
        provider_cache_days (int):  Example: 30.
        limits (list[Category]): Each setting's minimum, default and maximum.
        updated_at (None | str | Unset):
        updated_by (None | str | Unset):
        version (int | Unset): Optimistic lock: send it back with a change; 0 while the defaults apply.
    """

    audit_log_days: int
    call_log_days: int
    delivery_events_days: int
    job_results_days: int
    provider_cache_days: int
    limits: list[Category]
    updated_at: None | str | Unset = UNSET
    updated_by: None | str | Unset = UNSET
    version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audit_log_days = self.audit_log_days

        call_log_days = self.call_log_days

        delivery_events_days = self.delivery_events_days

        job_results_days = self.job_results_days

        provider_cache_days = self.provider_cache_days

        limits = []
        for limits_item_data in self.limits:
            limits_item = limits_item_data.to_dict()
            limits.append(limits_item)

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = self.updated_at

        updated_by: None | str | Unset
        if isinstance(self.updated_by, Unset):
            updated_by = UNSET
        else:
            updated_by = self.updated_by

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "audit_log_days": audit_log_days,
                "call_log_days": call_log_days,
                "delivery_events_days": delivery_events_days,
                "job_results_days": job_results_days,
                "provider_cache_days": provider_cache_days,
                "limits": limits,
            }
        )
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if updated_by is not UNSET:
            field_dict["updated_by"] = updated_by
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.category import Category  # noqa: PLC0415

        d = dict(src_dict)
        audit_log_days = d.pop("audit_log_days")

        call_log_days = d.pop("call_log_days")

        delivery_events_days = d.pop("delivery_events_days")

        job_results_days = d.pop("job_results_days")

        provider_cache_days = d.pop("provider_cache_days")

        limits = []
        _limits = d.pop("limits")
        for limits_item_data in _limits:
            limits_item = Category.from_dict(limits_item_data)

            limits.append(limits_item)

        def _parse_updated_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        def _parse_updated_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        updated_by = _parse_updated_by(d.pop("updated_by", UNSET))

        version = d.pop("version", UNSET)

        retention_view = cls(
            audit_log_days=audit_log_days,
            call_log_days=call_log_days,
            delivery_events_days=delivery_events_days,
            job_results_days=job_results_days,
            provider_cache_days=provider_cache_days,
            limits=limits,
            updated_at=updated_at,
            updated_by=updated_by,
            version=version,
        )

        retention_view.additional_properties = d
        return retention_view

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
