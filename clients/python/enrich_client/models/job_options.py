from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cache_mode import CacheMode
from ..models.strategy import Strategy
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobOptions")


@_attrs_define
class JobOptions:
    """The options of the single enrich routes, applied to every record of a job.

    Attributes:
        cache (CacheMode | Unset): Whether answers may come from the cache.
        fields (list[str] | None | Unset):
        include_company (bool | Unset):
        min_confidence (float | None | Unset):
        refresh (bool | Unset): A scheduled refresh's job (never set through the API): its records are written even when
            nothing changed, and note the try.
        sources (list[str] | None | Unset):
        strategy (None | Strategy | Unset):
        verify_email (bool | Unset):
        watch (bool | None | Unset):
    """

    cache: CacheMode | Unset = UNSET
    fields: list[str] | None | Unset = UNSET
    include_company: bool | Unset = UNSET
    min_confidence: float | None | Unset = UNSET
    refresh: bool | Unset = UNSET
    sources: list[str] | None | Unset = UNSET
    strategy: None | Strategy | Unset = UNSET
    verify_email: bool | Unset = UNSET
    watch: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cache: str | Unset = UNSET
        if not isinstance(self.cache, Unset):
            cache = self.cache.value

        fields: list[str] | None | Unset
        if isinstance(self.fields, Unset):
            fields = UNSET
        elif isinstance(self.fields, list):
            fields = self.fields

        else:
            fields = self.fields

        include_company = self.include_company

        min_confidence: float | None | Unset
        if isinstance(self.min_confidence, Unset):
            min_confidence = UNSET
        else:
            min_confidence = self.min_confidence

        refresh = self.refresh

        sources: list[str] | None | Unset
        if isinstance(self.sources, Unset):
            sources = UNSET
        elif isinstance(self.sources, list):
            sources = self.sources

        else:
            sources = self.sources

        strategy: None | str | Unset
        if isinstance(self.strategy, Unset):
            strategy = UNSET
        elif isinstance(self.strategy, Strategy):
            strategy = self.strategy.value
        else:
            strategy = self.strategy

        verify_email = self.verify_email

        watch: bool | None | Unset
        if isinstance(self.watch, Unset):
            watch = UNSET
        else:
            watch = self.watch

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cache is not UNSET:
            field_dict["cache"] = cache
        if fields is not UNSET:
            field_dict["fields"] = fields
        if include_company is not UNSET:
            field_dict["include_company"] = include_company
        if min_confidence is not UNSET:
            field_dict["min_confidence"] = min_confidence
        if refresh is not UNSET:
            field_dict["refresh"] = refresh
        if sources is not UNSET:
            field_dict["sources"] = sources
        if strategy is not UNSET:
            field_dict["strategy"] = strategy
        if verify_email is not UNSET:
            field_dict["verify_email"] = verify_email
        if watch is not UNSET:
            field_dict["watch"] = watch

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _cache = d.pop("cache", UNSET)
        cache: CacheMode | Unset
        if isinstance(_cache, Unset):
            cache = UNSET
        else:
            cache = CacheMode(_cache)

        def _parse_fields(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                fields_type_0 = cast(list[str], data)

                return fields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        fields = _parse_fields(d.pop("fields", UNSET))

        include_company = d.pop("include_company", UNSET)

        def _parse_min_confidence(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_confidence = _parse_min_confidence(d.pop("min_confidence", UNSET))

        refresh = d.pop("refresh", UNSET)

        def _parse_sources(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                sources_type_0 = cast(list[str], data)

                return sources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        sources = _parse_sources(d.pop("sources", UNSET))

        def _parse_strategy(data: object) -> None | Strategy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                strategy_type_1 = Strategy(data)

                return strategy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Strategy | Unset, data)

        strategy = _parse_strategy(d.pop("strategy", UNSET))

        verify_email = d.pop("verify_email", UNSET)

        def _parse_watch(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        watch = _parse_watch(d.pop("watch", UNSET))

        job_options = cls(
            cache=cache,
            fields=fields,
            include_company=include_company,
            min_confidence=min_confidence,
            refresh=refresh,
            sources=sources,
            strategy=strategy,
            verify_email=verify_email,
            watch=watch,
        )

        job_options.additional_properties = d
        return job_options

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
