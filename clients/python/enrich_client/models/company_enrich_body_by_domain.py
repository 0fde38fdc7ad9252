from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.cache_mode import CacheMode
from ..models.company_enrich_body_by_domain_fields_type_0_item import CompanyEnrichBodyByDomainFieldsType0Item
from ..models.company_enrich_body_by_domain_sources_type_0_item import CompanyEnrichBodyByDomainSourcesType0Item
from ..models.strategy import Strategy
from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyEnrichBodyByDomain")


@_attrs_define
class CompanyEnrichBodyByDomain:
    """
    Attributes:
        domain (str):
        cache (CacheMode | Unset): Whether answers may come from the cache.
        country (None | str | Unset): ISO 3166 alpha-2: BR, AR or MX with `tax_id`.
        fields (list[CompanyEnrichBodyByDomainFieldsType0Item] | None | Unset):
        min_confidence (float | None | Unset):
        name (None | str | Unset):
        sources (list[CompanyEnrichBodyByDomainSourcesType0Item] | None | Unset):
        strategy (None | Strategy | Unset):
        tax_id (None | str | Unset): CNPJ (BR), CUIT (AR) or RFC (MX); punctuation is ignored. Needs `country`.
        watch (bool | None | Unset): `true`: scheduled re-enrichment keeps the record fresh within the refresh budget;
            `false`: it stops. Default: as the record was.
    """

    domain: str
    cache: CacheMode | Unset = UNSET
    country: None | str | Unset = UNSET
    fields: list[CompanyEnrichBodyByDomainFieldsType0Item] | None | Unset = UNSET
    min_confidence: float | None | Unset = UNSET
    name: None | str | Unset = UNSET
    sources: list[CompanyEnrichBodyByDomainSourcesType0Item] | None | Unset = UNSET
    strategy: None | Strategy | Unset = UNSET
    tax_id: None | str | Unset = UNSET
    watch: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        domain = self.domain

        cache: str | Unset = UNSET
        if not isinstance(self.cache, Unset):
            cache = self.cache.value

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        fields: list[str] | None | Unset
        if isinstance(self.fields, Unset):
            fields = UNSET
        elif isinstance(self.fields, list):
            fields = []
            for fields_type_0_item_data in self.fields:
                fields_type_0_item = fields_type_0_item_data.value
                fields.append(fields_type_0_item)

        else:
            fields = self.fields

        min_confidence: float | None | Unset
        if isinstance(self.min_confidence, Unset):
            min_confidence = UNSET
        else:
            min_confidence = self.min_confidence

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        sources: list[str] | None | Unset
        if isinstance(self.sources, Unset):
            sources = UNSET
        elif isinstance(self.sources, list):
            sources = []
            for sources_type_0_item_data in self.sources:
                sources_type_0_item = sources_type_0_item_data.value
                sources.append(sources_type_0_item)

        else:
            sources = self.sources

        strategy: None | str | Unset
        if isinstance(self.strategy, Unset):
            strategy = UNSET
        elif isinstance(self.strategy, Strategy):
            strategy = self.strategy.value
        else:
            strategy = self.strategy

        tax_id: None | str | Unset
        if isinstance(self.tax_id, Unset):
            tax_id = UNSET
        else:
            tax_id = self.tax_id

        watch: bool | None | Unset
        if isinstance(self.watch, Unset):
            watch = UNSET
        else:
            watch = self.watch

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "domain": domain,
            }
        )
        if cache is not UNSET:
            field_dict["cache"] = cache
        if country is not UNSET:
            field_dict["country"] = country
        if fields is not UNSET:
            field_dict["fields"] = fields
        if min_confidence is not UNSET:
            field_dict["min_confidence"] = min_confidence
        if name is not UNSET:
            field_dict["name"] = name
        if sources is not UNSET:
            field_dict["sources"] = sources
        if strategy is not UNSET:
            field_dict["strategy"] = strategy
        if tax_id is not UNSET:
            field_dict["tax_id"] = tax_id
        if watch is not UNSET:
            field_dict["watch"] = watch

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        domain = d.pop("domain")

        _cache = d.pop("cache", UNSET)
        cache: CacheMode | Unset
        if isinstance(_cache, Unset):
            cache = UNSET
        else:
            cache = CacheMode(_cache)

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_fields(data: object) -> list[CompanyEnrichBodyByDomainFieldsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                fields_type_0 = []
                _fields_type_0 = data
                for fields_type_0_item_data in _fields_type_0:
                    fields_type_0_item = CompanyEnrichBodyByDomainFieldsType0Item(fields_type_0_item_data)

                    fields_type_0.append(fields_type_0_item)

                return fields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CompanyEnrichBodyByDomainFieldsType0Item] | None | Unset, data)

        fields = _parse_fields(d.pop("fields", UNSET))

        def _parse_min_confidence(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_confidence = _parse_min_confidence(d.pop("min_confidence", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_sources(data: object) -> list[CompanyEnrichBodyByDomainSourcesType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                sources_type_0 = []
                _sources_type_0 = data
                for sources_type_0_item_data in _sources_type_0:
                    sources_type_0_item = CompanyEnrichBodyByDomainSourcesType0Item(sources_type_0_item_data)

                    sources_type_0.append(sources_type_0_item)

                return sources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CompanyEnrichBodyByDomainSourcesType0Item] | None | Unset, data)

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

        def _parse_tax_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_id = _parse_tax_id(d.pop("tax_id", UNSET))

        def _parse_watch(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        watch = _parse_watch(d.pop("watch", UNSET))

        company_enrich_body_by_domain = cls(
            domain=domain,
            cache=cache,
            country=country,
            fields=fields,
            min_confidence=min_confidence,
            name=name,
            sources=sources,
            strategy=strategy,
            tax_id=tax_id,
            watch=watch,
        )

        return company_enrich_body_by_domain
