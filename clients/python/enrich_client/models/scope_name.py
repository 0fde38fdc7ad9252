from enum import StrEnum


class ScopeName(StrEnum):
    ANALYTICSREAD = "analytics:read"
    AUDITREAD = "audit:read"
    CAMPAIGNSREAD = "campaigns:read"
    CAMPAIGNSWRITE = "campaigns:write"
    COMPANIESREAD = "companies:read"
    COMPANIESWRITE = "companies:write"
    CONTACTSREAD = "contacts:read"
    CONTACTSWRITE = "contacts:write"
    JOBSREAD = "jobs:read"
    JOBSWRITE = "jobs:write"
    PEOPLEDELETE = "people:delete"
    PEOPLEEXPORT = "people:export"
    PEOPLEREAD = "people:read"
    PEOPLEWRITE = "people:write"
    PROVIDERSREAD = "providers:read"
    PROVIDERSWRITE = "providers:write"
    SENDERSREAD = "senders:read"
    SENDERSWRITE = "senders:write"
    TAGSREAD = "tags:read"
    TAGSWRITE = "tags:write"
    TEMPLATESREAD = "templates:read"
    TEMPLATESWRITE = "templates:write"
    WEBHOOKSREAD = "webhooks:read"
    WEBHOOKSWRITE = "webhooks:write"

    def __str__(self) -> str:
        return str(self.value)
