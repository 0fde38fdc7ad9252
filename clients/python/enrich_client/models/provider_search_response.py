from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.warning import Warning_


T = TypeVar("T", bound="ProviderSearchResponse")


@_attrs_define
class ProviderSearchResponse:
    """The answer of a `provider:` pass-through search.

    Attributes:
        cached (bool): Whether the page came from the cache (30 minutes by default).
        credits_spent (float):
        provider (str):
        results (Any): The provider's results as it sent them.
        warnings (list[Warning_]):
    """

    cached: bool
    credits_spent: float
    provider: str
    results: Any
    warnings: list[Warning_]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cached = self.cached

        credits_spent = self.credits_spent

        provider = self.provider

        results = self.results

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cached": cached,
                "credits_spent": credits_spent,
                "provider": provider,
                "results": results,
                "warnings": warnings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.warning import Warning_  # noqa: PLC0415

        d = dict(src_dict)
        cached = d.pop("cached")

        credits_spent = d.pop("credits_spent")

        provider = d.pop("provider")

        results = d.pop("results")

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = Warning_.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        provider_search_response = cls(
            cached=cached,
            credits_spent=credits_spent,
            provider=provider,
            results=results,
            warnings=warnings,
        )

        provider_search_response.additional_properties = d
        return provider_search_response

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
