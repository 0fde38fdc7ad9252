from enum import StrEnum


class ListDeliveriesEvent(StrEnum):
    API_KEY_CREATED = "api_key.created"
    API_KEY_REVOKED = "api_key.revoked"
    CAMPAIGN_FINISHED = "campaign.finished"
    CAMPAIGN_PAUSED = "campaign.paused"
    CAMPAIGN_STARTED = "campaign.started"
    COMPANY_ENRICHED = "company.enriched"
    COMPANY_UPDATED = "company.updated"
    CONTACT_BOUNCED = "contact.bounced"
    CONTACT_COMPLAINED = "contact.complained"
    CONTACT_UNSUBSCRIBED = "contact.unsubscribed"
    JOB_COMPLETED = "job.completed"
    JOB_FAILED = "job.failed"
    PERSON_EMAIL_INVALID = "person.email_invalid"
    PERSON_ENRICHED = "person.enriched"
    PERSON_ERASED = "person.erased"
    PERSON_JOB_CHANGED = "person.job_changed"
    PERSON_UPDATED = "person.updated"
    PROVIDER_CREDITS_LOW = "provider.credits_low"
    QUOTA_THRESHOLD_REACHED = "quota.threshold_reached"
    SECURITY_CREDENTIAL_REFUSALS = "security.credential_refusals"
    SECURITY_NEW_COUNTRY = "security.new_country"
    SECURITY_REPEATED_LOCKOUTS = "security.repeated_lockouts"
    WEBHOOK_DISABLED = "webhook.disabled"
    WEBHOOK_TEST = "webhook.test"

    def __str__(self) -> str:
        return str(self.value)
