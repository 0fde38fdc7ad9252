from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.company_search_body_query_type_0 import CompanySearchBodyQueryType0
    from ..models.criteria import Criteria


T = TypeVar("T", bound="CompanySearchBody")


@_attrs_define
class CompanySearchBody:
    """Search stored companies by indexed fields, or pass a query through to a provider.

    Attributes:
        city (None | str | Unset): Stored companies in this city (case and spacing do not matter).
        country (None | str | Unset): With `tax_id`: its country. Alone (or with `city`, `industry`, `size`): stored
            companies in
            this country, as providers name it.
        criteria (Criteria | None | Unset):
        domain (None | str | Unset):
        industry (None | str | Unset): Stored companies in this industry, as providers name it (`computer software`).
        name (None | str | Unset): Name prefix, case-insensitive.
        page_size (int | None | Unset): With `provider` or `criteria`: results per page (1..=100, default 10).
        provider (None | str | Unset): `rocketreach`: send `query` to its company search instead.
        query (CompanySearchBodyQueryType0 | None | Unset):
        save (bool | None | Unset): With `criteria`: also store the page's prospects as records (a bulk job; its id is
            in
            `saved_job_id`).
        size (None | str | Unset): Stored companies of this size band (employees): 1-10, 11-50, 51-200, 201-500,
            501-1000,
            1001-5000, 5001-10000, 10001+.
        tax_id (None | str | Unset):
    """

    city: None | str | Unset = UNSET
    country: None | str | Unset = UNSET
    criteria: Criteria | None | Unset = UNSET
    domain: None | str | Unset = UNSET
    industry: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    page_size: int | None | Unset = UNSET
    provider: None | str | Unset = UNSET
    query: CompanySearchBodyQueryType0 | None | Unset = UNSET
    save: bool | None | Unset = UNSET
    size: None | str | Unset = UNSET
    tax_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.company_search_body_query_type_0 import CompanySearchBodyQueryType0  # noqa: PLC0415
        from ..models.criteria import Criteria  # noqa: PLC0415

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        criteria: dict[str, Any] | None | Unset
        if isinstance(self.criteria, Unset):
            criteria = UNSET
        elif isinstance(self.criteria, Criteria):
            criteria = self.criteria.to_dict()
        else:
            criteria = self.criteria

        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        industry: None | str | Unset
        if isinstance(self.industry, Unset):
            industry = UNSET
        else:
            industry = self.industry

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        page_size: int | None | Unset
        if isinstance(self.page_size, Unset):
            page_size = UNSET
        else:
            page_size = self.page_size

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        query: dict[str, Any] | None | Unset
        if isinstance(self.query, Unset):
            query = UNSET
        elif isinstance(self.query, CompanySearchBodyQueryType0):
            query = self.query.to_dict()
        else:
            query = self.query

        save: bool | None | Unset
        if isinstance(self.save, Unset):
            save = UNSET
        else:
            save = self.save

        size: None | str | Unset
        if isinstance(self.size, Unset):
            size = UNSET
        else:
            size = self.size

        tax_id: None | str | Unset
        if isinstance(self.tax_id, Unset):
            tax_id = UNSET
        else:
            tax_id = self.tax_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if city is not UNSET:
            field_dict["city"] = city
        if country is not UNSET:
            field_dict["country"] = country
        if criteria is not UNSET:
            field_dict["criteria"] = criteria
        if domain is not UNSET:
            field_dict["domain"] = domain
        if industry is not UNSET:
            field_dict["industry"] = industry
        if name is not UNSET:
            field_dict["name"] = name
        if page_size is not UNSET:
            field_dict["page_size"] = page_size
        if provider is not UNSET:
            field_dict["provider"] = provider
        if query is not UNSET:
            field_dict["query"] = query
        if save is not UNSET:
            field_dict["save"] = save
        if size is not UNSET:
            field_dict["size"] = size
        if tax_id is not UNSET:
            field_dict["tax_id"] = tax_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company_search_body_query_type_0 import CompanySearchBodyQueryType0  # noqa: PLC0415
        from ..models.criteria import Criteria  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_criteria(data: object) -> Criteria | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                criteria_type_1 = Criteria.from_dict(data)

                return criteria_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Criteria | None | Unset, data)

        criteria = _parse_criteria(d.pop("criteria", UNSET))

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        def _parse_industry(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        industry = _parse_industry(d.pop("industry", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_page_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        page_size = _parse_page_size(d.pop("page_size", UNSET))

        def _parse_provider(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_query(data: object) -> CompanySearchBodyQueryType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                query_type_0 = CompanySearchBodyQueryType0.from_dict(data)

                return query_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompanySearchBodyQueryType0 | None | Unset, data)

        query = _parse_query(d.pop("query", UNSET))

        def _parse_save(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        save = _parse_save(d.pop("save", UNSET))

        def _parse_size(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        size = _parse_size(d.pop("size", UNSET))

        def _parse_tax_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_id = _parse_tax_id(d.pop("tax_id", UNSET))

        company_search_body = cls(
            city=city,
            country=country,
            criteria=criteria,
            domain=domain,
            industry=industry,
            name=name,
            page_size=page_size,
            provider=provider,
            query=query,
            save=save,
            size=size,
            tax_id=tax_id,
        )

        return company_search_body
