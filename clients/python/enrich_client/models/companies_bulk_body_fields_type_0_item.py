from enum import StrEnum


class CompaniesBulkBodyFieldsType0Item(StrEnum):
    ADDRESS = "address"
    ANNUAL_REVENUE = "annual_revenue"
    CITY = "city"
    COUNTRY = "country"
    DESCRIPTION = "description"
    DOMAIN = "domain"
    EMAIL = "email"
    EMPLOYEE_COUNT = "employee_count"
    FOUNDED_YEAR = "founded_year"
    FUNDING_STAGE = "funding_stage"
    INDUSTRY = "industry"
    LEGAL_NAME = "legal_name"
    LINKEDIN_URL = "linkedin_url"
    NAME = "name"
    PHONE = "phone"
    POSTAL_CODE = "postal_code"
    REGION = "region"
    REGISTRATION_STATUS = "registration_status"
    TAX_ID = "tax_id"
    TECHNOLOGIES = "technologies"
    TOTAL_FUNDING = "total_funding"
    WEBSITE = "website"

    def __str__(self) -> str:
        return str(self.value)
