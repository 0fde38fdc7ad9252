from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.provider_name import ProviderName
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credentials_view import CredentialsView


T = TypeVar("T", bound="ProviderView")


@_attrs_define
class ProviderView:
    """
    Attributes:
        active (bool):
        capabilities (list[str]): person, company, email_verification, registry
        credentials (CredentialsView):
        name (ProviderName): Every provider the platform knows, in the order new tenants try them by default.
        order (int):
        version (int):
        monthly_quota (int | None | Unset):
        rate_limit_per_minute (int | None | Unset):
    """

    active: bool
    capabilities: list[str]
    credentials: CredentialsView
    name: ProviderName
    order: int
    version: int
    monthly_quota: int | None | Unset = UNSET
    rate_limit_per_minute: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        capabilities = self.capabilities

        credentials = self.credentials.to_dict()

        name = self.name.value

        order = self.order

        version = self.version

        monthly_quota: int | None | Unset
        if isinstance(self.monthly_quota, Unset):
            monthly_quota = UNSET
        else:
            monthly_quota = self.monthly_quota

        rate_limit_per_minute: int | None | Unset
        if isinstance(self.rate_limit_per_minute, Unset):
            rate_limit_per_minute = UNSET
        else:
            rate_limit_per_minute = self.rate_limit_per_minute

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "capabilities": capabilities,
                "credentials": credentials,
                "name": name,
                "order": order,
                "version": version,
            }
        )
        if monthly_quota is not UNSET:
            field_dict["monthly_quota"] = monthly_quota
        if rate_limit_per_minute is not UNSET:
            field_dict["rate_limit_per_minute"] = rate_limit_per_minute

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credentials_view import CredentialsView  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active")

        capabilities = cast(list[str], d.pop("capabilities"))

        credentials = CredentialsView.from_dict(d.pop("credentials"))

        name = ProviderName(d.pop("name"))

        order = d.pop("order")

        version = d.pop("version")

        def _parse_monthly_quota(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        monthly_quota = _parse_monthly_quota(d.pop("monthly_quota", UNSET))

        def _parse_rate_limit_per_minute(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_limit_per_minute = _parse_rate_limit_per_minute(d.pop("rate_limit_per_minute", UNSET))

        provider_view = cls(
            active=active,
            capabilities=capabilities,
            credentials=credentials,
            name=name,
            order=order,
            version=version,
            monthly_quota=monthly_quota,
            rate_limit_per_minute=rate_limit_per_minute,
        )

        provider_view.additional_properties = d
        return provider_view

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
