//! What every route can answer besides what its handler annotates, added to the document from the
//! route table so the contract is exact without repeating it on 60 handlers:
//! - protected routes: 401 (no or bad credentials), 403 (credential without the permission), 429
//!   (a partner credential's rate limit, or the gateway's usage plan), with their headers;
//! - routes with parameters or a body: 400 (malformed JSON, a repeated or malformed parameter);
//!   with path parameters: 404; with a body: 413, 415, 422; protected writes: 409 (a concurrent
//!   change, an `Idempotency-Key` still in flight);
//! - every route: 503 (the data store is busy; `Retry-After`);
//! - 2xx answers of protected routes: the rate-limit headers and `livemode`;
//! - path parameters: the pattern of the id they take (`per_` + a ULID…), so a generated client and a
//!   fuzzer both know what a well-formed id is;
//! - security: bearer for people's routes; bearer, API key and OAuth2 (with the scope) where a
//!   partner credential may call.

use kernel::routing::{Access, RouteSpec};
use serde_json::{json, Map, Value};

/// Crockford base32, either case (ids are canonicalised on parse).
const ULID: &str = "[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}";

/// Each id path parameter and the prefix of its ids.
pub const ID_PARAMS: &[(&str, &str)] = &[
    ("source_id", "src"),
    ("sync_run_id", "syn"),
    ("person_id", "per"),
    ("company_id", "com"),
    ("job_id", "job"),
    ("user_id", "usr"),
    ("session_id", "ses"),
    ("client_id", "cli"),
    ("key_id", "key"),
    ("contact_id", "con"),
    ("template_id", "tpl"),
    ("campaign_id", "cmp"),
    ("profile_id", "snd"),
    ("webhook_id", "wh"),
    ("delivery_id", "msg"),
    ("run_id", "val"),
];

/// The id prefix each path parameter takes.
fn id_prefix(param: &str) -> Option<&'static str> {
    ID_PARAMS
        .iter()
        .find(|(name, _)| *name == param)
        .map(|(_, prefix)| *prefix)
}

fn id_schema(prefix: &str) -> Value {
    json!({"type": "string", "pattern": format!("^{prefix}_{ULID}$"),
        "example": crate::examples::id(prefix)})
}

/// The id shape alone, for a property that may also be null.
fn id_pattern(prefix: &str) -> Value {
    json!({"pattern": format!("^{prefix}_{ULID}$"), "example": crate::examples::id(prefix)})
}

/// A BCP 47 tag as `kernel::text::language_is_valid` reads it.
const LANGUAGE: &str = "^[A-Za-z]{2,3}(-([A-Za-z]{4}|[A-Za-z]{2}|[0-9]{3})){0,2}$";
/// One line (no control character) with something besides spaces.
const ONE_LINE_NOT_BLANK: &str = kernel::text::ONE_LINE_NOT_BLANK;
/// Multi-line text: line breaks and tabs, no other control character.
const MULTILINE: &str = kernel::text::MULTILINE;

fn text(max: usize) -> Value {
    // kernel::text::is_control: C0, DEL and C1.
    json!({"type": "string", "maxLength": max, "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"})
}

fn one_of(values: &[&str]) -> Value {
    json!({"type": "string", "enum": values})
}

/// The providers, as path and query parameters name them.
const PROVIDERS: &[&str] = &[
    "apollo",
    "pdl",
    "zerobounce",
    "rocketreach",
    "brasilapi",
    "serpro",
    "sandbox",
];

/// The fields providers fill, person's and company's (each once).
fn provider_fields() -> Vec<&'static str> {
    let mut fields: Vec<&str> = providers::PERSON_FIELDS
        .iter()
        .chain(providers::COMPANY_FIELDS)
        .copied()
        .collect();
    fields.sort_unstable();
    fields.dedup();
    fields
}

/// The schema of a parameter, from the rules its handler applies.
fn parameter_schema(path: &str, place: &str, name: &str) -> Option<Value> {
    if place == "path" {
        if let Some(prefix) = id_prefix(name) {
            return Some(id_schema(prefix));
        }
        if name == "token" && path.starts_with("/v1/unsubscribe/") {
            return Some(json!({"type": "string", "maxLength": 2000,
                "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"}));
        }
        if name == "email" && path.starts_with("/v1/suppressions/") {
            return Some(json!({"type": "string", "maxLength": 254,
                    "example": "former.customer@initech.example"}));
        }
        if name == "slug" {
            return Some(
                json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$",
                "example": "customers-br"}),
            );
        }
        if name == "name" && path.starts_with("/v1/providers/") {
            // Only some providers have an account endpoint to read credits from, and only some
            // take a key (BrasilAPI is open, the sandbox local).
            return Some(if path.ends_with("/account") {
                one_of(&["zerobounce", "rocketreach", "sandbox"])
            } else if path.ends_with("/credentials") {
                one_of(&["apollo", "pdl", "zerobounce", "rocketreach", "serpro"])
            } else {
                one_of(PROVIDERS)
            });
        }
        return None;
    }
    if place == "header" && name == "Idempotency-Key" {
        return Some(json!({"type": "string", "pattern": "^[\\x21-\\x7E]{1,255}$"}));
    }
    if place != "query" {
        return None;
    }
    if path.ends_with("/deliveries") {
        match name {
            "status" => return Some(one_of(&["pending", "delivered", "failed", "skipped"])),
            "event" => {
                let names: Vec<&str> = webhooks::catalogue::EVENTS.iter().map(|e| e.name).collect();
                return Some(one_of(&names));
            }
            _ => {}
        }
    }
    if path == "/v1/data-sources/{source_id}" && name == "reassign_to" {
        return Some(id_schema("src"));
    }
    Some(match (path, name) {
        ("/v1/stats/campaigns", "limit") => json!({"type": "integer", "minimum": 1, "maximum": 25}),
        ("/v1/providers/performance", "days") => {
            json!({"type": "integer", "minimum": 1, "maximum": 90})
        }
        ("/v1/providers/performance", "field") => {
            json!({"type": "string", "enum": provider_fields()})
        }
        ("/v1/data-subjects/export", "email") => {
            json!({"type": "string", "format": "email", "maxLength": 254})
        }
        (_, "limit") => json!({"type": "integer", "minimum": 1, "maximum": 100}),
        ("/v1/api-clients", "status") | ("/v1/users", "status") => one_of(&["active", "suspended"]),
        ("/v1/api-clients", "rate_limit_tier") => {
            one_of(&["basic", "standard", "premium", "enterprise"])
        }
        ("/v1/jobs", "status") => {
            one_of(&["pending", "processing", "completed", "failed", "cancelled"])
        }
        ("/v1/jobs", "type") => one_of(&["people", "companies"]),
        ("/v1/contacts", "status") => {
            one_of(&["subscribed", "unsubscribed", "bounced", "complained"])
        }
        ("/v1/contacts", "validation") => one_of(&["pending", "valid", "invalid", "risky"]),
        ("/v1/contacts", "language") => json!({"type": "string",
            "pattern": "^[A-Za-z]{2,3}(-([A-Za-z]{4}|[A-Za-z]{2}|[0-9]{3})){0,2}$"}),
        ("/v1/contacts", "source") => json!({"type": "string", "pattern": "^[a-z0-9_.:-]{1,64}$"}),
        ("/v1/contacts", "tag") => {
            json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"})
        }
        ("/v1/campaigns" | "/v1/stats/campaigns", "status") => one_of(&[
            "draft",
            "scheduled",
            "running",
            "paused",
            "cancelled",
            "finished",
        ]),
        ("/v1/jobs/{job_id}/results", "status") => {
            one_of(&["succeeded", "not_found", "failed", "skipped", "duplicate"])
        }
        ("/v1/api-clients/{client_id}/usage", "group_by") => one_of(&["hour", "day"]),
        ("/v1/providers/usage", "group_by") => one_of(&["day", "provider"]),
        ("/v1/api-clients/{client_id}/usage", "from" | "to")
        | ("/v1/audit-events", "from" | "to") => {
            json!({"type": "string", "format": "date-time"})
        }
        ("/v1/providers/usage", "from" | "to") => json!({"type": "string", "format": "date"}),
        (_, "include") => one_of(&["sources"]),
        (_, "company_id") => id_schema("com"),
        ("/v1/people/lookup-status", "ids") => json!({"type": "string",
            "pattern": format!("^per_{ULID}(,per_{ULID}){{0,24}}$")}),
        ("/v1/providers/calls", "provider") => one_of(PROVIDERS),
        // Free text: no control characters (the handlers refuse them), bounded.
        ("/v1/users", "q") => text(100),
        ("/v1/audit-events", "action" | "actor_id" | "target_id") => text(64),
        ("/v1/users", "sort") => one_of(&[
            "created_at",
            "-created_at",
            "name",
            "-name",
            "email",
            "-email",
            "last_login_at",
            "-last_login_at",
        ]),
        _ => return None,
    })
}

/// Adds `constraints` to the property `field` of the schema `schema` (when both exist).
fn constrain(schemas: &mut Map<String, Value>, schema: &str, field: &str, constraints: Value) {
    if let Some(Value::Object(prop)) = schemas
        .get_mut(schema)
        .and_then(|s| s.pointer_mut(&format!("/properties/{field}")))
    {
        if let Value::Object(c) = constraints {
            prop.extend(c);
        }
    }
}

/// Constraints of request bodies the handlers enforce and the derived schemas do not say.
pub fn complete_schemas(doc: &mut Value) {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut set = |schema: &str, field: &str, constraints: Value| {
        constrain(schemas, schema, field, constraints)
    };
    // An API client (`partners::clients::check_common`).
    let https = kernel::web::https_url_schema(kernel::web::MAX_URL_LEN);
    for schema in ["ClientBody", "ClientUpdate"] {
        set(schema, "scopes", json!({"minItems": 1}));
        set(
            schema,
            "name",
            json!({"minLength": 1, "maxLength": 200, "pattern": ONE_LINE_NOT_BLANK}),
        );
        set(
            schema,
            "description",
            json!({"maxLength": 2000, "pattern": MULTILINE}),
        );
        set(
            schema,
            "redirect_uris",
            json!({"maxItems": partners::clients::MAX_REDIRECT_URIS, "items": https.clone()}),
        );
        for field in ["website", "logo_url"] {
            set(
                schema,
                field,
                json!({"maxLength": kernel::web::MAX_URL_LEN, "pattern": *kernel::web::HTTPS_URL}),
            );
        }
        set(
            schema,
            "metadata",
            partners::clients::metadata_constraints(),
        );
    }
    set(
        "ClientUpdate",
        "contact_email",
        json!({"format": "email", "maxLength": 254}),
    );
    // A client is suspended or reactivated by a change, deleted only by DELETE.
    set(
        "ClientUpdate",
        "status",
        json!({"oneOf": [{"type": "null"},
            {"type": "string", "enum": ["active", "suspended"],
             "description": "`active` or `suspended`. Suspension stops every key and token of \
                the client on the next request; reactivation restores them."}]}),
    );
    set("KeyBody", "client_id", id_schema("cli"));
    set("KeyBody", "name", json!({"minLength": 1, "maxLength": 200}));
    set("KeyBody", "scopes", json!({"minItems": 1}));
    set(
        "KeyBody",
        "rate_limit_override",
        json!({"minimum": 1, "maximum": 100_000}),
    );
    set(
        "PeopleBulkBody",
        "people",
        json!({"minItems": 1, "maxItems": 10_000}),
    );
    set(
        "CompaniesBulkBody",
        "companies",
        json!({"minItems": 1, "maxItems": 10_000}),
    );
    set("CodeBody", "code", json!({"pattern": "^[0-9]{6}$"}));
    set(
        "CompanySearchBody",
        "page_size",
        json!({"minimum": 1, "maximum": 100}),
    );
    set(
        "PeopleSearchBody",
        "page_size",
        json!({"minimum": 1, "maximum": 100}),
    );
    set("RegisterBody", "password", json!({"minLength": 12}));
    set(
        "CredentialsBody",
        "api_key",
        json!({"pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]{8,1024}$"}),
    );
    // Ids a body names have the shape of their kind.
    set("CampaignBody", "profile_id", id_schema("snd"));
    set("CampaignBody", "template_id", id_pattern("tpl"));
    set("FromPeopleBody", "job_id", id_pattern("job"));
    set(
        "FromPeopleBody",
        "person_ids",
        json!({"items": id_schema("per")}),
    );
    set(
        "ContactIdsBody",
        "contact_ids",
        json!({"items": id_schema("con")}),
    );
    set(
        "ValidateBody",
        "contact_ids",
        json!({"items": id_schema("con")}),
    );
    set(
        "StatusBody",
        "status",
        json!({"enum": ["active", "suspended"]}),
    );
    // Tag slugs (`tags::slug_is_valid`), at most 20 to a list.
    let slugs = json!({"maxItems": 20,
        "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"}});
    for (schema, field) in [
        ("Audience", "tags_all"),
        ("Audience", "tags_any"),
        ("Audience", "exclude_tags"),
        ("CampaignBody", "tags_all"),
        ("CampaignBody", "tags_any"),
        ("CampaignBody", "exclude_tags"),
        ("FromPeopleBody", "tags"),
    ] {
        set(schema, field, slugs.clone());
    }
    // BCP 47 tags as `kernel::text::language_is_valid` reads them.
    let language = json!({"pattern": LANGUAGE});
    for (schema, field) in [
        ("Audience", "language"),
        ("CampaignBody", "language"),
        ("PreferencesBody", "language"),
        ("TemplateBody", "language"),
    ] {
        set(schema, field, language.clone());
    }
    // Scopes: the catalogue's names, each once (`partners::clients::check_scopes`).
    // One named type, so a generated client has one scope enum rather than one per body.
    let scopes = json!({"uniqueItems": true, "items": {"$ref": "#/components/schemas/ScopeName"}});
    for schema in ["ClientBody", "ClientUpdate", "KeyBody"] {
        set(schema, "scopes", scopes.clone());
    }
    set(
        "SesTopics",
        "topic_arns",
        json!({"items": {"type": "string", "pattern":
            "^arn:(aws|aws-cn|aws-us-gov):sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9._-]{1,256}$"}}),
    );
    set(
        "AlertSettingsChange",
        "thresholds",
        json!({"uniqueItems": true,
            "items": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100}}),
    );
    // A tag's name: 1 to 100 characters on one line once trimmed; its description multi-line.
    for schema in ["TagBody", "TagPatchBody"] {
        set(schema, "name", json!({"pattern": ONE_LINE_NOT_BLANK}));
        set(schema, "description", json!({"pattern": MULTILINE}));
    }
    set(
        "UpdateUserBody",
        "name",
        json!({"minLength": 1, "maxLength": 100, "pattern": ONE_LINE_NOT_BLANK}),
    );
    // Enrichment options (`enrichment::options::check_options`): 1 to 10 distinct providers able
    // to do this kind of enrichment, and at least one field of the record.
    let able = |capabilities: &[providers::Capability]| -> Vec<&'static str> {
        providers::ProviderName::ALL
            .into_iter()
            .filter(|p| capabilities.iter().any(|c| p.can(*c)))
            .map(|p| p.as_str())
            .collect()
    };
    let people = able(&[providers::Capability::Person]);
    let companies = able(&[
        providers::Capability::Company,
        providers::Capability::Registry,
    ]);
    for (schema, names, fields) in [
        ("PersonEnrichBody", &people, providers::PERSON_FIELDS),
        ("PeopleBulkBody", &people, providers::PERSON_FIELDS),
        ("CompanyEnrichBody", &companies, providers::COMPANY_FIELDS),
        ("CompaniesBulkBody", &companies, providers::COMPANY_FIELDS),
    ] {
        set(
            schema,
            "sources",
            json!({"minItems": 1, "maxItems": 10, "uniqueItems": true,
                "items": {"type": "string", "enum": names}}),
        );
        set(
            schema,
            "fields",
            json!({"minItems": 1, "items": {"type": "string", "enum": fields}}),
        );
    }
    set(
        "PolicyChange",
        "max_age_days",
        json!({"propertyNames": {"type": "string", "enum": provider_fields()},
            "additionalProperties": {"type": ["integer", "null"], "format": "int32", "minimum": 0,
                "maximum": enrichment::policy::MAX_AGE_DAYS_LIMIT}}),
    );
    // A template's parts (`campaigns::templates::parse`).
    set(
        "TemplateBody",
        "name",
        json!({"minLength": 1, "maxLength": 100, "pattern": ONE_LINE_NOT_BLANK}),
    );
    set(
        "TemplateBody",
        "subject",
        json!({"minLength": 1, "maxLength": 500}),
    );
    set("TemplateBody", "html", json!({"minLength": 1}));
    set(
        "TemplateBody",
        "group",
        json!({"pattern": "^[a-z0-9][a-z0-9-]{0,63}$"}),
    );
    // A contact keeps an address: a change may replace it, not remove it.
    set(
        "ContactPatchBody",
        "email",
        json!({"type": "string", "format": "email", "maxLength": 254}),
    );
    // A bulk row is a contact body whose bad values are that row's error in the 200 answer, not
    // the request's: it keeps the open shape, and the contact bodies get the rules.
    if let Some(mut row) = schemas.get("ContactBody").cloned() {
        row["description"] = json!(
            "A contact as a bulk row: a bad value is this row's error in \
            the answer (the other rows are applied), with the rules of a contact body."
        );
        schemas.insert("ContactRow".into(), row);
        if let Some(items) = schemas
            .get_mut("BulkBody")
            .and_then(|b| b.pointer_mut("/properties/contacts/items"))
        {
            *items = json!({"$ref": "#/components/schemas/ContactRow"});
        }
    }
    // A contact's fields (`campaigns::contacts::parse`).
    let mut set = |schema: &str, field: &str, constraints: Value| {
        constrain(schemas, schema, field, constraints)
    };
    for schema in ["ContactBody", "ContactPatchBody"] {
        for name in ["first_name", "last_name"] {
            set(
                schema,
                name,
                json!({"minLength": 1, "maxLength": 100, "pattern": ONE_LINE_NOT_BLANK}),
            );
        }
        set(schema, "country", json!({"pattern": "^[A-Za-z]{2}$"}));
        set(
            schema,
            "source",
            json!({"pattern": "^[A-Za-z0-9_.:-]{1,64}$"}),
        );
        set(schema, "language", json!({"pattern": LANGUAGE}));
        set(schema, "tags", slugs.clone());
        set(
            schema,
            "attributes",
            json!({"maxProperties": 50,
                "propertyNames": {"type": "string", "pattern": "^[A-Za-z0-9_]{1,64}$"},
                "additionalProperties": {"oneOf": [
                    {"type": "string", "maxLength": 1000}, {"type": "number"}, {"type": "boolean"}]}}),
        );
    }
    set(
        "ContactBody",
        "email",
        json!({"format": "email", "maxLength": 254}),
    );
    // A sending profile (`campaigns::senders::check`).
    set(
        "ProfileBody",
        "name",
        json!({"minLength": 1, "maxLength": 100, "pattern": ONE_LINE_NOT_BLANK}),
    );
    set(
        "SesSettings",
        "from_domain",
        json!({"maxLength": 253,
            "pattern": "^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{1,63}$"}),
    );
    set(
        "SesSettings",
        "configuration_set",
        json!({"pattern": "^[A-Za-z0-9_-]{1,64}$"}),
    );
    set(
        "MailwizzInput",
        "api_url",
        kernel::web::https_url_schema(campaigns::senders::MAX_API_URL),
    );
    set(
        "MailwizzInput",
        "list_uid",
        json!({"pattern": "^[A-Za-z0-9]{1,40}$"}),
    );
    set(
        "MailwizzInput",
        "api_key",
        json!({"minLength": 1, "maxLength": 200,
            "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}),
    );
    // Addresses the handlers check as email addresses.
    let email = json!({"format": "email", "maxLength": 254});
    for (schema, field) in [
        ("ErasureBody", "email"),
        ("RegisterBody", "email"),
        ("InviteBody", "email"),
        ("ClientBody", "contact_email"),
        ("PersonEnrichBody", "email"),
        ("EmailBody", "email"),
    ] {
        set(schema, field, email.clone());
    }
    set(
        "SuppressionsBody",
        "emails",
        json!({"items": {"type": "string", "format": "email", "maxLength": 254}}),
    );
    // A person's role, as a user edit may set it (`api` belongs to API keys only).
    set(
        "UpdateUserBody",
        "role",
        json!({"oneOf": [{"type": "null"},
            {"type": "string", "enum": ["owner", "admin", "member", "viewer"]}]}),
    );
    // An invitation names one of three roles, not every role (owners are promoted, keys issued).
    if let Some(role) = schemas
        .get_mut("InviteBody")
        .and_then(|s| s.pointer_mut("/properties/role"))
    {
        *role = json!({"type": "string", "enum": ["admin", "member", "viewer"],
            "description": role["description"].clone()});
    }
    // A data source's version belongs to its changes (PUT), not to its creation.
    if let Some(Value::Object(props)) = schemas
        .get_mut("SourceBody")
        .and_then(|s| s.get_mut("properties"))
    {
        props.remove("version");
    }
    // A record edit is not `{}` (refused, not a no-op; one naming only `version` changes
    // nothing and answers the record); a key that is not a field is refused.
    for patch in ["PersonPatch", "CompanyPatch"] {
        if let Some(Value::Object(s)) = schemas.get_mut(patch) {
            s.insert("minProperties".into(), json!(1));
            s.insert("additionalProperties".into(), json!(false));
        }
    }
    // Exactly one of two fields (the other absent or null), as the handlers check them.
    for (schema, fields) in [
        ("ProfileBody", ["ses", "mailwizz"]),
        ("CampaignBody", ["template_id", "template_group"]),
        ("FromPeopleBody", ["person_ids", "job_id"]),
        ("PreviewBody", ["contact_id", "contact"]),
    ] {
        let groups: Vec<Vec<&str>> = fields.iter().map(|f| vec![*f]).collect();
        combine(schemas, schema, "oneOf", &groups);
    }
    // What identifies a record to enrich or erase: one of these groups of fields, each present.
    combine(
        schemas,
        "PersonEnrichBody",
        "anyOf",
        &[
            vec!["email"],
            vec!["linkedin_url"],
            vec!["name", "company_domain"],
            vec!["first_name", "last_name", "company_domain"],
        ],
    );
    // A user edit names a new name or a new role (null is absent).
    combine(
        schemas,
        "UpdateUserBody",
        "anyOf",
        &[vec!["name"], vec!["role"]],
    );
    combine(
        schemas,
        "CompanyEnrichBody",
        "anyOf",
        &[vec!["domain"], vec!["name"], vec!["tax_id", "country"]],
    );
    let names: Vec<&str> = access::partner::SCOPES.iter().map(|s| s.name).collect();
    schemas.insert(
        "ScopeName".into(),
        json!({"type": "string", "enum": names,
            "description": "A scope partner credentials may be given (`GET /v1/scopes`)."}),
    );
    validation_run(schemas);
    // A form has no null: the token request's optional fields are absent or a string.
    if let Some(Value::Object(props)) = schemas
        .get_mut("TokenForm")
        .and_then(|s| s.get_mut("properties"))
    {
        for field in ["client_id", "client_secret", "scope"] {
            if let Some(p) = props.get_mut(field) {
                p["type"] = json!("string");
            }
        }
    }
    // A record edit's values (`enrichment::patch::edit_rule`, which the handler applies as is).
    for (schema, fields) in [
        ("PersonPatch", enrichment::patch::PersonPatch::FIELDS),
        ("CompanyPatch", enrichment::patch::CompanyPatch::FIELDS),
    ] {
        for field in fields {
            constrain(
                schemas,
                schema,
                field,
                enrichment::patch::edit_rule(field).0,
            );
        }
    }
    // A preview's sample contact is read as a contact change is (less the version).
    if let Some(mut sample) = schemas.get("ContactPatchBody").cloned() {
        if let Some(Value::Object(props)) = sample.get_mut("properties") {
            props.remove("version");
        }
        sample["description"] = json!("Sample contact fields a preview renders with, read as a \
            contact's own (`campaigns::contacts::sample`); `email` defaults to someone@example.com.");
        schemas.insert("SampleContact".into(), sample);
    }
    // A bounce rule for invalid addresses names its tag exactly when its action is `tag`
    // (`events::rules::BounceRulesBody::check`); the tag must exist (a 422 on state).
    if let Some(rule) = schemas.get_mut("InvalidAddressRule") {
        let description = rule["description"].clone();
        *rule = json!({"description": description, "oneOf": [
            {"title": "InvalidAddressRuleUntagged", "type": "object",
             "additionalProperties": false, "required": ["action"],
             "properties": {
                "action": {"type": "string", "enum": ["none", "suppress"]},
                "tag": {"type": "null"}}},
            {"title": "InvalidAddressRuleTagging", "type": "object",
             "additionalProperties": false, "required": ["action", "tag"],
             "properties": {
                "action": {"type": "string", "enum": ["tag"]},
                "tag": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$",
                    "description": "An existing tag's slug."}}}]});
    }
    if let Some(Value::Object(s)) = schemas.get_mut("ErasureBody") {
        s.insert("required".into(), json!(["email"]));
        if let Some(email) = s.get_mut("properties").and_then(|p| p.get_mut("email")) {
            email["type"] = json!("string");
        }
    }
}

/// Adds `keyword` (`oneOf`, `anyOf`) over `groups` to a body: each alternative is the whole body
/// with its group's fields required and not null (JSON `null` counts as absent, as in every body),
/// so a generated client gets one complete type per alternative (`PersonEnrichBodyByEmail`).
fn combine(schemas: &mut Map<String, Value>, schema: &str, keyword: &str, groups: &[Vec<&str>]) {
    let Some(Value::Object(s)) = schemas.get_mut(schema) else {
        return;
    };
    let base = s.get("properties").cloned().unwrap_or_else(|| json!({}));
    let required: Vec<Value> = s
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let alternatives: Vec<Value> = groups
        .iter()
        .map(|fields| {
            let mut properties = base.clone();
            for f in fields {
                if let Some(p) = properties.get_mut(*f) {
                    *p = non_null(p);
                }
            }
            if keyword == "oneOf" {
                // Exactly one: the other alternatives' fields are absent or null here.
                for other in groups.iter().flatten().filter(|o| !fields.contains(o)) {
                    if let Some(p) = properties.get_mut(*other) {
                        *p = json!({"type": "null"});
                    }
                }
            }
            let mut needed = required.clone();
            needed.extend(fields.iter().map(|f| json!(f)));
            // A title names the alternative in generated clients.
            let title: String = fields
                .iter()
                .flat_map(|f| f.split('_'))
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|first| first.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect();
            json!({"title": format!("{schema}By{title}"), "type": "object",
                "additionalProperties": s.get("additionalProperties").cloned().unwrap_or(json!(true)),
                "required": needed, "properties": properties})
        })
        .collect();
    s.insert(keyword.into(), Value::Array(alternatives));
}

/// A property's schema without `null`: `["string", "null"]` → `"string"`, `oneOf [null, X]` → X.
fn non_null(schema: &Value) -> Value {
    let mut out = schema.clone();
    if let Value::Object(m) = &mut out {
        if m.get("default") == Some(&Value::Null) {
            m.remove("default");
        }
    }
    if let Some(types) = schema["type"].as_array() {
        let kept: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        out["type"] = if kept.len() == 1 {
            kept[0].clone()
        } else {
            Value::Array(kept)
        };
        return out;
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(parts) = schema[keyword].as_array() {
            let kept: Vec<&Value> = parts.iter().filter(|p| p["type"] != "null").collect();
            if let [only] = kept.as_slice() {
                let mut single = (*only).clone();
                if let (Some(d), Value::Object(m)) = (schema.get("description"), &mut single) {
                    m.entry("description").or_insert(d.clone());
                }
                return single;
            }
        }
    }
    out
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

fn header(description: &str, schema: Value) -> Value {
    json!({"description": description, "schema": schema})
}

fn rate_limit_headers() -> Map<String, Value> {
    let mut h = Map::new();
    for (name, description, schema) in [
        (
            "X-RateLimit-Limit",
            "Requests allowed in the binding window (partner credentials)",
            json!({"type": "integer"}),
        ),
        (
            "X-RateLimit-Remaining",
            "Requests left in that window",
            json!({"type": "integer"}),
        ),
        (
            "X-RateLimit-Reset",
            "When that window starts again (RFC 3339)",
            json!({"type": "string", "format": "date-time"}),
        ),
        (
            "X-RateLimit-Resource",
            "Which window binds: minute, hour or day",
            json!({"type": "string", "enum": ["minute", "hour", "day"]}),
        ),
        (
            "RateLimit-Policy",
            "IETF draft: every window, e.g. \"minute\";q=60;w=60",
            json!({"type": "string"}),
        ),
        (
            "RateLimit",
            "IETF draft: the binding window, e.g. \"minute\";r=42;t=18",
            json!({"type": "string"}),
        ),
    ] {
        h.insert(name.into(), header(description, schema));
    }
    h
}

fn add(responses: &mut Map<String, Value>, status: &str, value: Value) {
    responses.entry(status.to_owned()).or_insert(value);
}

/// Operation ids must be unique in a document (client generators name methods after them): two
/// functions' `enrich` become `people_enrich` and `companies_enrich`.
fn unique_operation_ids(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for item in paths.values() {
        for op in item.as_object().into_iter().flat_map(|m| m.values()) {
            if let Some(id) = op["operationId"].as_str() {
                *seen.entry(id.to_owned()).or_default() += 1;
            }
        }
    }
    for (path, item) in paths.iter_mut() {
        let family = path.split('/').nth(2).unwrap_or("api").replace('-', "_");
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            let Some(id) = op["operationId"].as_str().map(str::to_owned) else {
                continue;
            };
            if seen.get(&id).copied().unwrap_or(0) > 1 {
                op["operationId"] = json!(format!("{family}_{id}"));
            }
        }
    }
}

/// A creating operation (path, method, status) and the operations its answer links to, each with
/// the parameters it takes from the answer.
type LinkRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static [(&'static str, &'static str)])],
);

/// OpenAPI links from what creates a resource to what reads, changes and deletes it, so a client
/// (and the contract gate's stateful phase) can follow a resource through its life.
fn links(doc: &mut Value) {
    let table: &[LinkRow] = &[
        (
            "/v1/api-clients",
            "post",
            "201",
            &[
                ("get_client", &[("client_id", "$response.body#/id")]),
                ("update_client", &[("client_id", "$response.body#/id")]),
                ("list_keys", &[("client_id", "$response.body#/id")]),
                ("client_usage", &[("client_id", "$response.body#/id")]),
                ("client_dashboard", &[("client_id", "$response.body#/id")]),
                ("delete_client", &[("client_id", "$response.body#/id")]),
            ],
        ),
        (
            "/v1/api-keys",
            "post",
            "201",
            &[(
                "revoke_key",
                &[
                    ("client_id", "$response.body#/client_id"),
                    ("key_id", "$response.body#/id"),
                ],
            )],
        ),
        (
            "/v1/people/enrich",
            "post",
            "201",
            &[
                ("get_person", &[("person_id", "$response.body#/record/id")]),
                (
                    "update_person",
                    &[("person_id", "$response.body#/record/id")],
                ),
                (
                    "delete_person",
                    &[("person_id", "$response.body#/record/id")],
                ),
            ],
        ),
        (
            "/v1/companies/enrich",
            "post",
            "201",
            &[
                (
                    "get_company",
                    &[("company_id", "$response.body#/record/id")],
                ),
                (
                    "update_company",
                    &[("company_id", "$response.body#/record/id")],
                ),
            ],
        ),
        (
            "/v1/people/enrich/bulk",
            "post",
            "202",
            &[
                ("get_job", &[("job_id", "$response.body#/id")]),
                ("job_results", &[("job_id", "$response.body#/id")]),
                ("cancel_job", &[("job_id", "$response.body#/id")]),
            ],
        ),
        (
            "/v1/companies/enrich/bulk",
            "post",
            "202",
            &[
                ("get_job", &[("job_id", "$response.body#/id")]),
                ("job_results_csv", &[("job_id", "$response.body#/id")]),
            ],
        ),
    ];
    for (path, method, status, targets) in table {
        let Some(response) = doc
            .pointer_mut(&format!(
                "/paths/{}/{method}/responses/{status}",
                path.replace('/', "~1")
            ))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let mut links = Map::new();
        for (operation, params) in *targets {
            let parameters: Map<String, Value> = params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), json!(v)))
                .collect();
            links.insert(
                operation.to_string(),
                json!({"operationId": operation, "parameters": parameters}),
            );
        }
        response.insert("links".into(), Value::Object(links));
    }
}

/// Completes every operation of `doc` from the route table.
pub fn complete(doc: &mut Value, routes: &[RouteSpec]) {
    unique_operation_ids(doc);
    links(doc);
    // A data source's PUT changes the fields it gives and keeps the others (the source body
    // without its required fields).
    if let Some(mut change) = doc.pointer("/components/schemas/SourceBody").cloned() {
        if let Value::Object(m) = &mut change {
            m.remove("required");
            // `null` is absent here too: the stored mapping stays.
            if let Some(mapping) = m.get_mut("properties").and_then(|p| p.get_mut("mapping")) {
                mapping["type"] = json!(["object", "null"]);
            }
            m.insert(
                "description".into(),
                json!("What to change: each field given replaces the stored one; the others keep their values."),
            );
        }
        doc["components"]["schemas"]["SourceChange"] = change;
        if let Some(body) = doc.pointer_mut(
            "/paths/~1v1~1data-sources~1{source_id}/put/requestBody/content/application~1json/schema",
        ) {
            *body = json!({"$ref": "#/components/schemas/SourceChange"});
        }
    }
    // A provider's settings change (the handler reads the body field by field, so the derived
    // schema is an open object): the settings it knows, at least one of them.
    if let Some(body) = doc.pointer_mut(
        "/paths/~1v1~1providers~1{name}/patch/requestBody/content/application~1json/schema",
    ) {
        *body = json!({
            "type": "object",
            "description": "The settings to change (at least one).",
            "additionalProperties": false,
            "minProperties": 1,
            "properties": {
                "active": {"type": "boolean", "description": "Whether the waterfall asks this provider."},
                "order": {"type": "integer", "minimum": 0, "maximum": 10_000,
                    "description": "Its place in the fixed order (lower first)."},
                "rate_limit_per_minute": {"type": ["integer", "null"], "minimum": 1, "maximum": 100_000,
                    "description": "Calls per minute for the organisation (`null`: the provider's own)."},
                "monthly_quota": {"type": ["integer", "null"], "minimum": 1, "maximum": 1_000_000_000,
                    "description": "Calls per month (`null`: no quota)."},
                "version": {"type": "integer", "minimum": 0, "maximum": i64::MAX,
                    "description": "The version read; a change made since is a 409."},
            },
        });
    }
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let upper = method.to_ascii_uppercase();
            let Some(route) = routes
                .iter()
                .find(|r| r.path == path && (r.method == upper || r.method == "ANY"))
            else {
                continue;
            };
            complete_operation(path, &upper, route.access, op);
        }
    }
}

fn complete_operation(path: &str, method: &str, access: Access, op: &mut Map<String, Value>) {
    let params: Vec<Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let has_path_params = path.contains('{');
    let has_params = !params.is_empty() || has_path_params;
    let has_body = op.contains_key("requestBody");
    let protected = matches!(access, Access::Permission(_));
    let write = matches!(method, "POST" | "PUT" | "PATCH" | "DELETE");

    // Parameters: the exact values each one takes (what the handler checks, said in the schema).
    if let Some(list) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        for p in list.iter_mut() {
            let name = p["name"].as_str().unwrap_or("").to_owned();
            let place = p["in"].as_str().unwrap_or("").to_owned();
            if let Some(schema) = parameter_schema(path, &place, &name) {
                p["schema"] = schema;
            }
        }
    }

    let responses = op
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(responses) = responses else {
        return;
    };
    if protected {
        for (status, value) in responses.iter_mut() {
            if status.starts_with('2') {
                let headers = value
                    .as_object_mut()
                    .map(|v| v.entry("headers").or_insert_with(|| json!({})));
                if let Some(Value::Object(h)) = headers {
                    for (k, v) in rate_limit_headers() {
                        h.entry(k).or_insert(v);
                    }
                    h.entry("livemode").or_insert(header(
                        "false when a test-mode key answered (its own data space)",
                        json!({"type": "string", "enum": ["true", "false"]}),
                    ));
                }
            }
        }
        let mut unauthenticated = problem(
            "No credentials, or credentials that are not valid (expired, revoked, suspended)",
        );
        unauthenticated["headers"] =
            json!({"WWW-Authenticate": header("Bearer", json!({"type": "string"}))});
        add(responses, "401", unauthenticated);
        add(
            responses,
            "403",
            problem("The credentials do not carry the permission (or scope) this route needs"),
        );
        let mut limited = problem(
            "A partner credential's rate limit is spent (problem+json with the rate-limit headers), or \
             API Gateway's usage plan throttled the key or its quota is spent",
        );
        let mut h = rate_limit_headers();
        h.insert(
            "Retry-After".into(),
            header("Seconds until a retry can pass", json!({"type": "integer"})),
        );
        limited["headers"] = Value::Object(h);
        add(responses, "429", limited);
    }
    if has_params || has_body {
        add(
            responses,
            "400",
            problem("A parameter or the body could not be read (malformed JSON, a repeated or malformed parameter); the field is named"),
        );
    }
    if has_path_params {
        add(
            responses,
            "404",
            problem("Nothing with this id in your organisation"),
        );
    }
    if params.iter().any(|p| p["in"] == "query") {
        add(
            responses,
            "422",
            problem("A parameter's value is well-formed but not acceptable (a cursor not issued for this list and caller, a range too long); the parameter is named"),
        );
    }
    if has_body {
        add(
            responses,
            "413",
            problem("The body is larger than this route accepts"),
        );
        add(
            responses,
            "415",
            problem("The body is not in a media type this route reads"),
        );
        add(
            responses,
            "422",
            problem("A value is not acceptable; every offending field is named in `errors`"),
        );
    }
    if protected && write {
        add(
            responses,
            "409",
            problem("It changed meanwhile (retry after reading it again), or a request with the same Idempotency-Key is still running"),
        );
    }
    let mut unavailable = problem("The data store is busy; retry after the delay");
    unavailable["headers"] = json!({"Retry-After": header("Seconds", json!({"type": "integer"}))});
    add(responses, "503", unavailable);

    // Who may call: people (bearer JWT) always; partner credentials where a scope names the route.
    let security = match access {
        Access::Public => json!([]),
        Access::Permission(p) => match access::partner::permission_scope(p) {
            Some(scope) => json!([{"bearer": []}, {"api_key": []}, {"oauth2": [scope]}]),
            None => json!([{"bearer": []}]),
        },
    };
    op.insert("security".into(), security);
}

/// An example on every operation: each JSON request body and each answer without one gets an
/// example built from its schema (documented property examples, else a value of the right type),
/// so every operation shows what goes in and what comes out.
pub fn examples(doc: &mut Value) {
    let snapshot = doc.clone();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let fill = |content: &mut Value, operation: Option<&str>| {
        for (media, m) in content
            .as_object_mut()
            .into_iter()
            .flat_map(|c| c.iter_mut())
        {
            let Some(m) = m.as_object_mut() else {
                continue;
            };
            if let Some(value) = operation.and_then(|op| crate::examples::request(op, media)) {
                m.remove("examples");
                m.insert("example".into(), value);
                continue;
            }
            if m.contains_key("example") || m.contains_key("examples") {
                continue;
            }
            if let Some(schema) = m.get("schema").cloned() {
                let value = crate::postman::example(&snapshot, &schema, 0);
                if !value.is_null() {
                    m.insert("example".into(), value);
                }
            }
        }
    };
    for item in paths.values_mut() {
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            let operation = op["operationId"].as_str().map(str::to_owned);
            if let Some(content) = op.pointer_mut("/requestBody/content") {
                fill(content, operation.as_deref());
            }
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                for response in responses.values_mut() {
                    if let Some(content) = response.get_mut("content") {
                        fill(content, None);
                    }
                }
            }
        }
    }
}

/// A new MailWizz profile must give the install's key; a replacement may leave it out to keep the
/// stored one (`campaigns::senders::check`). Creation gets its own body type, the same as
/// `ProfileBody` with `mailwizz.api_key` required.
pub fn split_profile_create(doc: &mut Value) {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let (Some(profile), Some(mailwizz)) = (
        schemas.get("ProfileBody").cloned(),
        schemas.get("MailwizzInput").cloned(),
    ) else {
        return;
    };
    let mut input = mailwizz;
    input["description"] = json!("MailWizz settings of a new profile: the API key is required.");
    if let Some(key) = input.pointer_mut("/properties/api_key") {
        *key = non_null(key);
    }
    if let Some(Value::Array(required)) = input.get_mut("required") {
        required.push(json!("api_key"));
    }
    let text = serde_json::to_string(&profile)
        .unwrap_or_default()
        .replace(
            "#/components/schemas/MailwizzInput",
            "#/components/schemas/NewMailwizzInput",
        )
        .replace("\"ProfileBodyBy", "\"NewProfileBodyBy");
    let Ok(mut new_profile) = serde_json::from_str::<Value>(&text) else {
        return;
    };
    new_profile["description"] = json!("A profile as given to create it.");
    if let Some(Value::Object(props)) = new_profile.get_mut("properties") {
        props.remove("version");
    }
    if let Some(Value::Array(alternatives)) = new_profile.get_mut("oneOf") {
        for a in alternatives {
            if let Some(Value::Object(props)) = a.get_mut("properties") {
                props.remove("version");
            }
        }
    }
    schemas.insert("NewMailwizzInput".into(), input);
    schemas.insert("NewProfileBody".into(), new_profile);
    if let Some(body) = doc.pointer_mut(
        "/paths/~1v1~1sending-profiles/post/requestBody/content/application~1json/schema",
    ) {
        *body = json!({"$ref": "#/components/schemas/NewProfileBody"});
    }
}

/// A validation run (`campaigns::validation::start`) checks the contacts named (1 to 5,000 ids)
/// or those a filter selects (absent: pending ones), never both; and names its tag exactly when
/// invalid addresses are tagged. Four alternatives, so each is one complete type in a client.
fn validation_run(schemas: &mut Map<String, Value>) {
    let slug = json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"});
    constrain(
        schemas,
        "ValidateFilter",
        "tag",
        json!({"pattern": slug["pattern"]}),
    );
    let Some(Value::Object(s)) = schemas.get_mut("ValidateBody") else {
        return;
    };
    let base = s.get("properties").cloned().unwrap_or_else(|| json!({}));
    let mut alternatives = Vec::new();
    for by_ids in [true, false] {
        for tagging in [true, false] {
            let mut p = base.clone();
            let mut required = Vec::new();
            if by_ids {
                let mut ids = non_null(&p["contact_ids"]);
                ids["minItems"] = json!(1);
                p["contact_ids"] = ids;
                p["filter"] = json!({"type": "null"});
                required.push("contact_ids");
            } else {
                p["contact_ids"] = json!({"type": "null"});
            }
            if tagging {
                p["on_invalid"] = json!({"type": "string", "enum": ["tag"]});
                let mut tag = slug.clone();
                tag["description"] = p["invalid_tag"]["description"].clone();
                p["invalid_tag"] = tag;
                required.extend(["on_invalid", "invalid_tag"]);
            } else {
                p["on_invalid"] = json!({"oneOf": [{"type": "null"},
                    {"type": "string", "enum": ["suppress", "none"]}],
                    "description": "`suppress` or `none`; the organisation's rule when absent."});
                p["invalid_tag"] = json!({"type": "null"});
            }
            let title = format!(
                "ValidateBy{}{}",
                if by_ids { "ContactIds" } else { "Filter" },
                if tagging { "Tagging" } else { "" }
            );
            alternatives.push(json!({"title": title, "type": "object",
                "additionalProperties": false, "required": required, "properties": p}));
        }
    }
    s.insert("oneOf".into(), Value::Array(alternatives));
}
