from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateProviderBody")


@_attrs_define
class UpdateProviderBody:
    """The settings to change (at least one).

    Attributes:
        active (bool | Unset): Whether the waterfall asks this provider.
        monthly_quota (int | None | Unset): Calls per month (`null`: no quota).
        order (int | Unset): Its place in the fixed order (lower first).
        rate_limit_per_minute (int | None | Unset): Calls per minute for the organisation (`null`: the provider's own).
        version (int | Unset): The version read; a change made since is a 409.
    """

    active: bool | Unset = UNSET
    monthly_quota: int | None | Unset = UNSET
    order: int | Unset = UNSET
    rate_limit_per_minute: int | None | Unset = UNSET
    version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        monthly_quota: int | None | Unset
        if isinstance(self.monthly_quota, Unset):
            monthly_quota = UNSET
        else:
            monthly_quota = self.monthly_quota

        order = self.order

        rate_limit_per_minute: int | None | Unset
        if isinstance(self.rate_limit_per_minute, Unset):
            rate_limit_per_minute = UNSET
        else:
            rate_limit_per_minute = self.rate_limit_per_minute

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if active is not UNSET:
            field_dict["active"] = active
        if monthly_quota is not UNSET:
            field_dict["monthly_quota"] = monthly_quota
        if order is not UNSET:
            field_dict["order"] = order
        if rate_limit_per_minute is not UNSET:
            field_dict["rate_limit_per_minute"] = rate_limit_per_minute
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active", UNSET)

        def _parse_monthly_quota(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        monthly_quota = _parse_monthly_quota(d.pop("monthly_quota", UNSET))

        order = d.pop("order", UNSET)

        def _parse_rate_limit_per_minute(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_limit_per_minute = _parse_rate_limit_per_minute(d.pop("rate_limit_per_minute", UNSET))

        version = d.pop("version", UNSET)

        update_provider_body = cls(
            active=active,
            monthly_quota=monthly_quota,
            order=order,
            rate_limit_per_minute=rate_limit_per_minute,
            version=version,
        )

        return update_provider_body
