from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyData")


@_attrs_define
class CompanyData:
    """The record's fields: each one the platform keeps, typed (absent until a source or a user gives it); other keys are
    custom fields

        Attributes:
            address (str | Unset): Registered street address.
            annual_revenue (float | Unset): Annual revenue, in US dollars.
            city (str | Unset): City.
            country (str | Unset): Country.
            description (str | Unset): What the company does.
            domain (str | Unset): Primary domain (lower-case host name).
            email (str | Unset): General contact email, lower-cased.
            employee_count (int | Unset): Number of employees.
            founded_year (int | Unset): Year the company was founded (1600–2100).
            funding_stage (str | Unset): Funding stage (for instance `series_a`).
            industry (str | Unset): Industry.
            legal_name (str | Unset): Registered legal name.
            linkedin_url (str | Unset): LinkedIn company page, as `https://www.linkedin.com/company/<handle>`.
            name (str | Unset): Trading name.
            phone (str | Unset): Main phone number.
            postal_code (str | Unset): Postal code.
            region (str | Unset): Region or state.
            registration_status (str | Unset): Status in the company register (for instance `active`).
            tax_id (str | Unset): Tax or company registration number (checked with its check digits).
            technologies (list[str] | Unset): Technologies the company uses.
            total_funding (float | Unset): Total funding raised, in US dollars.
            website (str | Unset): Website URL.
    """

    address: str | Unset = UNSET
    annual_revenue: float | Unset = UNSET
    city: str | Unset = UNSET
    country: str | Unset = UNSET
    description: str | Unset = UNSET
    domain: str | Unset = UNSET
    email: str | Unset = UNSET
    employee_count: int | Unset = UNSET
    founded_year: int | Unset = UNSET
    funding_stage: str | Unset = UNSET
    industry: str | Unset = UNSET
    legal_name: str | Unset = UNSET
    linkedin_url: str | Unset = UNSET
    name: str | Unset = UNSET
    phone: str | Unset = UNSET
    postal_code: str | Unset = UNSET
    region: str | Unset = UNSET
    registration_status: str | Unset = UNSET
    tax_id: str | Unset = UNSET
    technologies: list[str] | Unset = UNSET
    total_funding: float | Unset = UNSET
    website: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        annual_revenue = self.annual_revenue

        city = self.city

        country = self.country

        description = self.description

        domain = self.domain

        email = self.email

        employee_count = self.employee_count

        founded_year = self.founded_year

        funding_stage = self.funding_stage

        industry = self.industry

        legal_name = self.legal_name

        linkedin_url = self.linkedin_url

        name = self.name

        phone = self.phone

        postal_code = self.postal_code

        region = self.region

        registration_status = self.registration_status

        tax_id = self.tax_id

        technologies: list[str] | Unset = UNSET
        if not isinstance(self.technologies, Unset):
            technologies = self.technologies

        total_funding = self.total_funding

        website = self.website

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if address is not UNSET:
            field_dict["address"] = address
        if annual_revenue is not UNSET:
            field_dict["annual_revenue"] = annual_revenue
        if city is not UNSET:
            field_dict["city"] = city
        if country is not UNSET:
            field_dict["country"] = country
        if description is not UNSET:
            field_dict["description"] = description
        if domain is not UNSET:
            field_dict["domain"] = domain
        if email is not UNSET:
            field_dict["email"] = email
        if employee_count is not UNSET:
            field_dict["employee_count"] = employee_count
        if founded_year is not UNSET:
            field_dict["founded_year"] = founded_year
        if funding_stage is not UNSET:
            field_dict["funding_stage"] = funding_stage
        if industry is not UNSET:
            field_dict["industry"] = industry
        if legal_name is not UNSET:
            field_dict["legal_name"] = legal_name
        if linkedin_url is not UNSET:
            field_dict["linkedin_url"] = linkedin_url
        if name is not UNSET:
            field_dict["name"] = name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if region is not UNSET:
            field_dict["region"] = region
        if registration_status is not UNSET:
            field_dict["registration_status"] = registration_status
        if tax_id is not UNSET:
            field_dict["tax_id"] = tax_id
        if technologies is not UNSET:
            field_dict["technologies"] = technologies
        if total_funding is not UNSET:
            field_dict["total_funding"] = total_funding
        if website is not UNSET:
            field_dict["website"] = website

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address", UNSET)

        annual_revenue = d.pop("annual_revenue", UNSET)

        city = d.pop("city", UNSET)

        country = d.pop("country", UNSET)

        description = d.pop("description", UNSET)

        domain = d.pop("domain", UNSET)

        email = d.pop("email", UNSET)

        employee_count = d.pop("employee_count", UNSET)

        founded_year = d.pop("founded_year", UNSET)

        funding_stage = d.pop("funding_stage", UNSET)

        industry = d.pop("industry", UNSET)

        legal_name = d.pop("legal_name", UNSET)

        linkedin_url = d.pop("linkedin_url", UNSET)

        name = d.pop("name", UNSET)

        phone = d.pop("phone", UNSET)

        postal_code = d.pop("postal_code", UNSET)

        region = d.pop("region", UNSET)

        registration_status = d.pop("registration_status", UNSET)

        tax_id = d.pop("tax_id", UNSET)

        technologies = cast(list[str], d.pop("technologies", UNSET))

        total_funding = d.pop("total_funding", UNSET)

        website = d.pop("website", UNSET)

        company_data = cls(
            address=address,
            annual_revenue=annual_revenue,
            city=city,
            country=country,
            description=description,
            domain=domain,
            email=email,
            employee_count=employee_count,
            founded_year=founded_year,
            funding_stage=funding_stage,
            industry=industry,
            legal_name=legal_name,
            linkedin_url=linkedin_url,
            name=name,
            phone=phone,
            postal_code=postal_code,
            region=region,
            registration_status=registration_status,
            tax_id=tax_id,
            technologies=technologies,
            total_funding=total_funding,
            website=website,
        )

        company_data.additional_properties = d
        return company_data

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
