from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.prospect import Prospect
    from ..models.warning import Warning_


T = TypeVar("T", bound="ProspectPage")


@_attrs_define
class ProspectPage:
    """One page of prospects.

    Attributes:
        cached (bool): Whether the page came from the cache.
        credits_spent (float):
        ignored_criteria (list[str]): Criteria the answering provider could not filter by.
        items (list[Prospect]):
        warnings (list[Warning_]):
        next_cursor (None | str | Unset): The next page (`null`: this was the last).
        provider (None | str | Unset): The provider that answered.
        saved_job_id (None | str | Unset): With `save`: the bulk job that stores this page's prospects as records (`GET
            /v1/jobs/{id}`).
        total (int | None | Unset): How many records match, where the provider says.
    """

    cached: bool
    credits_spent: float
    ignored_criteria: list[str]
    items: list[Prospect]
    warnings: list[Warning_]
    next_cursor: None | str | Unset = UNSET
    provider: None | str | Unset = UNSET
    saved_job_id: None | str | Unset = UNSET
    total: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cached = self.cached

        credits_spent = self.credits_spent

        ignored_criteria = self.ignored_criteria

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        saved_job_id: None | str | Unset
        if isinstance(self.saved_job_id, Unset):
            saved_job_id = UNSET
        else:
            saved_job_id = self.saved_job_id

        total: int | None | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cached": cached,
                "credits_spent": credits_spent,
                "ignored_criteria": ignored_criteria,
                "items": items,
                "warnings": warnings,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor
        if provider is not UNSET:
            field_dict["provider"] = provider
        if saved_job_id is not UNSET:
            field_dict["saved_job_id"] = saved_job_id
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prospect import Prospect  # noqa: PLC0415
        from ..models.warning import Warning_  # noqa: PLC0415

        d = dict(src_dict)
        cached = d.pop("cached")

        credits_spent = d.pop("credits_spent")

        ignored_criteria = cast(list[str], d.pop("ignored_criteria"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = Prospect.from_dict(items_item_data)

            items.append(items_item)

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = Warning_.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        def _parse_provider(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_saved_job_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        saved_job_id = _parse_saved_job_id(d.pop("saved_job_id", UNSET))

        def _parse_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total = _parse_total(d.pop("total", UNSET))

        prospect_page = cls(
            cached=cached,
            credits_spent=credits_spent,
            ignored_criteria=ignored_criteria,
            items=items,
            warnings=warnings,
            next_cursor=next_cursor,
            provider=provider,
            saved_job_id=saved_job_id,
            total=total,
        )

        prospect_page.additional_properties = d
        return prospect_page

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
