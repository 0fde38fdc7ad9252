from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.criteria import Criteria
    from ..models.people_search_body_query_type_0 import PeopleSearchBodyQueryType0


T = TypeVar("T", bound="PeopleSearchBody")


@_attrs_define
class PeopleSearchBody:
    """Search stored people by indexed fields, or pass a query through to a provider.

    Attributes:
        company_domain (None | str | Unset):
        company_id (None | str | Unset):
        criteria (Criteria | None | Unset):
        email (None | str | Unset):
        linkedin_url (None | str | Unset):
        page_size (int | None | Unset): With `provider` or `criteria`: results per page (1..=100, default 10).
        provider (None | str | Unset): `rocketreach`: send `query` to its people search instead of searching stored
            people.
        query (None | PeopleSearchBodyQueryType0 | Unset): The provider's query object (with `provider`).
        save (bool | None | Unset): With `criteria`: also store the page's prospects as records (a bulk job; its id is
            in
            `saved_job_id`).
    """

    company_domain: None | str | Unset = UNSET
    company_id: None | str | Unset = UNSET
    criteria: Criteria | None | Unset = UNSET
    email: None | str | Unset = UNSET
    linkedin_url: None | str | Unset = UNSET
    page_size: int | None | Unset = UNSET
    provider: None | str | Unset = UNSET
    query: None | PeopleSearchBodyQueryType0 | Unset = UNSET
    save: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.criteria import Criteria  # noqa: PLC0415
        from ..models.people_search_body_query_type_0 import PeopleSearchBodyQueryType0  # noqa: PLC0415

        company_domain: None | str | Unset
        if isinstance(self.company_domain, Unset):
            company_domain = UNSET
        else:
            company_domain = self.company_domain

        company_id: None | str | Unset
        if isinstance(self.company_id, Unset):
            company_id = UNSET
        else:
            company_id = self.company_id

        criteria: dict[str, Any] | None | Unset
        if isinstance(self.criteria, Unset):
            criteria = UNSET
        elif isinstance(self.criteria, Criteria):
            criteria = self.criteria.to_dict()
        else:
            criteria = self.criteria

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        linkedin_url: None | str | Unset
        if isinstance(self.linkedin_url, Unset):
            linkedin_url = UNSET
        else:
            linkedin_url = self.linkedin_url

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
        elif isinstance(self.query, PeopleSearchBodyQueryType0):
            query = self.query.to_dict()
        else:
            query = self.query

        save: bool | None | Unset
        if isinstance(self.save, Unset):
            save = UNSET
        else:
            save = self.save

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if company_domain is not UNSET:
            field_dict["company_domain"] = company_domain
        if company_id is not UNSET:
            field_dict["company_id"] = company_id
        if criteria is not UNSET:
            field_dict["criteria"] = criteria
        if email is not UNSET:
            field_dict["email"] = email
        if linkedin_url is not UNSET:
            field_dict["linkedin_url"] = linkedin_url
        if page_size is not UNSET:
            field_dict["page_size"] = page_size
        if provider is not UNSET:
            field_dict["provider"] = provider
        if query is not UNSET:
            field_dict["query"] = query
        if save is not UNSET:
            field_dict["save"] = save

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.criteria import Criteria  # noqa: PLC0415
        from ..models.people_search_body_query_type_0 import PeopleSearchBodyQueryType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_company_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_domain = _parse_company_domain(d.pop("company_domain", UNSET))

        def _parse_company_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_id = _parse_company_id(d.pop("company_id", UNSET))

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

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_linkedin_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        linkedin_url = _parse_linkedin_url(d.pop("linkedin_url", UNSET))

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

        def _parse_query(data: object) -> None | PeopleSearchBodyQueryType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                query_type_0 = PeopleSearchBodyQueryType0.from_dict(data)

                return query_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PeopleSearchBodyQueryType0 | Unset, data)

        query = _parse_query(d.pop("query", UNSET))

        def _parse_save(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        save = _parse_save(d.pop("save", UNSET))

        people_search_body = cls(
            company_domain=company_domain,
            company_id=company_id,
            criteria=criteria,
            email=email,
            linkedin_url=linkedin_url,
            page_size=page_size,
            provider=provider,
            query=query,
            save=save,
        )

        return people_search_body
