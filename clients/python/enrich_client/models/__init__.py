"""Contains all the data models used in inputs/outputs"""

from .accepted import Accepted
from .account_name import AccountName
from .account_view import AccountView
from .alert_settings import AlertSettings
from .alert_settings_change import AlertSettingsChange
from .answer import Answer
from .attempt_record import AttemptRecord
from .audience import Audience
from .audience_summary import AudienceSummary
from .audit_event import AuditEvent
from .audit_event_detail_type_0 import AuditEventDetailType0
from .audit_list import AuditList
from .auth_body import AuthBody
from .auto_pause import AutoPause
from .bounce_class import BounceClass
from .bounce_rules import BounceRules
from .bounce_rules_body import BounceRulesBody
from .bulk_body import BulkBody
from .bulk_company import BulkCompany
from .bulk_person import BulkPerson
from .bulk_report import BulkReport
from .cache_mode import CacheMode
from .call_log_entry import CallLogEntry
from .call_log_page import CallLogPage
from .call_summary import CallSummary
from .callback_attempt import CallbackAttempt
from .callback_status import CallbackStatus
from .callback_view import CallbackView
from .calls_provider import CallsProvider
from .campaign import Campaign
from .campaign_body_by_template_group import CampaignBodyByTemplateGroup
from .campaign_body_by_template_id import CampaignBodyByTemplateId
from .campaign_event_stats import CampaignEventStats
from .campaign_figures import CampaignFigures
from .campaign_list import CampaignList
from .campaign_report import CampaignReport
from .category import Category
from .client_body import ClientBody
from .client_body_metadata import ClientBodyMetadata
from .client_created import ClientCreated
from .client_dashboard import ClientDashboard
from .client_list import ClientList
from .client_status import ClientStatus
from .client_update import ClientUpdate
from .client_update_metadata_type_0 import ClientUpdateMetadataType0
from .client_update_status_type_1 import ClientUpdateStatusType1
from .client_usage_group_by import ClientUsageGroupBy
from .client_view import ClientView
from .client_view_metadata import ClientViewMetadata
from .code_body import CodeBody
from .companies_bulk_body import CompaniesBulkBody
from .companies_bulk_body_fields_type_0_item import CompaniesBulkBodyFieldsType0Item
from .companies_bulk_body_sources_type_0_item import CompaniesBulkBodySourcesType0Item
from .company_data import CompanyData
from .company_enrich_body_by_domain import CompanyEnrichBodyByDomain
from .company_enrich_body_by_domain_fields_type_0_item import CompanyEnrichBodyByDomainFieldsType0Item
from .company_enrich_body_by_domain_sources_type_0_item import CompanyEnrichBodyByDomainSourcesType0Item
from .company_enrich_body_by_name import CompanyEnrichBodyByName
from .company_enrich_body_by_name_fields_type_0_item import CompanyEnrichBodyByNameFieldsType0Item
from .company_enrich_body_by_name_sources_type_0_item import CompanyEnrichBodyByNameSourcesType0Item
from .company_enrich_body_by_tax_id_country import CompanyEnrichBodyByTaxIdCountry
from .company_enrich_body_by_tax_id_country_fields_type_0_item import CompanyEnrichBodyByTaxIdCountryFieldsType0Item
from .company_enrich_body_by_tax_id_country_sources_type_0_item import CompanyEnrichBodyByTaxIdCountrySourcesType0Item
from .company_enrich_response import CompanyEnrichResponse
from .company_list import CompanyList
from .company_patch import CompanyPatch
from .company_provenance import CompanyProvenance
from .company_record import CompanyRecord
from .company_record_pending_lookups import CompanyRecordPendingLookups
from .company_search_body import CompanySearchBody
from .company_search_body_query_type_0 import CompanySearchBodyQueryType0
from .conflict import Conflict
from .contact_body import ContactBody
from .contact_body_attributes_type_0 import ContactBodyAttributesType0
from .contact_held import ContactHeld
from .contact_ids_body import ContactIdsBody
from .contact_list import ContactList
from .contact_patch_body import ContactPatchBody
from .contact_patch_body_attributes_type_0 import ContactPatchBodyAttributesType0
from .contact_row import ContactRow
from .contact_row_attributes_type_0 import ContactRowAttributesType0
from .contact_stats import ContactStats
from .contact_stats_by_language import ContactStatsByLanguage
from .contact_stats_by_source import ContactStatsBySource
from .contact_stats_by_status import ContactStatsByStatus
from .contact_stats_by_validation import ContactStatsByValidation
from .contact_status import ContactStatus
from .contact_view import ContactView
from .contact_view_attributes import ContactViewAttributes
from .credentials_body import CredentialsBody
from .credentials_view import CredentialsView
from .criteria import Criteria
from .dashboard import Dashboard
from .day_counts import DayCounts
from .day_stats import DayStats
from .delete_credentials_name import DeleteCredentialsName
from .delivery_list import DeliveryList
from .delivery_status import DeliveryStatus
from .delivery_view import DeliveryView
from .delivery_view_payload import DeliveryViewPayload
from .disable_body import DisableBody
from .disabled_reason import DisabledReason
from .email_body import EmailBody
from .endpoint_usage import EndpointUsage
from .endpoints import Endpoints
from .enrich_status import EnrichStatus
from .enrolment import Enrolment
from .erasure import Erasure
from .erasure_body import ErasureBody
from .error_count import ErrorCount
from .event_catalogue import EventCatalogue
from .event_kind import EventKind
from .event_list import EventList
from .event_stats import EventStats
from .event_type_view import EventTypeView
from .event_type_view_example import EventTypeViewExample
from .event_type_view_schema import EventTypeViewSchema
from .event_view import EventView
from .field_error import FieldError
from .field_performance import FieldPerformance
from .from_people_body_by_job_id import FromPeopleBodyByJobId
from .from_people_body_by_person_ids import FromPeopleBodyByPersonIds
from .from_people_report import FromPeopleReport
from .generic_event import GenericEvent
from .generic_events import GenericEvents
from .get_company_include import GetCompanyInclude
from .get_person_include import GetPersonInclude
from .grant_type import GrantType
from .health import Health
from .health_checks import HealthChecks
from .import_url_body import ImportUrlBody
from .inbound_accepted import InboundAccepted
from .inbound_health import InboundHealth
from .inbound_settings import InboundSettings
from .invalid_address_action import InvalidAddressAction
from .invalid_address_rule_tagging import InvalidAddressRuleTagging
from .invalid_address_rule_tagging_action import InvalidAddressRuleTaggingAction
from .invalid_address_rule_untagged import InvalidAddressRuleUntagged
from .invalid_address_rule_untagged_action import InvalidAddressRuleUntaggedAction
from .invitation_view import InvitationView
from .invite_body import InviteBody
from .invite_body_role import InviteBodyRole
from .issued_credentials import IssuedCredentials
from .job_counts import JobCounts
from .job_credits import JobCredits
from .job_credits_by_provider import JobCreditsByProvider
from .job_list import JobList
from .job_options import JobOptions
from .job_result import JobResult
from .job_result_fields import JobResultFields
from .job_result_input import JobResultInput
from .job_results_status import JobResultsStatus
from .job_status import JobStatus
from .job_touch import JobTouch
from .job_type import JobType
from .job_view import JobView
from .key_body import KeyBody
from .key_created import KeyCreated
from .key_limits import KeyLimits
from .key_list import KeyList
from .key_status import KeyStatus
from .key_view import KeyView
from .last_run import LastRun
from .limits import Limits
from .limits_view import LimitsView
from .list_campaigns_status import ListCampaignsStatus
from .list_client_deliveries_event import ListClientDeliveriesEvent
from .list_client_deliveries_status import ListClientDeliveriesStatus
from .list_clients_rate_limit_tier import ListClientsRateLimitTier
from .list_clients_status import ListClientsStatus
from .list_contacts_status import ListContactsStatus
from .list_contacts_validation import ListContactsValidation
from .list_deliveries_event import ListDeliveriesEvent
from .list_deliveries_status import ListDeliveriesStatus
from .list_jobs_status import ListJobsStatus
from .list_jobs_type import ListJobsType
from .list_users_sort import ListUsersSort
from .list_users_status import ListUsersStatus
from .location import Location
from .login_body import LoginBody
from .lookup_status import LookupStatus
from .lookup_status_list import LookupStatusList
from .mailwizz_input import MailwizzInput
from .mailwizz_settings import MailwizzSettings
from .me import Me
from .mfa_status import MfaStatus
from .mode import Mode
from .named_window import NamedWindow
from .new_mailwizz_input import NewMailwizzInput
from .new_profile_body_by_mailwizz import NewProfileBodyByMailwizz
from .new_profile_body_by_ses import NewProfileBodyBySes
from .notification_settings import NotificationSettings
from .oauth_error_body import OauthErrorBody
from .on_invalid import OnInvalid
from .overview import Overview
from .parsed import Parsed
from .people_bulk_body import PeopleBulkBody
from .people_bulk_body_fields_type_0_item import PeopleBulkBodyFieldsType0Item
from .people_bulk_body_sources_type_0_item import PeopleBulkBodySourcesType0Item
from .people_search_body import PeopleSearchBody
from .people_search_body_query_type_0 import PeopleSearchBodyQueryType0
from .per_user_limits import PerUserLimits
from .performance_field import PerformanceField
from .performance_report import PerformanceReport
from .person_data import PersonData
from .person_enrich_body_by_email import PersonEnrichBodyByEmail
from .person_enrich_body_by_email_fields_type_0_item import PersonEnrichBodyByEmailFieldsType0Item
from .person_enrich_body_by_email_sources_type_0_item import PersonEnrichBodyByEmailSourcesType0Item
from .person_enrich_body_by_first_name_last_name_company_domain import PersonEnrichBodyByFirstNameLastNameCompanyDomain
from .person_enrich_body_by_first_name_last_name_company_domain_fields_type_0_item import (
    PersonEnrichBodyByFirstNameLastNameCompanyDomainFieldsType0Item,
)
from .person_enrich_body_by_first_name_last_name_company_domain_sources_type_0_item import (
    PersonEnrichBodyByFirstNameLastNameCompanyDomainSourcesType0Item,
)
from .person_enrich_body_by_linkedin_url import PersonEnrichBodyByLinkedinUrl
from .person_enrich_body_by_linkedin_url_fields_type_0_item import PersonEnrichBodyByLinkedinUrlFieldsType0Item
from .person_enrich_body_by_linkedin_url_sources_type_0_item import PersonEnrichBodyByLinkedinUrlSourcesType0Item
from .person_enrich_body_by_name_company_domain import PersonEnrichBodyByNameCompanyDomain
from .person_enrich_body_by_name_company_domain_fields_type_0_item import (
    PersonEnrichBodyByNameCompanyDomainFieldsType0Item,
)
from .person_enrich_body_by_name_company_domain_sources_type_0_item import (
    PersonEnrichBodyByNameCompanyDomainSourcesType0Item,
)
from .person_enrich_response import PersonEnrichResponse
from .person_export import PersonExport
from .person_export_contact_type_0 import PersonExportContactType0
from .person_list import PersonList
from .person_patch import PersonPatch
from .person_provenance import PersonProvenance
from .person_record import PersonRecord
from .person_record_pending_lookups import PersonRecordPendingLookups
from .policy_change import PolicyChange
from .policy_change_max_age_days_type_0 import PolicyChangeMaxAgeDaysType0
from .policy_view import PolicyView
from .policy_view_max_age_days import PolicyViewMaxAgeDays
from .preferences import Preferences
from .preferences_body import PreferencesBody
from .preview_body_by_contact import PreviewBodyByContact
from .preview_body_by_contact_id import PreviewBodyByContactId
from .problem import Problem
from .profile_body_by_mailwizz import ProfileBodyByMailwizz
from .profile_body_by_ses import ProfileBodyBySes
from .profile_list import ProfileList
from .prospect import Prospect
from .prospect_page import ProspectPage
from .provenance import Provenance
from .provider_list import ProviderList
from .provider_name import ProviderName
from .provider_search_response import ProviderSearchResponse
from .provider_usage_report import ProviderUsageReport
from .provider_view import ProviderView
from .put_credentials_name import PutCredentialsName
from .range_ import Range
from .reading import Reading
from .reason import Reason
from .record_error import RecordError
from .record_status import RecordStatus
from .refresh_body import RefreshBody
from .refresh_day import RefreshDay
from .register_body import RegisterBody
from .rejection import Rejection
from .rendered import Rendered
from .replay_body import ReplayBody
from .replayed import Replayed
from .reset_body import ResetBody
from .result_field import ResultField
from .result_list import ResultList
from .retention import Retention
from .retention_change import RetentionChange
from .retention_view import RetentionView
from .retry_config import RetryConfig
from .role import Role
from .row_error import RowError
from .row_issue import RowIssue
from .row_outcome import RowOutcome
from .rule import Rule
from .rule_action import RuleAction
from .run_counts import RunCounts
from .run_list import RunList
from .run_status import RunStatus
from .run_view import RunView
from .sample_contact import SampleContact
from .sample_contact_attributes_type_0 import SampleContactAttributesType0
from .scope import Scope
from .scope_list import ScopeList
from .scope_name import ScopeName
from .secret_created import SecretCreated
from .secret_rotated import SecretRotated
from .send_held import SendHeld
from .sender import Sender
from .sender_record import SenderRecord
from .sending_profile import SendingProfile
from .ses_settings import SesSettings
from .ses_topics import SesTopics
from .session_list import SessionList
from .session_view import SessionView
from .skipped import Skipped
from .sns_body import SnsBody
from .sns_confirmed import SnsConfirmed
from .source import Source
from .source_body import SourceBody
from .source_body_mapping import SourceBodyMapping
from .source_change import SourceChange
from .source_change_mapping_type_0 import SourceChangeMappingType0
from .source_kind import SourceKind
from .source_list import SourceList
from .source_result import SourceResult
from .source_result_normalized import SourceResultNormalized
from .source_state import SourceState
from .source_view import SourceView
from .source_view_mapping import SourceViewMapping
from .state import State
from .stats import Stats
from .stats_campaigns_status import StatsCampaignsStatus
from .status_body import StatusBody
from .status_body_status import StatusBodyStatus
from .strategy import Strategy
from .strategy_report import StrategyReport
from .strategy_report_filled_by import StrategyReportFilledBy
from .subject_export import SubjectExport
from .suppression import Suppression
from .suppression_list import SuppressionList
from .suppressions_added import SuppressionsAdded
from .suppressions_body import SuppressionsBody
from .sync_body import SyncBody
from .sync_trigger import SyncTrigger
from .tag_body import TagBody
from .tag_list import TagList
from .tag_patch_body import TagPatchBody
from .tag_view import TagView
from .tagging_report import TaggingReport
from .template import Template
from .template_body import TemplateBody
from .template_list import TemplateList
from .tenant_view import TenantView
from .test_reading import TestReading
from .throttle import Throttle
from .tier import Tier
from .tier_list import TierList
from .tier_list_data import TierListData
from .time_bucket import TimeBucket
from .token_form import TokenForm
from .token_pair import TokenPair
from .token_response import TokenResponse
from .trigger import Trigger
from .update_provider_body import UpdateProviderBody
from .update_provider_name import UpdateProviderName
from .update_user_body_by_name import UpdateUserBodyByName
from .update_user_body_by_name_role_type_1 import UpdateUserBodyByNameRoleType1
from .update_user_body_by_role import UpdateUserBodyByRole
from .update_user_body_by_role_role import UpdateUserBodyByRoleRole
from .upserted import Upserted
from .usage_group_by import UsageGroupBy
from .usage_report import UsageReport
from .usage_row import UsageRow
from .user_list import UserList
from .user_status import UserStatus
from .user_view import UserView
from .validate_by_contact_ids import ValidateByContactIds
from .validate_by_contact_ids_on_invalid_type_1 import ValidateByContactIdsOnInvalidType1
from .validate_by_contact_ids_tagging import ValidateByContactIdsTagging
from .validate_by_contact_ids_tagging_on_invalid import ValidateByContactIdsTaggingOnInvalid
from .validate_by_filter import ValidateByFilter
from .validate_by_filter_on_invalid_type_1 import ValidateByFilterOnInvalidType1
from .validate_by_filter_tagging import ValidateByFilterTagging
from .validate_by_filter_tagging_on_invalid import ValidateByFilterTaggingOnInvalid
from .validate_filter import ValidateFilter
from .validation import Validation
from .validation_counts import ValidationCounts
from .validation_run import ValidationRun
from .validation_status import ValidationStatus
from .verify_otp_body import VerifyOtpBody
from .warmup import Warmup
from .warmup_state import WarmupState
from .warning import Warning_
from .webhook_body import WebhookBody
from .webhook_created import WebhookCreated
from .webhook_health import WebhookHealth
from .webhook_list import WebhookList
from .webhook_secret import WebhookSecret
from .webhook_update import WebhookUpdate
from .webhook_view import WebhookView
from .weights_view import WeightsView
from .window_usage import WindowUsage
from .window_view import WindowView

__all__ = (
    "Accepted",
    "AccountName",
    "AccountView",
    "AlertSettings",
    "AlertSettingsChange",
    "Answer",
    "AttemptRecord",
    "Audience",
    "AudienceSummary",
    "AuditEvent",
    "AuditEventDetailType0",
    "AuditList",
    "AuthBody",
    "AutoPause",
    "BounceClass",
    "BounceRules",
    "BounceRulesBody",
    "BulkBody",
    "BulkCompany",
    "BulkPerson",
    "BulkReport",
    "CacheMode",
    "CallbackAttempt",
    "CallbackStatus",
    "CallbackView",
    "CallLogEntry",
    "CallLogPage",
    "CallsProvider",
    "CallSummary",
    "Campaign",
    "CampaignBodyByTemplateGroup",
    "CampaignBodyByTemplateId",
    "CampaignEventStats",
    "CampaignFigures",
    "CampaignList",
    "CampaignReport",
    "Category",
    "ClientBody",
    "ClientBodyMetadata",
    "ClientCreated",
    "ClientDashboard",
    "ClientList",
    "ClientStatus",
    "ClientUpdate",
    "ClientUpdateMetadataType0",
    "ClientUpdateStatusType1",
    "ClientUsageGroupBy",
    "ClientView",
    "ClientViewMetadata",
    "CodeBody",
    "CompaniesBulkBody",
    "CompaniesBulkBodyFieldsType0Item",
    "CompaniesBulkBodySourcesType0Item",
    "CompanyData",
    "CompanyEnrichBodyByDomain",
    "CompanyEnrichBodyByDomainFieldsType0Item",
    "CompanyEnrichBodyByDomainSourcesType0Item",
    "CompanyEnrichBodyByName",
    "CompanyEnrichBodyByNameFieldsType0Item",
    "CompanyEnrichBodyByNameSourcesType0Item",
    "CompanyEnrichBodyByTaxIdCountry",
    "CompanyEnrichBodyByTaxIdCountryFieldsType0Item",
    "CompanyEnrichBodyByTaxIdCountrySourcesType0Item",
    "CompanyEnrichResponse",
    "CompanyList",
    "CompanyPatch",
    "CompanyProvenance",
    "CompanyRecord",
    "CompanyRecordPendingLookups",
    "CompanySearchBody",
    "CompanySearchBodyQueryType0",
    "Conflict",
    "ContactBody",
    "ContactBodyAttributesType0",
    "ContactHeld",
    "ContactIdsBody",
    "ContactList",
    "ContactPatchBody",
    "ContactPatchBodyAttributesType0",
    "ContactRow",
    "ContactRowAttributesType0",
    "ContactStats",
    "ContactStatsByLanguage",
    "ContactStatsBySource",
    "ContactStatsByStatus",
    "ContactStatsByValidation",
    "ContactStatus",
    "ContactView",
    "ContactViewAttributes",
    "CredentialsBody",
    "CredentialsView",
    "Criteria",
    "Dashboard",
    "DayCounts",
    "DayStats",
    "DeleteCredentialsName",
    "DeliveryList",
    "DeliveryStatus",
    "DeliveryView",
    "DeliveryViewPayload",
    "DisableBody",
    "DisabledReason",
    "EmailBody",
    "Endpoints",
    "EndpointUsage",
    "EnrichStatus",
    "Enrolment",
    "Erasure",
    "ErasureBody",
    "ErrorCount",
    "EventCatalogue",
    "EventKind",
    "EventList",
    "EventStats",
    "EventTypeView",
    "EventTypeViewExample",
    "EventTypeViewSchema",
    "EventView",
    "FieldError",
    "FieldPerformance",
    "FromPeopleBodyByJobId",
    "FromPeopleBodyByPersonIds",
    "FromPeopleReport",
    "GenericEvent",
    "GenericEvents",
    "GetCompanyInclude",
    "GetPersonInclude",
    "GrantType",
    "Health",
    "HealthChecks",
    "ImportUrlBody",
    "InboundAccepted",
    "InboundHealth",
    "InboundSettings",
    "InvalidAddressAction",
    "InvalidAddressRuleTagging",
    "InvalidAddressRuleTaggingAction",
    "InvalidAddressRuleUntagged",
    "InvalidAddressRuleUntaggedAction",
    "InvitationView",
    "InviteBody",
    "InviteBodyRole",
    "IssuedCredentials",
    "JobCounts",
    "JobCredits",
    "JobCreditsByProvider",
    "JobList",
    "JobOptions",
    "JobResult",
    "JobResultFields",
    "JobResultInput",
    "JobResultsStatus",
    "JobStatus",
    "JobTouch",
    "JobType",
    "JobView",
    "KeyBody",
    "KeyCreated",
    "KeyLimits",
    "KeyList",
    "KeyStatus",
    "KeyView",
    "LastRun",
    "Limits",
    "LimitsView",
    "ListCampaignsStatus",
    "ListClientDeliveriesEvent",
    "ListClientDeliveriesStatus",
    "ListClientsRateLimitTier",
    "ListClientsStatus",
    "ListContactsStatus",
    "ListContactsValidation",
    "ListDeliveriesEvent",
    "ListDeliveriesStatus",
    "ListJobsStatus",
    "ListJobsType",
    "ListUsersSort",
    "ListUsersStatus",
    "Location",
    "LoginBody",
    "LookupStatus",
    "LookupStatusList",
    "MailwizzInput",
    "MailwizzSettings",
    "Me",
    "MfaStatus",
    "Mode",
    "NamedWindow",
    "NewMailwizzInput",
    "NewProfileBodyByMailwizz",
    "NewProfileBodyBySes",
    "NotificationSettings",
    "OauthErrorBody",
    "OnInvalid",
    "Overview",
    "Parsed",
    "PeopleBulkBody",
    "PeopleBulkBodyFieldsType0Item",
    "PeopleBulkBodySourcesType0Item",
    "PeopleSearchBody",
    "PeopleSearchBodyQueryType0",
    "PerformanceField",
    "PerformanceReport",
    "PersonData",
    "PersonEnrichBodyByEmail",
    "PersonEnrichBodyByEmailFieldsType0Item",
    "PersonEnrichBodyByEmailSourcesType0Item",
    "PersonEnrichBodyByFirstNameLastNameCompanyDomain",
    "PersonEnrichBodyByFirstNameLastNameCompanyDomainFieldsType0Item",
    "PersonEnrichBodyByFirstNameLastNameCompanyDomainSourcesType0Item",
    "PersonEnrichBodyByLinkedinUrl",
    "PersonEnrichBodyByLinkedinUrlFieldsType0Item",
    "PersonEnrichBodyByLinkedinUrlSourcesType0Item",
    "PersonEnrichBodyByNameCompanyDomain",
    "PersonEnrichBodyByNameCompanyDomainFieldsType0Item",
    "PersonEnrichBodyByNameCompanyDomainSourcesType0Item",
    "PersonEnrichResponse",
    "PersonExport",
    "PersonExportContactType0",
    "PersonList",
    "PersonPatch",
    "PersonProvenance",
    "PersonRecord",
    "PersonRecordPendingLookups",
    "PerUserLimits",
    "PolicyChange",
    "PolicyChangeMaxAgeDaysType0",
    "PolicyView",
    "PolicyViewMaxAgeDays",
    "Preferences",
    "PreferencesBody",
    "PreviewBodyByContact",
    "PreviewBodyByContactId",
    "Problem",
    "ProfileBodyByMailwizz",
    "ProfileBodyBySes",
    "ProfileList",
    "Prospect",
    "ProspectPage",
    "Provenance",
    "ProviderList",
    "ProviderName",
    "ProviderSearchResponse",
    "ProviderUsageReport",
    "ProviderView",
    "PutCredentialsName",
    "Range",
    "Reading",
    "Reason",
    "RecordError",
    "RecordStatus",
    "RefreshBody",
    "RefreshDay",
    "RegisterBody",
    "Rejection",
    "Rendered",
    "ReplayBody",
    "Replayed",
    "ResetBody",
    "ResultField",
    "ResultList",
    "Retention",
    "RetentionChange",
    "RetentionView",
    "RetryConfig",
    "Role",
    "RowError",
    "RowIssue",
    "RowOutcome",
    "Rule",
    "RuleAction",
    "RunCounts",
    "RunList",
    "RunStatus",
    "RunView",
    "SampleContact",
    "SampleContactAttributesType0",
    "Scope",
    "ScopeList",
    "ScopeName",
    "SecretCreated",
    "SecretRotated",
    "Sender",
    "SenderRecord",
    "SendHeld",
    "SendingProfile",
    "SesSettings",
    "SessionList",
    "SessionView",
    "SesTopics",
    "Skipped",
    "SnsBody",
    "SnsConfirmed",
    "Source",
    "SourceBody",
    "SourceBodyMapping",
    "SourceChange",
    "SourceChangeMappingType0",
    "SourceKind",
    "SourceList",
    "SourceResult",
    "SourceResultNormalized",
    "SourceState",
    "SourceView",
    "SourceViewMapping",
    "State",
    "Stats",
    "StatsCampaignsStatus",
    "StatusBody",
    "StatusBodyStatus",
    "Strategy",
    "StrategyReport",
    "StrategyReportFilledBy",
    "SubjectExport",
    "Suppression",
    "SuppressionList",
    "SuppressionsAdded",
    "SuppressionsBody",
    "SyncBody",
    "SyncTrigger",
    "TagBody",
    "TaggingReport",
    "TagList",
    "TagPatchBody",
    "TagView",
    "Template",
    "TemplateBody",
    "TemplateList",
    "TenantView",
    "TestReading",
    "Throttle",
    "Tier",
    "TierList",
    "TierListData",
    "TimeBucket",
    "TokenForm",
    "TokenPair",
    "TokenResponse",
    "Trigger",
    "UpdateProviderBody",
    "UpdateProviderName",
    "UpdateUserBodyByName",
    "UpdateUserBodyByNameRoleType1",
    "UpdateUserBodyByRole",
    "UpdateUserBodyByRoleRole",
    "Upserted",
    "UsageGroupBy",
    "UsageReport",
    "UsageRow",
    "UserList",
    "UserStatus",
    "UserView",
    "ValidateByContactIds",
    "ValidateByContactIdsOnInvalidType1",
    "ValidateByContactIdsTagging",
    "ValidateByContactIdsTaggingOnInvalid",
    "ValidateByFilter",
    "ValidateByFilterOnInvalidType1",
    "ValidateByFilterTagging",
    "ValidateByFilterTaggingOnInvalid",
    "ValidateFilter",
    "Validation",
    "ValidationCounts",
    "ValidationRun",
    "ValidationStatus",
    "VerifyOtpBody",
    "Warmup",
    "WarmupState",
    "Warning_",
    "WebhookBody",
    "WebhookCreated",
    "WebhookHealth",
    "WebhookList",
    "WebhookSecret",
    "WebhookUpdate",
    "WebhookView",
    "WeightsView",
    "WindowUsage",
    "WindowView",
)
