//! Request examples that work: each is a realistic request its handler accepts on a fresh
//! organisation, once the earlier steps of the Postman workflow (`workflow.rs`) have made what it
//! names (the profile a campaign sends through, the contact a tag is given). Ids in them have the
//! shape the platform gives (`cmp_…`); the Postman collection swaps each for the variable an
//! earlier answer filled. An operation without an entry here gets an example built from its schema
//! (`postman::example`), which is enough for bodies whose fields all have documented examples.

use serde_json::{json, Value};

/// The example id of each prefix (the path parameters' examples are the same, `contract::id_schema`).
pub fn id(prefix: &str) -> String {
    format!("{prefix}_01HZX5R5B7Q6J3V9K2M4N8P0QR")
}

/// The contacts file a data source's import shows.
pub const CONTACTS_CSV: &str = "email,first_name,last_name,country\n\
carla.mendes@initech.example,Carla,Mendes,BR\n\
diego.rocha@umbrella.example,Diego,Rocha,AR\n";

/// The example request body of an operation, for one media type.
pub fn request(operation: &str, media: &str) -> Option<Value> {
    if media == "text/csv" {
        return match operation {
            "import_csv" => Some(json!(CONTACTS_CSV)),
            _ => None,
        };
    }
    if media != "application/json" {
        return None;
    }
    let sender = json!({"from_name": "Acme Sales", "from_email": "news@mail.acme.com",
        "reply_to": "sales@acme.com"});
    Some(match operation {
        "register" => {
            json!({"email": "ana@acme.example", "password": "correct horse battery staple",
            "name": "Ana Souza", "organization_name": "Acme Ltda"})
        }
        "login" => json!({"email": "ana@acme.example", "password": "correct horse battery staple"}),
        "refresh" => json!({"refresh_token": "rt_9fQ2mX7kLp3VwZ8cT1bN5hJ4"}),
        "disable" => json!({"password": "correct horse battery staple", "code": "492039"}),
        "reset_password" => json!({"token": "rst_4kP9wQ2mZ7xL3vB8nC1tR6yH",
            "new_password": "a brand new long passphrase"}),
        "verify_code" => json!({"email": "ana@acme.example", "code": "042917"}),
        "update_user" => json!({"name": "Ana Souza Lima"}),
        "set_status" => json!({"status": "active"}),
        "people_enrich" => json!({"email": "ana.souza@globex.com", "include_company": true}),
        "companies_enrich" => json!({"domain": "globex.com"}),
        "people_search" => json!({"company_domain": "globex.com"}),
        "companies_search" => json!({"name": "Glo"}),
        "update_person" => json!({"title": "Head of Sales Operations", "city": "São Paulo"}),
        "update_company" => json!({"industry": "computer software", "employee_count": 1200}),
        "bulk_people" => json!({"name": "Webinar attendees", "people": [
            {"email": "pedro.alves@acme.com"},
            {"linkedin_url": "https://www.linkedin.com/in/ana-silva-globex"},
            {"first_name": "Carla", "last_name": "Mendes", "company_domain": "initech.example"}]}),
        "bulk_companies" => json!({"name": "Target accounts", "companies": [
            {"domain": "acme.com"}, {"domain": "globex.com", "name": "Globex"}]}),
        "update_policy" => json!({"strategy": "cost", "refresh_budget_credits": 500,
            "max_age_days": {"title": 90, "phone": 180}}),
        "update_provider" => json!({"order": 1, "rate_limit_per_minute": 120}),
        "put_credentials" => json!({"api_key": "3f9a7c2e51d84b6fa0c1"}),
        "create_client" => json!({"name": "Acme CRM sync", "contact_email": "dev@acme.example",
            "description": "Pushes enriched people into our CRM",
            "website": "https://crm.acme.example",
            "redirect_uris": ["https://crm.acme.example/oauth/callback"],
            "scopes": ["people:read", "people:write", "jobs:read", "jobs:write", "webhooks:read",
                "webhooks:write"]}),
        "update_client" => json!({"description": "Nightly CRM sync of enriched people"}),
        "create_key" => json!({"client_id": id("cli"), "name": "Production key",
            "scopes": ["people:read", "people:write"]}),
        "create_webhook" | "create_client_webhook" => {
            json!({"url": "https://hooks.acme.example/enrich",
            "events": ["person.*", "job.completed"], "description": "CRM sync"})
        }
        "update_webhook" | "update_client_webhook" => {
            json!({"description": "CRM sync (people and jobs)",
            "events": ["person.*", "job.*"]})
        }
        "create_contact" => json!({"email": "ana.souza@globex.com", "first_name": "Ana",
            "last_name": "Souza", "country": "BR", "language": "pt-BR",
            "attributes": {"plan": "pro"}}),
        "update_contact" => {
            json!({"first_name": "Ana Maria", "attributes": {"plan": "enterprise"}})
        }
        "bulk_contacts" => json!({"contacts": [
            {"email": "bruno.lima@globex.com", "first_name": "Bruno", "country": "BR", "language": "pt-BR"},
            {"email": "lucia.perez@initech.example", "first_name": "Lucía", "country": "AR", "language": "es"}]}),
        "contacts_from_people" => json!({"person_ids": [id("per")], "tags": ["customers-br"]}),
        "validate_contacts" => json!({"contact_ids": [id("con")], "on_invalid": "suppress"}),
        "audience_preview" => json!({"tags_any": ["customers-br"], "language": "pt"}),
        "update_tag" => {
            json!({"name": "Customers in Brazil", "description": "Paying accounts in Brazil"})
        }
        "tag_contacts" | "untag_contacts" => json!({"contact_ids": [id("con")]}),
        "add_suppressions" => {
            json!({"emails": ["former.customer@initech.example"], "reason": "manual"})
        }
        "preview_template" => json!({"contact_id": id("con")}),
        "create_profile" | "replace_profile" => json!({"name": "Main (SES)",
            "ses": {"from_domain": "mail.acme.com", "configuration_set": "enrich-campaigns"},
            "throttle": {"per_second": 14, "per_hour": 50000}, "daily_cap": 50000}),
        "create_campaign" => json!({"name": "November newsletter", "profile_id": id("snd"),
            "template_id": id("tpl"), "sender": sender, "category": "newsletter",
            "tags_any": ["customers-br"]}),
        "replace_campaign" => {
            json!({"name": "November newsletter (Brazil)", "profile_id": id("snd"),
            "template_id": id("tpl"), "sender": sender, "category": "newsletter",
            "tags_any": ["customers-br"]})
        }
        "create_source" | "update_source" => json!({"name": "Scraper-Pro France",
            "type": "http_json", "url": "https://api.scraper-pro.example/v1/exports/fr/contacts",
            "items_path": "/data", "next_cursor_path": "/next_cursor", "cursor_param": "cursor",
            "mapping": {"email": "/email", "first_name": "/first_name", "last_name": "/last_name",
                "country": "/country"},
            "schedule": "rate(1 day)"}),
        "sync_source" => json!({"force": false}),
        "erase_subject" => json!({"email": "lucia.perez@initech.example"}),
        "post_generic" => json!({"events": [{"type": "delivered", "email": "ana.souza@globex.com",
            "id": "esp-7f3a9c21"}]}),
        "post_mailwizz" => json!({"event": {"type": "open", "date_added": "2026-12-01 10:00:00"},
            "subscriber": {"attributes": {"subscriber_uid": "su7k2m9q", "email": "ana.souza@globex.com"}},
            "campaign": {"attributes": {"campaign_uid": "cu3x8v1n", "name": "November newsletter"}}}),
        "post_powermta" => json!([{"type": "d", "timeLogged": "2026-12-01 10:00:00-0000",
            "orig": "news@mail.acme.com", "rcpt": "ana.souza@globex.com", "dsnStatus": "2.0.0",
            "jobId": "november-newsletter"}]),
        "post_ses" => json!({"Type": "Notification",
            "MessageId": "5e1f6a2b-8c3d-4e5f-9a0b-1c2d3e4f5a6b",
            // Another topic than the one `put_ses_topics` shows registering: an example run
            // against a stack without internet stops at the topic check, not at fetching AWS's
            // signing certificate (a retryable 503).
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:ses-feedback",
            "Message": json!({"eventType": "Delivery", "mail": {"messageId": "0100018c2f3a4b5c-delivery",
                "destination": ["ana.souza@globex.com"], "timestamp": "2026-12-01T10:15:00.000Z"},
                "delivery": {"recipients": ["ana.souza@globex.com"], "timestamp": "2026-12-01T10:15:02.000Z"}}).to_string(),
            "Timestamp": "2026-12-01T10:15:03.000Z", "SignatureVersion": "2",
            "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
            "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"}),
        "post_test" => json!({"events": [{"type": "delivered", "email": "ana.souza@globex.com",
            "id": "esp-7f3a9c22"}]}),
        _ => return None,
    })
}
