from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.cache_mode import CacheMode
from ..models.person_enrich_body_by_linkedin_url_fields_type_0_item import PersonEnrichBodyByLinkedinUrlFieldsType0Item
from ..models.person_enrich_body_by_linkedin_url_sources_type_0_item import (
    PersonEnrichBodyByLinkedinUrlSourcesType0Item,
)
from ..models.strategy import Strategy
from ..types import UNSET, Unset

T = TypeVar("T", bound="PersonEnrichBodyByLinkedinUrl")


@_attrs_define
class PersonEnrichBodyByLinkedinUrl:
    """
    Attributes:
        linkedin_url (str):
        cache (CacheMode | Unset): Whether answers may come from the cache.
        company_domain (None | str | Unset):
        company_name (None | str | Unset):
        email (None | str | Unset):
        fields (list[PersonEnrichBodyByLinkedinUrlFieldsType0Item] | None | Unset): Fields the waterfall must fill
            before it stops (default email, full_name, title, company_name, linkedin_url).
        first_name (None | str | Unset):
        include_company (bool | Unset): Also enrich the person's company and link it (default false).
        last_name (None | str | Unset):
        min_confidence (float | None | Unset): 0–1 (default 0.5): less certain values do not count as found.
        name (None | str | Unset): Full name (or give `first_name` and `last_name`).
        sources (list[PersonEnrichBodyByLinkedinUrlSourcesType0Item] | None | Unset): Providers to ask, in this order,
            instead of the organisation's order.
        strategy (None | Strategy | Unset):
        verify_email (bool | Unset): Check the email found with an email verifier before accepting it (default false).
        watch (bool | None | Unset): `true`: scheduled re-enrichment keeps the record fresh within the refresh budget;
            `false`: it stops. Default: as the record was.
    """

    linkedin_url: str
    cache: CacheMode | Unset = UNSET
    company_domain: None | str | Unset = UNSET
    company_name: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    fields: list[PersonEnrichBodyByLinkedinUrlFieldsType0Item] | None | Unset = UNSET
    first_name: None | str | Unset = UNSET
    include_company: bool | Unset = UNSET
    last_name: None | str | Unset = UNSET
    min_confidence: float | None | Unset = UNSET
    name: None | str | Unset = UNSET
    sources: list[PersonEnrichBodyByLinkedinUrlSourcesType0Item] | None | Unset = UNSET
    strategy: None | Strategy | Unset = UNSET
    verify_email: bool | Unset = UNSET
    watch: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        linkedin_url = self.linkedin_url

        cache: str | Unset = UNSET
        if not isinstance(self.cache, Unset):
            cache = self.cache.value

        company_domain: None | str | Unset
        if isinstance(self.company_domain, Unset):
            company_domain = UNSET
        else:
            company_domain = self.company_domain

        company_name: None | str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

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

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        include_company = self.include_company

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

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

        verify_email = self.verify_email

        watch: bool | None | Unset
        if isinstance(self.watch, Unset):
            watch = UNSET
        else:
            watch = self.watch

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "linkedin_url": linkedin_url,
            }
        )
        if cache is not UNSET:
            field_dict["cache"] = cache
        if company_domain is not UNSET:
            field_dict["company_domain"] = company_domain
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if email is not UNSET:
            field_dict["email"] = email
        if fields is not UNSET:
            field_dict["fields"] = fields
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if include_company is not UNSET:
            field_dict["include_company"] = include_company
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if min_confidence is not UNSET:
            field_dict["min_confidence"] = min_confidence
        if name is not UNSET:
            field_dict["name"] = name
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
        linkedin_url = d.pop("linkedin_url")

        _cache = d.pop("cache", UNSET)
        cache: CacheMode | Unset
        if isinstance(_cache, Unset):
            cache = UNSET
        else:
            cache = CacheMode(_cache)

        def _parse_company_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_domain = _parse_company_domain(d.pop("company_domain", UNSET))

        def _parse_company_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_name = _parse_company_name(d.pop("company_name", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_fields(data: object) -> list[PersonEnrichBodyByLinkedinUrlFieldsType0Item] | None | Unset:
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
                    fields_type_0_item = PersonEnrichBodyByLinkedinUrlFieldsType0Item(fields_type_0_item_data)

                    fields_type_0.append(fields_type_0_item)

                return fields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[PersonEnrichBodyByLinkedinUrlFieldsType0Item] | None | Unset, data)

        fields = _parse_fields(d.pop("fields", UNSET))

        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))

        include_company = d.pop("include_company", UNSET)

        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))

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

        def _parse_sources(data: object) -> list[PersonEnrichBodyByLinkedinUrlSourcesType0Item] | None | Unset:
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
                    sources_type_0_item = PersonEnrichBodyByLinkedinUrlSourcesType0Item(sources_type_0_item_data)

                    sources_type_0.append(sources_type_0_item)

                return sources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[PersonEnrichBodyByLinkedinUrlSourcesType0Item] | None | Unset, data)

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

        person_enrich_body_by_linkedin_url = cls(
            linkedin_url=linkedin_url,
            cache=cache,
            company_domain=company_domain,
            company_name=company_name,
            email=email,
            fields=fields,
            first_name=first_name,
            include_company=include_company,
            last_name=last_name,
            min_confidence=min_confidence,
            name=name,
            sources=sources,
            strategy=strategy,
            verify_email=verify_email,
            watch=watch,
        )

        return person_enrich_body_by_linkedin_url
