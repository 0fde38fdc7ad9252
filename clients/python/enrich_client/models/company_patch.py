from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyPatch")


@_attrs_define
class CompanyPatch:
    """Fields of a company to change: a value sets it (marked `source: user`), `null` removes it.

    Attributes:
        address (None | str | Unset): Registered street address.
        annual_revenue (float | None | Unset): Annual revenue, in US dollars.
        city (None | str | Unset): City.
        country (None | str | Unset): Country.
        description (None | str | Unset): What the company does.
        domain (None | str | Unset): Primary domain (lower-case host name).
        email (None | str | Unset): General contact email, lower-cased.
        employee_count (int | None | Unset): Number of employees.
        founded_year (int | None | Unset): Year the company was founded (1600–2100).
        funding_stage (None | str | Unset): Funding stage (for instance `series_a`).
        industry (None | str | Unset): Industry.
        legal_name (None | str | Unset): Registered legal name.
        linkedin_url (None | str | Unset): LinkedIn company page, as `https://www.linkedin.com/company/<handle>`.
        name (None | str | Unset): Trading name.
        phone (None | str | Unset): Main phone number.
        postal_code (None | str | Unset): Postal code.
        region (None | str | Unset): Region or state.
        registration_status (None | str | Unset): Status in the company register (for instance `active`).
        tax_id (None | str | Unset): Tax or company registration number (checked with its check digits).
        technologies (list[str] | None | Unset): Technologies the company uses.
        total_funding (float | None | Unset): Total funding raised, in US dollars.
        version (int | None | Unset): The version last read: the edit is refused (409) if the record changed since.
        watch (bool | None | Unset): `true`: scheduled re-enrichment keeps the record fresh; `false`: it stops.
        website (None | str | Unset): Website URL.
    """

    address: None | str | Unset = UNSET
    annual_revenue: float | None | Unset = UNSET
    city: None | str | Unset = UNSET
    country: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    domain: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    employee_count: int | None | Unset = UNSET
    founded_year: int | None | Unset = UNSET
    funding_stage: None | str | Unset = UNSET
    industry: None | str | Unset = UNSET
    legal_name: None | str | Unset = UNSET
    linkedin_url: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    postal_code: None | str | Unset = UNSET
    region: None | str | Unset = UNSET
    registration_status: None | str | Unset = UNSET
    tax_id: None | str | Unset = UNSET
    technologies: list[str] | None | Unset = UNSET
    total_funding: float | None | Unset = UNSET
    version: int | None | Unset = UNSET
    watch: bool | None | Unset = UNSET
    website: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        address: None | str | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        else:
            address = self.address

        annual_revenue: float | None | Unset
        if isinstance(self.annual_revenue, Unset):
            annual_revenue = UNSET
        else:
            annual_revenue = self.annual_revenue

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

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        employee_count: int | None | Unset
        if isinstance(self.employee_count, Unset):
            employee_count = UNSET
        else:
            employee_count = self.employee_count

        founded_year: int | None | Unset
        if isinstance(self.founded_year, Unset):
            founded_year = UNSET
        else:
            founded_year = self.founded_year

        funding_stage: None | str | Unset
        if isinstance(self.funding_stage, Unset):
            funding_stage = UNSET
        else:
            funding_stage = self.funding_stage

        industry: None | str | Unset
        if isinstance(self.industry, Unset):
            industry = UNSET
        else:
            industry = self.industry

        legal_name: None | str | Unset
        if isinstance(self.legal_name, Unset):
            legal_name = UNSET
        else:
            legal_name = self.legal_name

        linkedin_url: None | str | Unset
        if isinstance(self.linkedin_url, Unset):
            linkedin_url = UNSET
        else:
            linkedin_url = self.linkedin_url

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        postal_code: None | str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        registration_status: None | str | Unset
        if isinstance(self.registration_status, Unset):
            registration_status = UNSET
        else:
            registration_status = self.registration_status

        tax_id: None | str | Unset
        if isinstance(self.tax_id, Unset):
            tax_id = UNSET
        else:
            tax_id = self.tax_id

        technologies: list[str] | None | Unset
        if isinstance(self.technologies, Unset):
            technologies = UNSET
        elif isinstance(self.technologies, list):
            technologies = self.technologies

        else:
            technologies = self.technologies

        total_funding: float | None | Unset
        if isinstance(self.total_funding, Unset):
            total_funding = UNSET
        else:
            total_funding = self.total_funding

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        watch: bool | None | Unset
        if isinstance(self.watch, Unset):
            watch = UNSET
        else:
            watch = self.watch

        website: None | str | Unset
        if isinstance(self.website, Unset):
            website = UNSET
        else:
            website = self.website

        field_dict: dict[str, Any] = {}

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
        if version is not UNSET:
            field_dict["version"] = version
        if watch is not UNSET:
            field_dict["watch"] = watch
        if website is not UNSET:
            field_dict["website"] = website

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_annual_revenue(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        annual_revenue = _parse_annual_revenue(d.pop("annual_revenue", UNSET))

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

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_employee_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        employee_count = _parse_employee_count(d.pop("employee_count", UNSET))

        def _parse_founded_year(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        founded_year = _parse_founded_year(d.pop("founded_year", UNSET))

        def _parse_funding_stage(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        funding_stage = _parse_funding_stage(d.pop("funding_stage", UNSET))

        def _parse_industry(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        industry = _parse_industry(d.pop("industry", UNSET))

        def _parse_legal_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        legal_name = _parse_legal_name(d.pop("legal_name", UNSET))

        def _parse_linkedin_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        linkedin_url = _parse_linkedin_url(d.pop("linkedin_url", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_postal_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postal_code", UNSET))

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        def _parse_registration_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        registration_status = _parse_registration_status(d.pop("registration_status", UNSET))

        def _parse_tax_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_id = _parse_tax_id(d.pop("tax_id", UNSET))

        def _parse_technologies(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                technologies_type_0 = cast(list[str], data)

                return technologies_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        technologies = _parse_technologies(d.pop("technologies", UNSET))

        def _parse_total_funding(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_funding = _parse_total_funding(d.pop("total_funding", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        def _parse_watch(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        watch = _parse_watch(d.pop("watch", UNSET))

        def _parse_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website = _parse_website(d.pop("website", UNSET))

        company_patch = cls(
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
            version=version,
            watch=watch,
            website=website,
        )

        return company_patch
