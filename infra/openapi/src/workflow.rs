//! The order the Postman collection runs the API in, as a partner would meet it: account and
//! settings, enrichment, bulk jobs, contacts and campaigns, webhooks and partner clients, the
//! sign-in flows, then clean-up (create → read → update → delete) and the calls that end the
//! session last. Ids flow from earlier answers through collection variables (the capture script in
//! `postman.rs`), so every example runs as written on a fresh organisation; `./infra/contract` runs
//! the collection with newman. A test keeps every operation of the document in exactly one step.

/// One request of the run.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// The operation (its `operationId`).
    pub op: &'static str,
    /// Answers other than 2xx the step may get, each because the run cannot hold what the
    /// operation needs (a code from a mail or an authenticator, an SNS signature) — never because
    /// the example is wrong. `why` says which.
    pub expect: &'static [u16],
    pub why: &'static str,
    /// The body the run sends instead of the documented example (values only the run has: the
    /// runner's credentials, a token an earlier answer gave).
    pub body: Option<&'static str>,
    /// The media type of the body, where the operation takes more than one (default JSON).
    pub media: Option<&'static str>,
    /// Query parameters the run sends (`{{variables}}` allowed).
    pub query: &'static [(&'static str, &'static str)],
    /// Path parameters that are not ids (ids come from variables).
    pub path: &'static [(&'static str, &'static str)],
    /// Answer fields kept as collection variables: (variable, dotted path in the JSON answer).
    pub save: &'static [(&'static str, &'static str)],
    /// A pre-request script (JavaScript lines), for requests that must be signed.
    pub pre: &'static [&'static str],
    /// More of the test script (JavaScript lines), for what a dotted path cannot reach.
    pub after: &'static [&'static str],
}

const fn step(op: &'static str) -> Step {
    Step {
        op,
        expect: &[],
        why: "",
        body: None,
        media: None,
        query: &[],
        path: &[],
        save: &[],
        pre: &[],
        after: &[],
    }
}

/// Signs a generic inbound post as a sender would (`t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">`).
const SIGN_INBOUND: &[&str] = &[
    "const t = Math.floor(Date.now() / 1000);",
    "const secret = pm.collectionVariables.get('inbound_secret');",
    "const mac = CryptoJS.HmacSHA256(t + '.' + pm.request.body.raw, secret).toString(CryptoJS.enc.Hex);",
    "pm.request.headers.upsert({ key: 'X-Enrich-Signature', value: 't=' + t + ',v1=' + mac });",
];

/// Sets `totp_code` to the current code of the authenticator secret enrolment gave (RFC 6238).
const TOTP: &[&str] = &[
    "const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';",
    "let bits = '';",
    "for (const c of (pm.collectionVariables.get('totp_secret') || '').replace(/=+$/, '').toUpperCase()) {",
    "  bits += alphabet.indexOf(c).toString(2).padStart(5, '0');",
    "}",
    "let hex = '';",
    "for (let i = 0; i + 8 <= bits.length; i += 8) hex += parseInt(bits.slice(i, i + 8), 2).toString(16).padStart(2, '0');",
    "const counter = Math.floor(Date.now() / 30000).toString(16).padStart(16, '0');",
    "const mac = CryptoJS.HmacSHA1(CryptoJS.enc.Hex.parse(counter), CryptoJS.enc.Hex.parse(hex)).toString(CryptoJS.enc.Hex);",
    "const offset = parseInt(mac.slice(-1), 16);",
    "const code = (parseInt(mac.slice(offset * 2, offset * 2 + 8), 16) & 0x7fffffff) % 1000000;",
    "pm.collectionVariables.set('totp_code', code.toString().padStart(6, '0'));",
];

/// Keeps the session a sign-in opened (its access token's `sid`), for `delete_session`.
const SESSION_OF_TOKEN: &[&str] = &[
    "const part = pm.response.json().access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');",
    "const padded = part + '==='.slice((part.length + 3) % 4);",
    "pm.collectionVariables.set('session_id', JSON.parse(CryptoJS.enc.Base64.parse(padded).toString(CryptoJS.enc.Utf8)).sid);",
];

/// Webhooks of the run go to the runner's receiver (`hook_url`): the documented example's host is
/// a partner's own, which the run cannot reach.
const HOOK: &str = r#"{"url": "{{hook_url}}", "events": ["person.*", "job.completed"], "description": "CRM sync"}"#;

/// The run's source is a CSV one, so that a file can be imported into it.
const CSV_SOURCE: &str = r#"{"name": "CRM export", "type": "csv", "url": "https://exports.acme.example/crm/contacts.csv", "mapping": {"email": "email", "first_name": "first_name", "last_name": "last_name", "country": "country"}, "default_tags": ["customers-br"]}"#;

const INBOUND_TOKEN: &[(&str, &str)] = &[("token", "{{inbound_token}}")];
/// An unsubscribe link's token has this shape (a payload and its signature).
const UNSUBSCRIBE_TOKEN: &[(&str, &str)] = &[(
    "token",
    "eyJ0IjoidXNyXzAxSFpYNSJ9.kq3V9x2Lm8Zp4RtY7wB1nC6hJ0sD5gA3eK9uP2oI7tQ",
)];
const MAIL_TOKEN: &str = "the token comes in a mail the run does not read";

/// The stages of the run, in order.
pub const STAGES: &[(&str, &[Step])] = &[
    (
        "1. Your account",
        &[
            step("me"),
            step("list_sessions"),
            step("get_user"),
            step("update_user"),
            step("get_preferences"),
            step("put_preferences"),
            step("list_users"),
            step("invite"),
            Step {
                expect: &[422],
                why: "the run's user is the organisation's only owner, who cannot change their own status",
                ..step("set_status")
            },
        ],
    ),
    (
        "2. Organisation settings",
        &[
            step("get_limits"),
            step("get_alerts"),
            step("put_alerts"),
            step("get_retention"),
            step("put_retention"),
            step("get_bounce_rules"),
            step("put_bounce_rules"),
        ],
    ),
    (
        "3. Providers",
        &[
            step("list_providers"),
            step("get_policy"),
            step("update_policy"),
            Step {
                path: &[("name", "sandbox")],
                ..step("update_provider")
            },
            Step {
                path: &[("name", "sandbox")],
                ..step("account")
            },
            Step {
                path: &[("name", "zerobounce")],
                ..step("put_credentials")
            },
        ],
    ),
    (
        "4. People and companies",
        &[
            step("people_enrich"),
            step("get_person"),
            step("update_person"),
            step("list_people"),
            step("people_search"),
            Step {
                query: &[("ids", "{{person_id}}")],
                ..step("lookup_status")
            },
            step("watch_person"),
            step("unwatch_person"),
            step("export_person"),
            step("companies_enrich"),
            step("get_company"),
            step("update_company"),
            step("list_companies"),
            step("companies_search"),
            step("watch_company"),
            step("unwatch_company"),
        ],
    ),
    (
        "5. Bulk jobs",
        &[
            step("bulk_people"),
            step("get_job"),
            step("list_jobs"),
            step("job_results"),
            step("job_results_csv"),
            step("bulk_people_csv"),
            step("bulk_companies"),
            step("bulk_companies_csv"),
            step("rotate_callback_secret"),
            step("cancel_job"),
        ],
    ),
    (
        "6. Usage",
        &[
            step("usage"),
            step("calls"),
            step("performance"),
            step("rate_limits"),
        ],
    ),
    (
        "7. Contacts and tags",
        &[
            Step {
                body: Some(r#"{"slug": "customers-br", "name": "Customers in Brazil"}"#),
                ..step("create_tag")
            },
            step("create_contact"),
            step("get_contact"),
            step("update_contact"),
            step("list_contacts"),
            step("bulk_contacts"),
            step("contacts_from_people"),
            step("contact_events"),
            step("validate_contacts"),
            step("get_validation"),
            step("audience_preview"),
            step("get_tag"),
            step("update_tag"),
            step("list_tags"),
            step("tag_contacts"),
            step("untag_contacts"),
            step("add_suppressions"),
            step("list_suppressions"),
            step("remove_suppression"),
        ],
    ),
    (
        "8. Templates and sending profiles",
        &[
            step("create_template"),
            step("get_template"),
            step("replace_template"),
            step("preview_template"),
            step("list_templates"),
            step("create_profile"),
            step("get_profile"),
            step("replace_profile"),
            step("list_profiles"),
        ],
    ),
    (
        "9. Campaigns",
        &[
            step("create_campaign"),
            step("get_campaign"),
            step("replace_campaign"),
            step("campaign_audience"),
            step("send_campaign"),
            step("pause_campaign"),
            step("resume_campaign"),
            step("campaign_events"),
            step("list_campaigns"),
            step("cancel_campaign"),
            step("stats_overview"),
            step("stats_campaigns"),
            step("stats_contacts"),
            step("stats_events"),
            step("stats_performance"),
        ],
    ),
    (
        "10. Data sources",
        &[
            Step {
                body: Some(CSV_SOURCE),
                ..step("create_source")
            },
            step("get_source"),
            Step {
                body: Some(CSV_SOURCE),
                ..step("update_source")
            },
            step("list_sources"),
            step("sync_source"),
            step("list_runs"),
            step("get_run"),
            Step {
                media: Some("text/csv"),
                ..step("import_csv")
            },
        ],
    ),
    (
        "11. Inbound delivery events",
        &[
            step("get_settings"),
            Step {
                save: &[("inbound_token", "token"), ("inbound_secret", "secret")],
                ..step("issue_credentials")
            },
            Step {
                query: INBOUND_TOKEN,
                expect: &[403],
                why: "only SNS can sign an SNS message: the run posts one from a topic not yet registered, refused before its signature would be checked against AWS's certificate",
                ..step("post_ses")
            },
            step("put_ses_topics"),
            Step {
                query: INBOUND_TOKEN,
                ..step("inbound_health")
            },
            Step {
                query: &[("token", "{{inbound_token}}"), ("source", "generic")],
                ..step("post_test")
            },
            Step {
                query: INBOUND_TOKEN,
                pre: SIGN_INBOUND,
                ..step("post_generic")
            },
            Step {
                query: INBOUND_TOKEN,
                ..step("post_mailwizz")
            },
            Step {
                query: INBOUND_TOKEN,
                ..step("post_powermta")
            },
        ],
    ),
    (
        "12. Webhooks",
        &[
            step("webhook_events"),
            Step {
                body: Some(HOOK),
                ..step("create_webhook")
            },
            step("get_webhook"),
            Step {
                body: Some(HOOK),
                ..step("update_webhook")
            },
            step("list_webhooks"),
            step("test_webhook"),
            step("list_deliveries"),
            step("get_delivery"),
            step("retry_delivery"),
            step("replay_webhook"),
            step("rotate_webhook_secret"),
            step("delete_webhook"),
        ],
    ),
    (
        "13. Partner clients and keys",
        &[
            step("list_scopes"),
            Step {
                save: &[("client_secret", "client_secret")],
                ..step("create_client")
            },
            step("get_client"),
            step("update_client"),
            step("list_clients"),
            step("create_key"),
            step("list_keys"),
            step("client_dashboard"),
            step("client_usage"),
            Step {
                save: &[("client_secret", "client_secret")],
                ..step("rotate_secret")
            },
            step("oauth_token"),
            Step {
                body: Some(HOOK),
                ..step("create_client_webhook")
            },
            step("get_client_webhook"),
            Step {
                body: Some(HOOK),
                ..step("update_client_webhook")
            },
            step("list_client_webhooks"),
            step("test_client_webhook"),
            step("list_client_deliveries"),
            step("get_client_delivery"),
            step("retry_client_delivery"),
            step("replay_client_webhook"),
            step("rotate_client_webhook_secret"),
            step("delete_client_webhook"),
        ],
    ),
    (
        "14. Data subjects and audit",
        &[
            Step {
                query: &[("email", "ana.souza@globex.com")],
                ..step("export_subject")
            },
            step("erase_subject"),
            step("list_audit_events"),
        ],
    ),
    (
        "15. Documentation",
        &[
            step("health_health"),
            step("openapi_json"),
            step("postman_json"),
            step("docs_reference"),
            step("docs_getting_started"),
            Step {
                path: &[("asset", "portal.js")],
                ..step("docs_asset")
            },
        ],
    ),
    (
        "16. Signing in",
        &[
            Step {
                body: Some(
                    r#"{"email": "ana+{{$timestamp}}@acme.example", "password": "correct horse battery staple", "name": "Ana Souza", "organization_name": "Acme Ltda"}"#,
                ),
                ..step("register")
            },
            Step {
                body: Some(r#"{"email": "{{email}}", "password": "{{password}}"}"#),
                save: &[("refresh_token", "refresh_token")],
                after: SESSION_OF_TOKEN,
                ..step("login")
            },
            Step {
                body: Some(r#"{"refresh_token": "{{refresh_token}}"}"#),
                ..step("refresh")
            },
            Step {
                body: Some(r#"{"email": "{{email}}"}"#),
                ..step("request_code")
            },
            Step {
                body: Some(r#"{"email": "{{email}}", "code": "042917"}"#),
                expect: &[401],
                why: "the code comes in a mail the run does not read",
                ..step("verify_code")
            },
            Step {
                body: Some(r#"{"email": "{{email}}"}"#),
                ..step("forgot_password")
            },
            Step {
                expect: &[400, 422],
                why: MAIL_TOKEN,
                ..step("reset_password")
            },
            Step {
                save: &[("totp_secret", "secret"), ("recovery_code", "recovery_codes.0")],
                ..step("enroll")
            },
            Step {
                body: Some(r#"{"code": "{{totp_code}}"}"#),
                pre: TOTP,
                ..step("confirm")
            },
            Step {
                body: Some(r#"{"password": "{{password}}", "recovery_code": "{{recovery_code}}"}"#),
                ..step("disable")
            },
            Step {
                expect: &[404],
                why: MAIL_TOKEN,
                path: UNSUBSCRIBE_TOKEN,
                ..step("notifications_unsubscribe_page")
            },
            Step {
                expect: &[404],
                why: MAIL_TOKEN,
                path: UNSUBSCRIBE_TOKEN,
                ..step("notifications_unsubscribe_now")
            },
            Step {
                expect: &[404],
                why: MAIL_TOKEN,
                path: UNSUBSCRIBE_TOKEN,
                ..step("unsubscribe_unsubscribe_page")
            },
            Step {
                expect: &[404],
                why: MAIL_TOKEN,
                path: UNSUBSCRIBE_TOKEN,
                ..step("unsubscribe_unsubscribe_now")
            },
        ],
    ),
    (
        "17. Clean-up",
        &[
            step("delete_campaign"),
            step("delete_template"),
            step("delete_profile"),
            step("delete_contact"),
            step("delete_tag"),
            Step {
                query: &[("delete_contacts", "true")],
                ..step("delete_source")
            },
            step("revoke_key"),
            step("delete_client"),
            step("delete_person"),
            Step {
                path: &[("name", "zerobounce")],
                ..step("delete_credentials")
            },
            Step {
                expect: &[409],
                why: "the run's user is the organisation's only owner",
                ..step("delete_user")
            },
        ],
    ),
    (
        "18. Signing out",
        &[step("delete_session"), step("logout")],
    ),
];

/// Every step, in order.
pub fn steps() -> impl Iterator<Item = (&'static str, &'static Step)> {
    STAGES
        .iter()
        .flat_map(|(stage, steps)| steps.iter().map(move |s| (*stage, s)))
}
