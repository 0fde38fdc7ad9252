from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.provider_name import ProviderName

if TYPE_CHECKING:
    from ..models.warning import Warning_


T = TypeVar("T", bound="AccountView")


@_attrs_define
class AccountView:
    """
    Attributes:
        account (Any): The provider's answer (credits remaining, plan…), or null when it could not be read.
        cached (bool): Whether it came from the cache (5 minutes by default).
        provider (ProviderName): Every provider the platform knows, in the order new tenants try them by default.
        warnings (list[Warning_]):
    """

    account: Any
    cached: bool
    provider: ProviderName
    warnings: list[Warning_]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        cached = self.cached

        provider = self.provider.value

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "cached": cached,
                "provider": provider,
                "warnings": warnings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.warning import Warning_  # noqa: PLC0415

        d = dict(src_dict)
        account = d.pop("account")

        cached = d.pop("cached")

        provider = ProviderName(d.pop("provider"))

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = Warning_.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        account_view = cls(
            account=account,
            cached=cached,
            provider=provider,
            warnings=warnings,
        )

        account_view.additional_properties = d
        return account_view

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
