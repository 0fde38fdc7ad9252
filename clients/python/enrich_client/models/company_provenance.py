from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.provenance import Provenance


T = TypeVar("T", bound="CompanyProvenance")


@_attrs_define
class CompanyProvenance:
    """Field → where its value came from, how sure, and when (one entry per field of data, custom fields included)

    Attributes:
        address (Provenance | Unset): Where a field's value came from.
        annual_revenue (Provenance | Unset): Where a field's value came from.
        city (Provenance | Unset): Where a field's value came from.
        country (Provenance | Unset): Where a field's value came from.
        description (Provenance | Unset): Where a field's value came from.
        domain (Provenance | Unset): Where a field's value came from.
        email (Provenance | Unset): Where a field's value came from.
        employee_count (Provenance | Unset): Where a field's value came from.
        founded_year (Provenance | Unset): Where a field's value came from.
        funding_stage (Provenance | Unset): Where a field's value came from.
        industry (Provenance | Unset): Where a field's value came from.
        legal_name (Provenance | Unset): Where a field's value came from.
        linkedin_url (Provenance | Unset): Where a field's value came from.
        name (Provenance | Unset): Where a field's value came from.
        phone (Provenance | Unset): Where a field's value came from.
        postal_code (Provenance | Unset): Where a field's value came from.
        region (Provenance | Unset): Where a field's value came from.
        registration_status (Provenance | Unset): Where a field's value came from.
        tax_id (Provenance | Unset): Where a field's value came from.
        technologies (Provenance | Unset): Where a field's value came from.
        total_funding (Provenance | Unset): Where a field's value came from.
        website (Provenance | Unset): Where a field's value came from.
    """

    address: Provenance | Unset = UNSET
    annual_revenue: Provenance | Unset = UNSET
    city: Provenance | Unset = UNSET
    country: Provenance | Unset = UNSET
    description: Provenance | Unset = UNSET
    domain: Provenance | Unset = UNSET
    email: Provenance | Unset = UNSET
    employee_count: Provenance | Unset = UNSET
    founded_year: Provenance | Unset = UNSET
    funding_stage: Provenance | Unset = UNSET
    industry: Provenance | Unset = UNSET
    legal_name: Provenance | Unset = UNSET
    linkedin_url: Provenance | Unset = UNSET
    name: Provenance | Unset = UNSET
    phone: Provenance | Unset = UNSET
    postal_code: Provenance | Unset = UNSET
    region: Provenance | Unset = UNSET
    registration_status: Provenance | Unset = UNSET
    tax_id: Provenance | Unset = UNSET
    technologies: Provenance | Unset = UNSET
    total_funding: Provenance | Unset = UNSET
    website: Provenance | Unset = UNSET
    additional_properties: dict[str, Provenance] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.address, Unset):
            address = self.address.to_dict()

        annual_revenue: dict[str, Any] | Unset = UNSET
        if not isinstance(self.annual_revenue, Unset):
            annual_revenue = self.annual_revenue.to_dict()

        city: dict[str, Any] | Unset = UNSET
        if not isinstance(self.city, Unset):
            city = self.city.to_dict()

        country: dict[str, Any] | Unset = UNSET
        if not isinstance(self.country, Unset):
            country = self.country.to_dict()

        description: dict[str, Any] | Unset = UNSET
        if not isinstance(self.description, Unset):
            description = self.description.to_dict()

        domain: dict[str, Any] | Unset = UNSET
        if not isinstance(self.domain, Unset):
            domain = self.domain.to_dict()

        email: dict[str, Any] | Unset = UNSET
        if not isinstance(self.email, Unset):
            email = self.email.to_dict()

        employee_count: dict[str, Any] | Unset = UNSET
        if not isinstance(self.employee_count, Unset):
            employee_count = self.employee_count.to_dict()

        founded_year: dict[str, Any] | Unset = UNSET
        if not isinstance(self.founded_year, Unset):
            founded_year = self.founded_year.to_dict()

        funding_stage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.funding_stage, Unset):
            funding_stage = self.funding_stage.to_dict()

        industry: dict[str, Any] | Unset = UNSET
        if not isinstance(self.industry, Unset):
            industry = self.industry.to_dict()

        legal_name: dict[str, Any] | Unset = UNSET
        if not isinstance(self.legal_name, Unset):
            legal_name = self.legal_name.to_dict()

        linkedin_url: dict[str, Any] | Unset = UNSET
        if not isinstance(self.linkedin_url, Unset):
            linkedin_url = self.linkedin_url.to_dict()

        name: dict[str, Any] | Unset = UNSET
        if not isinstance(self.name, Unset):
            name = self.name.to_dict()

        phone: dict[str, Any] | Unset = UNSET
        if not isinstance(self.phone, Unset):
            phone = self.phone.to_dict()

        postal_code: dict[str, Any] | Unset = UNSET
        if not isinstance(self.postal_code, Unset):
            postal_code = self.postal_code.to_dict()

        region: dict[str, Any] | Unset = UNSET
        if not isinstance(self.region, Unset):
            region = self.region.to_dict()

        registration_status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.registration_status, Unset):
            registration_status = self.registration_status.to_dict()

        tax_id: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tax_id, Unset):
            tax_id = self.tax_id.to_dict()

        technologies: dict[str, Any] | Unset = UNSET
        if not isinstance(self.technologies, Unset):
            technologies = self.technologies.to_dict()

        total_funding: dict[str, Any] | Unset = UNSET
        if not isinstance(self.total_funding, Unset):
            total_funding = self.total_funding.to_dict()

        website: dict[str, Any] | Unset = UNSET
        if not isinstance(self.website, Unset):
            website = self.website.to_dict()

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

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
        from ..models.provenance import Provenance  # noqa: PLC0415

        d = dict(src_dict)
        _address = d.pop("address", UNSET)
        address: Provenance | Unset
        if isinstance(_address, Unset):
            address = UNSET
        else:
            address = Provenance.from_dict(_address)

        _annual_revenue = d.pop("annual_revenue", UNSET)
        annual_revenue: Provenance | Unset
        if isinstance(_annual_revenue, Unset):
            annual_revenue = UNSET
        else:
            annual_revenue = Provenance.from_dict(_annual_revenue)

        _city = d.pop("city", UNSET)
        city: Provenance | Unset
        if isinstance(_city, Unset):
            city = UNSET
        else:
            city = Provenance.from_dict(_city)

        _country = d.pop("country", UNSET)
        country: Provenance | Unset
        if isinstance(_country, Unset):
            country = UNSET
        else:
            country = Provenance.from_dict(_country)

        _description = d.pop("description", UNSET)
        description: Provenance | Unset
        if isinstance(_description, Unset):
            description = UNSET
        else:
            description = Provenance.from_dict(_description)

        _domain = d.pop("domain", UNSET)
        domain: Provenance | Unset
        if isinstance(_domain, Unset):
            domain = UNSET
        else:
            domain = Provenance.from_dict(_domain)

        _email = d.pop("email", UNSET)
        email: Provenance | Unset
        if isinstance(_email, Unset):
            email = UNSET
        else:
            email = Provenance.from_dict(_email)

        _employee_count = d.pop("employee_count", UNSET)
        employee_count: Provenance | Unset
        if isinstance(_employee_count, Unset):
            employee_count = UNSET
        else:
            employee_count = Provenance.from_dict(_employee_count)

        _founded_year = d.pop("founded_year", UNSET)
        founded_year: Provenance | Unset
        if isinstance(_founded_year, Unset):
            founded_year = UNSET
        else:
            founded_year = Provenance.from_dict(_founded_year)

        _funding_stage = d.pop("funding_stage", UNSET)
        funding_stage: Provenance | Unset
        if isinstance(_funding_stage, Unset):
            funding_stage = UNSET
        else:
            funding_stage = Provenance.from_dict(_funding_stage)

        _industry = d.pop("industry", UNSET)
        industry: Provenance | Unset
        if isinstance(_industry, Unset):
            industry = UNSET
        else:
            industry = Provenance.from_dict(_industry)

        _legal_name = d.pop("legal_name", UNSET)
        legal_name: Provenance | Unset
        if isinstance(_legal_name, Unset):
            legal_name = UNSET
        else:
            legal_name = Provenance.from_dict(_legal_name)

        _linkedin_url = d.pop("linkedin_url", UNSET)
        linkedin_url: Provenance | Unset
        if isinstance(_linkedin_url, Unset):
            linkedin_url = UNSET
        else:
            linkedin_url = Provenance.from_dict(_linkedin_url)

        _name = d.pop("name", UNSET)
        name: Provenance | Unset
        if isinstance(_name, Unset):
            name = UNSET
        else:
            name = Provenance.from_dict(_name)

        _phone = d.pop("phone", UNSET)
        phone: Provenance | Unset
        if isinstance(_phone, Unset):
            phone = UNSET
        else:
            phone = Provenance.from_dict(_phone)

        _postal_code = d.pop("postal_code", UNSET)
        postal_code: Provenance | Unset
        if isinstance(_postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = Provenance.from_dict(_postal_code)

        _region = d.pop("region", UNSET)
        region: Provenance | Unset
        if isinstance(_region, Unset):
            region = UNSET
        else:
            region = Provenance.from_dict(_region)

        _registration_status = d.pop("registration_status", UNSET)
        registration_status: Provenance | Unset
        if isinstance(_registration_status, Unset):
            registration_status = UNSET
        else:
            registration_status = Provenance.from_dict(_registration_status)

        _tax_id = d.pop("tax_id", UNSET)
        tax_id: Provenance | Unset
        if isinstance(_tax_id, Unset):
            tax_id = UNSET
        else:
            tax_id = Provenance.from_dict(_tax_id)

        _technologies = d.pop("technologies", UNSET)
        technologies: Provenance | Unset
        if isinstance(_technologies, Unset):
            technologies = UNSET
        else:
            technologies = Provenance.from_dict(_technologies)

        _total_funding = d.pop("total_funding", UNSET)
        total_funding: Provenance | Unset
        if isinstance(_total_funding, Unset):
            total_funding = UNSET
        else:
            total_funding = Provenance.from_dict(_total_funding)

        _website = d.pop("website", UNSET)
        website: Provenance | Unset
        if isinstance(_website, Unset):
            website = UNSET
        else:
            website = Provenance.from_dict(_website)

        company_provenance = cls(
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

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = Provenance.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        company_provenance.additional_properties = additional_properties
        return company_provenance

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
