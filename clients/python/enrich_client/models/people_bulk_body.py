from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.cache_mode import CacheMode
from ..models.on_invalid import OnInvalid
from ..models.people_bulk_body_fields_type_0_item import PeopleBulkBodyFieldsType0Item
from ..models.people_bulk_body_sources_type_0_item import PeopleBulkBodySourcesType0Item
from ..models.strategy import Strategy
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bulk_person import BulkPerson


T = TypeVar("T", bound="PeopleBulkBody")


@_attrs_define
class PeopleBulkBody:
    """People to enrich in the background.

    Attributes:
        people (list[BulkPerson]): 1–10,000 people, each identified like the body of `POST /v1/people/enrich` (`email`,
            `linkedin_url`, `name` / `first_name` + `last_name`, `company_domain`, `company_name`).
        cache (CacheMode | Unset): Whether answers may come from the cache.
        callback_url (None | str | Unset): Receives a signed POST when the job ends (https; public addresses only).
        fields (list[PeopleBulkBodyFieldsType0Item] | None | Unset):
        include_company (bool | Unset):
        min_confidence (float | None | Unset):
        name (None | str | Unset):
        on_invalid (OnInvalid | Unset): What to do with records that fail the checks.
        sources (list[PeopleBulkBodySourcesType0Item] | None | Unset):
        strategy (None | Strategy | Unset):
        verify_email (bool | Unset):
        watch (bool | None | Unset): `true`: scheduled re-enrichment keeps the record fresh within the refresh budget;
            `false`: it stops. Default: as the record was.
    """

    people: list[BulkPerson]
    cache: CacheMode | Unset = UNSET
    callback_url: None | str | Unset = UNSET
    fields: list[PeopleBulkBodyFieldsType0Item] | None | Unset = UNSET
    include_company: bool | Unset = UNSET
    min_confidence: float | None | Unset = UNSET
    name: None | str | Unset = UNSET
    on_invalid: OnInvalid | Unset = UNSET
    sources: list[PeopleBulkBodySourcesType0Item] | None | Unset = UNSET
    strategy: None | Strategy | Unset = UNSET
    verify_email: bool | Unset = UNSET
    watch: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        people = []
        for people_item_data in self.people:
            people_item = people_item_data.to_dict()
            people.append(people_item)

        cache: str | Unset = UNSET
        if not isinstance(self.cache, Unset):
            cache = self.cache.value

        callback_url: None | str | Unset
        if isinstance(self.callback_url, Unset):
            callback_url = UNSET
        else:
            callback_url = self.callback_url

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

        include_company = self.include_company

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

        on_invalid: str | Unset = UNSET
        if not isinstance(self.on_invalid, Unset):
            on_invalid = self.on_invalid.value

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
                "people": people,
            }
        )
        if cache is not UNSET:
            field_dict["cache"] = cache
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if fields is not UNSET:
            field_dict["fields"] = fields
        if include_company is not UNSET:
            field_dict["include_company"] = include_company
        if min_confidence is not UNSET:
            field_dict["min_confidence"] = min_confidence
        if name is not UNSET:
            field_dict["name"] = name
        if on_invalid is not UNSET:
            field_dict["on_invalid"] = on_invalid
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
        from ..models.bulk_person import BulkPerson  # noqa: PLC0415

        d = dict(src_dict)
        people = []
        _people = d.pop("people")
        for people_item_data in _people:
            people_item = BulkPerson.from_dict(people_item_data)

            people.append(people_item)

        _cache = d.pop("cache", UNSET)
        cache: CacheMode | Unset
        if isinstance(_cache, Unset):
            cache = UNSET
        else:
            cache = CacheMode(_cache)

        def _parse_callback_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        callback_url = _parse_callback_url(d.pop("callback_url", UNSET))

        def _parse_fields(data: object) -> list[PeopleBulkBodyFieldsType0Item] | None | Unset:
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
                    fields_type_0_item = PeopleBulkBodyFieldsType0Item(fields_type_0_item_data)

                    fields_type_0.append(fields_type_0_item)

                return fields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[PeopleBulkBodyFieldsType0Item] | None | Unset, data)

        fields = _parse_fields(d.pop("fields", UNSET))

        include_company = d.pop("include_company", UNSET)

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

        _on_invalid = d.pop("on_invalid", UNSET)
        on_invalid: OnInvalid | Unset
        if isinstance(_on_invalid, Unset):
            on_invalid = UNSET
        else:
            on_invalid = OnInvalid(_on_invalid)

        def _parse_sources(data: object) -> list[PeopleBulkBodySourcesType0Item] | None | Unset:
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
                    sources_type_0_item = PeopleBulkBodySourcesType0Item(sources_type_0_item_data)

                    sources_type_0.append(sources_type_0_item)

                return sources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[PeopleBulkBodySourcesType0Item] | None | Unset, data)

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

        people_bulk_body = cls(
            people=people,
            cache=cache,
            callback_url=callback_url,
            fields=fields,
            include_company=include_company,
            min_confidence=min_confidence,
            name=name,
            on_invalid=on_invalid,
            sources=sources,
            strategy=strategy,
            verify_email=verify_email,
            watch=watch,
        )

        return people_bulk_body
