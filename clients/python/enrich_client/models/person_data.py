from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PersonData")


@_attrs_define
class PersonData:
    """The record's fields: each one the platform keeps, typed (absent until a source or a user gives it); other keys are
    custom fields

        Attributes:
            city (str | Unset): City.
            company_domain (str | Unset): The employer's domain (lower-case host name).
            company_name (str | Unset): The employer's name.
            country (str | Unset): Country.
            email (str | Unset): Work email, lower-cased.
            email_status (str | Unset): What the last check of the address said (`valid`, `invalid`, `catch_all`, `unknown`,
                or a verifier's own word).
            first_name (str | Unset): Given name.
            full_name (str | Unset): The full name as sources and users give it.
            github_url (str | Unset): GitHub profile URL.
            headline (str | Unset): Profile headline.
            last_name (str | Unset): Family name.
            linkedin_url (str | Unset): LinkedIn profile, as `https://www.linkedin.com/in/<handle>`.
            phone (str | Unset): Phone number as the source gives it.
            photo_url (str | Unset): Photo URL.
            region (str | Unset): Region or state.
            title (str | Unset): Job title.
            twitter_url (str | Unset): Twitter/X profile URL.
    """

    city: str | Unset = UNSET
    company_domain: str | Unset = UNSET
    company_name: str | Unset = UNSET
    country: str | Unset = UNSET
    email: str | Unset = UNSET
    email_status: str | Unset = UNSET
    first_name: str | Unset = UNSET
    full_name: str | Unset = UNSET
    github_url: str | Unset = UNSET
    headline: str | Unset = UNSET
    last_name: str | Unset = UNSET
    linkedin_url: str | Unset = UNSET
    phone: str | Unset = UNSET
    photo_url: str | Unset = UNSET
    region: str | Unset = UNSET
    title: str | Unset = UNSET
    twitter_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        city = self.city

        company_domain = self.company_domain

        company_name = self.company_name

        country = self.country

        email = self.email

        email_status = self.email_status

        first_name = self.first_name

        full_name = self.full_name

        github_url = self.github_url

        headline = self.headline

        last_name = self.last_name

        linkedin_url = self.linkedin_url

        phone = self.phone

        photo_url = self.photo_url

        region = self.region

        title = self.title

        twitter_url = self.twitter_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
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
        d = dict(src_dict)
        city = d.pop("city", UNSET)

        company_domain = d.pop("company_domain", UNSET)

        company_name = d.pop("company_name", UNSET)

        country = d.pop("country", UNSET)

        email = d.pop("email", UNSET)

        email_status = d.pop("email_status", UNSET)

        first_name = d.pop("first_name", UNSET)

        full_name = d.pop("full_name", UNSET)

        github_url = d.pop("github_url", UNSET)

        headline = d.pop("headline", UNSET)

        last_name = d.pop("last_name", UNSET)

        linkedin_url = d.pop("linkedin_url", UNSET)

        phone = d.pop("phone", UNSET)

        photo_url = d.pop("photo_url", UNSET)

        region = d.pop("region", UNSET)

        title = d.pop("title", UNSET)

        twitter_url = d.pop("twitter_url", UNSET)

        person_data = cls(
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

        person_data.additional_properties = d
        return person_data

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
