from enum import StrEnum


class PersonEnrichBodyByLinkedinUrlFieldsType0Item(StrEnum):
    CITY = "city"
    COMPANY_DOMAIN = "company_domain"
    COMPANY_NAME = "company_name"
    COUNTRY = "country"
    EMAIL = "email"
    EMAIL_STATUS = "email_status"
    FIRST_NAME = "first_name"
    FULL_NAME = "full_name"
    GITHUB_URL = "github_url"
    HEADLINE = "headline"
    LAST_NAME = "last_name"
    LINKEDIN_URL = "linkedin_url"
    PHONE = "phone"
    PHOTO_URL = "photo_url"
    REGION = "region"
    TITLE = "title"
    TWITTER_URL = "twitter_url"

    def __str__(self) -> str:
        return str(self.value)
