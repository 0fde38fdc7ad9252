from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.provenance import Provenance


T = TypeVar("T", bound="PersonProvenance")


@_attrs_define
class PersonProvenance:
    """Field → where its value came from, how sure, and when (one entry per field of data, custom fields included)

    Attributes:
        city (Provenance | Unset): Where a field's value came from.
        company_domain (Provenance | Unset): Where a field's value came from.
        company_name (Provenance | Unset): Where a field's value came from.
        country (Provenance | Unset): Where a field's value came from.
        email (Provenance | Unset): Where a field's value came from.
        email_status (Provenance | Unset): Where a field's value came from.
        first_name (Provenance | Unset): Where a field's value came from.
        full_name (Provenance | Unset): Where a field's value came from.
        github_url (Provenance | Unset): Where a field's value came from.
        headline (Provenance | Unset): Where a field's value came from.
        last_name (Provenance | Unset): Where a field's value came from.
        linkedin_url (Provenance | Unset): Where a field's value came from.
        phone (Provenance | Unset): Where a field's value came from.
        photo_url (Provenance | Unset): Where a field's value came from.
        region (Provenance | Unset): Where a field's value came from.
        title (Provenance | Unset): Where a field's value came from.
        twitter_url (Provenance | Unset): Where a field's value came from.
    """

    city: Provenance | Unset = UNSET
    company_domain: Provenance | Unset = UNSET
    company_name: Provenance | Unset = UNSET
    country: Provenance | Unset = UNSET
    email: Provenance | Unset = UNSET
    email_status: Provenance | Unset = UNSET
    first_name: Provenance | Unset = UNSET
    full_name: Provenance | Unset = UNSET
    github_url: Provenance | Unset = UNSET
    headline: Provenance | Unset = UNSET
    last_name: Provenance | Unset = UNSET
    linkedin_url: Provenance | Unset = UNSET
    phone: Provenance | Unset = UNSET
    photo_url: Provenance | Unset = UNSET
    region: Provenance | Unset = UNSET
    title: Provenance | Unset = UNSET
    twitter_url: Provenance | Unset = UNSET
    additional_properties: dict[str, Provenance] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        city: dict[str, Any] | Unset = UNSET
        if not isinstance(self.city, Unset):
            city = self.city.to_dict()

        company_domain: dict[str, Any] | Unset = UNSET
        if not isinstance(self.company_domain, Unset):
            company_domain = self.company_domain.to_dict()

        company_name: dict[str, Any] | Unset = UNSET
        if not isinstance(self.company_name, Unset):
            company_name = self.company_name.to_dict()

        country: dict[str, Any] | Unset = UNSET
        if not isinstance(self.country, Unset):
            country = self.country.to_dict()

        email: dict[str, Any] | Unset = UNSET
        if not isinstance(self.email, Unset):
            email = self.email.to_dict()

        email_status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.email_status, Unset):
            email_status = self.email_status.to_dict()

        first_name: dict[str, Any] | Unset = UNSET
        if not isinstance(self.first_name, Unset):
            first_name = self.first_name.to_dict()

        full_name: dict[str, Any] | Unset = UNSET
        if not isinstance(self.full_name, Unset):
            full_name = self.full_name.to_dict()

        github_url: dict[str, Any] | Unset = UNSET
        if not isinstance(self.github_url, Unset):
            github_url = self.github_url.to_dict()

        headline: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headline, Unset):
            headline = self.headline.to_dict()

        last_name: dict[str, Any] | Unset = UNSET
        if not isinstance(self.last_name, Unset):
            last_name = self.last_name.to_dict()

        linkedin_url: dict[str, Any] | Unset = UNSET
        if not isinstance(self.linkedin_url, Unset):
            linkedin_url = self.linkedin_url.to_dict()

        phone: dict[str, Any] | Unset = UNSET
        if not isinstance(self.phone, Unset):
            phone = self.phone.to_dict()

        photo_url: dict[str, Any] | Unset = UNSET
        if not isinstance(self.photo_url, Unset):
            photo_url = self.photo_url.to_dict()

        region: dict[str, Any] | Unset = UNSET
        if not isinstance(self.region, Unset):
            region = self.region.to_dict()

        title: dict[str, Any] | Unset = UNSET
        if not isinstance(self.title, Unset):
            title = self.title.to_dict()

        twitter_url: dict[str, Any] | Unset = UNSET
        if not isinstance(self.twitter_url, Unset):
            twitter_url = self.twitter_url.to_dict()

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        field_dict.update({})
        if city is not UNSET:
            field_dict["city"] = city
        if company_domain is not UNSET:
            field_dict["company_domain"] = company_domain
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if country is not UNSET:
            field_dict["country"] = country
        if email is not UNSET:
            field_dict["email"] = email
        if email_status is not UNSET:
            field_dict["email_status"] = email_status
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if github_url is not UNSET:
            field_dict["github_url"] = github_url
        if headline is not UNSET:
            field_dict["headline"] = headline
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if linkedin_url is not UNSET:
            field_dict["linkedin_url"] = linkedin_url
        if phone is not UNSET:
            field_dict["phone"] = phone
        if photo_url is not UNSET:
            field_dict["photo_url"] = photo_url
        if region is not UNSET:
            field_dict["region"] = region
        if title is not UNSET:
            field_dict["title"] = title
        if twitter_url is not UNSET:
            field_dict["twitter_url"] = twitter_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.provenance import Provenance  # noqa: PLC0415

        d = dict(src_dict)
        _city = d.pop("city", UNSET)
        city: Provenance | Unset
        if isinstance(_city, Unset):
            city = UNSET
        else:
            city = Provenance.from_dict(_city)

        _company_domain = d.pop("company_domain", UNSET)
        company_domain: Provenance | Unset
        if isinstance(_company_domain, Unset):
            company_domain = UNSET
        else:
            company_domain = Provenance.from_dict(_company_domain)

        _company_name = d.pop("company_name", UNSET)
        company_name: Provenance | Unset
        if isinstance(_company_name, Unset):
            company_name = UNSET
        else:
            company_name = Provenance.from_dict(_company_name)

        _country = d.pop("country", UNSET)
        country: Provenance | Unset
        if isinstance(_country, Unset):
            country = UNSET
        else:
            country = Provenance.from_dict(_country)

        _email = d.pop("email", UNSET)
        email: Provenance | Unset
        if isinstance(_email, Unset):
            email = UNSET
        else:
            email = Provenance.from_dict(_email)

        _email_status = d.pop("email_status", UNSET)
        email_status: Provenance | Unset
        if isinstance(_email_status, Unset):
            email_status = UNSET
        else:
            email_status = Provenance.from_dict(_email_status)

        _first_name = d.pop("first_name", UNSET)
        first_name: Provenance | Unset
        if isinstance(_first_name, Unset):
            first_name = UNSET
        else:
            first_name = Provenance.from_dict(_first_name)

        _full_name = d.pop("full_name", UNSET)
        full_name: Provenance | Unset
        if isinstance(_full_name, Unset):
            full_name = UNSET
        else:
            full_name = Provenance.from_dict(_full_name)

        _github_url = d.pop("github_url", UNSET)
        github_url: Provenance | Unset
        if isinstance(_github_url, Unset):
            github_url = UNSET
        else:
            github_url = Provenance.from_dict(_github_url)

        _headline = d.pop("headline", UNSET)
        headline: Provenance | Unset
        if isinstance(_headline, Unset):
            headline = UNSET
        else:
            headline = Provenance.from_dict(_headline)

        _last_name = d.pop("last_name", UNSET)
        last_name: Provenance | Unset
        if isinstance(_last_name, Unset):
            last_name = UNSET
        else:
            last_name = Provenance.from_dict(_last_name)

        _linkedin_url = d.pop("linkedin_url", UNSET)
        linkedin_url: Provenance | Unset
        if isinstance(_linkedin_url, Unset):
            linkedin_url = UNSET
        else:
            linkedin_url = Provenance.from_dict(_linkedin_url)

        _phone = d.pop("phone", UNSET)
        phone: Provenance | Unset
        if isinstance(_phone, Unset):
            phone = UNSET
        else:
            phone = Provenance.from_dict(_phone)

        _photo_url = d.pop("photo_url", UNSET)
        photo_url: Provenance | Unset
        if isinstance(_photo_url, Unset):
            photo_url = UNSET
        else:
            photo_url = Provenance.from_dict(_photo_url)

        _region = d.pop("region", UNSET)
        region: Provenance | Unset
        if isinstance(_region, Unset):
            region = UNSET
        else:
            region = Provenance.from_dict(_region)

        _title = d.pop("title", UNSET)
        title: Provenance | Unset
        if isinstance(_title, Unset):
            title = UNSET
        else:
            title = Provenance.from_dict(_title)

        _twitter_url = d.pop("twitter_url", UNSET)
        twitter_url: Provenance | Unset
        if isinstance(_twitter_url, Unset):
            twitter_url = UNSET
        else:
            twitter_url = Provenance.from_dict(_twitter_url)

        person_provenance = cls(
            city=city,
            company_domain=company_domain,
            company_name=company_name,
            country=country,
            email=email,
            email_status=email_status,
            first_name=first_name,
            full_name=full_name,
            github_url=github_url,
            headline=headline,
            last_name=last_name,
            linkedin_url=linkedin_url,
            phone=phone,
            photo_url=photo_url,
            region=region,
            title=title,
            twitter_url=twitter_url,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = Provenance.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        person_provenance.additional_properties = additional_properties
        return person_provenance

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Provenance:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Provenance) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
