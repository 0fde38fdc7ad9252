//! Every provider against a wiremock fake answering in its documented shapes (design/providers.md):
//! happy path, not found, 401, 429 with Retry-After, 5xx, timeout and malformed bodies; then the
//! waterfall rules, the breaker, quotas, own keys, usage, the call log, accounts and async lookups.

use enrich_tests::{Account, TestStack};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{header, method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ALL: &str = "apollo,pdl,rocketreach,zerobounce,brasilapi,serpro";

fn apollo_person(email: &str, status: &str) -> Value {
    json!({"person": {
        "id": "5f2a", "first_name": "Jane", "last_name": "Doe", "name": "Jane Doe",
        "title": "VP Sales", "headline": "VP Sales at Acme", "linkedin_url": "http://www.linkedin.com/in/jane-doe",
        "email": email, "email_status": status, "photo_url": null, "twitter_url": null,
        "github_url": null, "facebook_url": null, "city": "Austin", "state": "Texas",
        "country": "United States", "organization_id": "54a1",
        "organization": {"id": "54a1", "name": "Acme", "primary_domain": "acme.com", "website_url": "http://www.acme.com"},
        "employment_history": [{"current": true, "start_date": "2021-01-01", "end_date": null, "title": "VP Sales", "organization_name": "Acme"}],
        "phone_numbers": [{"raw_number": "+1 512-555-0100", "sanitized_number": "+15125550100", "type": "work_hq", "status": "no_status"}],
        "extrapolated_email_confidence": null
    }})
}

fn pdl_person(title: &str, company: &str) -> Value {
    json!({"status": 200, "likelihood": 8, "data": {
        "id": "qEnOZ5Oh0poWnQ1luFBfVw_0000", "full_name": "jane doe", "first_name": "jane",
        "last_name": "doe", "work_email": "jane@acme.com", "personal_emails": [],
        "job_title": title, "job_company_name": company, "job_company_website": "acme.com",
        "linkedin_url": "linkedin.com/in/jane-doe", "linkedin_username": "jane-doe",
        "location_name": "austin, texas, united states", "location_locality": "austin",
        "location_region": "texas", "location_country": "united states", "mobile_phone": null
    }})
}

fn rr_profile(status: &str) -> Value {
    json!({"id": 42, "status": status, "name": "Jane Doe", "linkedin_url": "https://www.linkedin.com/in/jane-doe",
        "location": "Austin, TX", "current_title": "VP Sales", "current_employer": "Acme",
        "current_employer_domain": "acme.com", "current_employer_website": "https://acme.com",
        "current_employer_industry": "Software", "job_history": [], "education": [], "skills": [],
        "city": "Austin", "region": "TX", "country": "United States", "country_code": "US",
        "recommended_email": "jane@acme.com", "recommended_professional_email": "jane@acme.com",
        "current_work_email": "jane@acme.com",
        "emails": [{"email": "jane@acme.com", "smtp_valid": "valid", "type": "professional", "grade": "A"}],
        "phones": [{"number": "+1 512-555-0100", "e164": "+15125550100", "type": "work", "validity": "valid", "recommended": true}]})
}

fn brasilapi_company() -> Value {
    json!({"cnpj": "11222333000181", "razao_social": "PADARIA CENTRAL LTDA", "nome_fantasia": "PADARIA CENTRAL",
        "situacao_cadastral": 2, "descricao_situacao_cadastral": "ATIVA", "data_inicio_atividade": "2005-03-14",
        "cnae_fiscal": 1091102, "cnae_fiscal_descricao": "Fabricação de produtos de panificação",
        "logradouro": "RUA DAS FLORES", "numero": "100", "complemento": "", "bairro": "CENTRO",
        "cep": "01001000", "uf": "SP", "municipio": "SAO PAULO", "ddd_telefone_1": "1133334444",
        "capital_social": 50000, "porte": "MICRO EMPRESA",
        "qsa": [{"nome_socio": "JOSE DA SILVA", "qualificacao_socio": "Sócio-Administrador", "cnpj_cpf_do_socio": "***123456**"}],
        "cnaes_secundarios": [{"codigo": 4721102, "descricao": "Padaria e confeitaria"}]})
}

fn serpro_company() -> Value {
    json!({"ni": "11222333000181", "nomeEmpresarial": "PADARIA CENTRAL LTDA", "nomeFantasia": "PADARIA CENTRAL",
        "situacaoCadastral": {"codigo": "2", "data": "2005-03-14", "motivo": ""},
        "naturezaJuridica": {"codigo": "2062", "descricao": "Sociedade Empresária Limitada"},
        "dataAbertura": "2005-03-14", "cnaePrincipal": {"codigo": "1091102", "descricao": "Fabricação de produtos de panificação"},
        "endereco": {"logradouro": "RUA DAS FLORES", "numero": "100", "cep": "01001000", "bairro": "CENTRO",
            "municipio": {"codigo": "7107", "descricao": "SAO PAULO"}, "uf": "SP"},
        "telefones": [{"ddd": "11", "numero": "33334444"}], "correioEletronico": "contato@padaria.com.br",
        "capitalSocial": 50000, "porte": "01", "socios": []})
}

fn zb(status: &str) -> Value {
    json!({"address": "jane@acme.com", "status": status, "sub_status": if status == "invalid" {"mailbox_not_found"} else {""},
        "free_email": false, "did_you_mean": null, "account": "jane", "domain": "acme.com", "domain_age_days": "9000",
        "smtp_provider": "google", "mx_record": "aspmx.l.google.com", "mx_found": "true", "firstname": "Jane",
        "lastname": "Doe", "gender": "female", "country": null, "region": null, "city": null, "zipcode": null,
        "processed_at": "2026-11-23 10:00:00.000"})
}

/// How one provider is reached and what its answers look like.
struct Fake {
    provider: &'static str,
    route: &'static str,
    body: Value,
    http_method: &'static str,
    path: &'static str,
    happy: Value,
    /// The documented not-found answer.
    not_found: ResponseTemplate,
    /// The documented bad-key answer, if the provider has keys.
    unauthorized: Option<ResponseTemplate>,
    /// A field the happy answer fills, with its value.
    field: (&'static str, Value),
}

fn fakes() -> Vec<Fake> {
    vec![
        Fake {
            provider: "apollo",
            route: "/v1/people/enrich",
            body: json!({"email": "jane@acme.com", "sources": ["apollo"]}),
            http_method: "POST",
            path: "/apollo/people/match",
            happy: apollo_person("jane@acme.com", "verified"),
            not_found: ResponseTemplate::new(200).set_body_json(json!({})),
            unauthorized: Some(ResponseTemplate::new(401).set_body_json(json!({"error": "Invalid access credentials."}))),
            field: ("title", json!("VP Sales")),
        },
        Fake {
            provider: "pdl",
            route: "/v1/people/enrich",
            body: json!({"email": "jane@acme.com", "sources": ["pdl"]}),
            http_method: "GET",
            path: "/pdl/person/enrich",
            happy: pdl_person("vp sales", "acme"),
            not_found: ResponseTemplate::new(404).set_body_json(json!({"status": 404, "error": {"type": "not_found", "message": "No records were found matching your request"}})),
            unauthorized: Some(ResponseTemplate::new(401).set_body_json(json!({"status": 401, "error": {"type": "authentication_error", "message": "Invalid API key"}}))),
            field: ("title", json!("vp sales")),
        },
        Fake {
            provider: "rocketreach",
            route: "/v1/people/enrich",
            body: json!({"email": "jane@acme.com", "sources": ["rocketreach"]}),
            http_method: "GET",
            path: "/rocketreach/person/lookup",
            happy: rr_profile("complete"),
            not_found: ResponseTemplate::new(404).set_body_json(json!({"status": 404, "message": "Profile not found"})),
            unauthorized: Some(ResponseTemplate::new(401).set_body_json(json!({"status": 401, "message": "Invalid API Key"}))),
            field: ("company_domain", json!("acme.com")),
        },
        Fake {
            provider: "brasilapi",
            route: "/v1/companies/enrich",
            body: json!({"tax_id": "11.222.333/0001-81", "country": "BR", "sources": ["brasilapi"]}),
            http_method: "GET",
            path: "/brasilapi/cnpj/v1/11222333000181",
            happy: brasilapi_company(),
            not_found: ResponseTemplate::new(404).set_body_json(json!({"message": "CNPJ 11222333000181 não encontrado.", "name": "NotFoundError", "type": "not_found"})),
            unauthorized: None,
            field: ("legal_name", json!("PADARIA CENTRAL LTDA")),
        },
        Fake {
            provider: "serpro",
            route: "/v1/companies/enrich",
            body: json!({"tax_id": "11222333000181", "country": "BR", "sources": ["serpro"]}),
            http_method: "GET",
            path: "/serpro/consulta-cnpj-df/v2/empresa/11222333000181",
            happy: serpro_company(),
            not_found: ResponseTemplate::new(404).set_body_string("CNPJ não encontrado"),
            unauthorized: Some(ResponseTemplate::new(401).set_body_string("Invalid Credentials")),
            field: ("registration_status", json!("ATIVA")),
        },
    ]
}

async fn mount(server: &MockServer, f: &Fake, resp: ResponseTemplate, times: Option<u64>) {
    let mut m = Mock::given(method(f.http_method)).and(path(f.path));
    if f.provider == "serpro" {
        m = m.and(header("authorization", "Bearer serpro-token-1"));
    }
    let m = m.respond_with(resp);
    match times {
        Some(n) => m.up_to_n_times(n).mount(server).await,
        None => m.mount(server).await,
    }
}

async fn serpro_token(server: &MockServer) {
    // Basic base64("serpro-consumer:serpro-secret")
    Mock::given(method("POST"))
        .and(path("/serpro/token"))
        .and(header(
            "authorization",
            "Basic c2VycHJvLWNvbnN1bWVyOnNlcnByby1zZWNyZXQ=",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "serpro-token-1", "token_type": "bearer", "expires_in": 3600}),
        ))
        .mount(server)
        .await;
}

/// Clears the fake's mocks and answers; Serpro's token endpoint stays up.
async fn reset(server: &MockServer, provider: &str) {
    server.reset().await;
    if provider == "serpro" {
        serpro_token(server).await;
    }
}

fn requests_to(reqs: &[wiremock::Request], p: &str) -> usize {
    reqs.iter().filter(|r| r.url.path() == p).count()
}

fn warning_codes(body: &Value) -> Vec<(String, String)> {
    body["warnings"]
        .as_array()
        .map(|ws| {
            ws.iter()
                .map(|w| {
                    (
                        w["source"].as_str().unwrap_or("").to_owned(),
                        w["code"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn enrich(t: &TestStack, a: &Account, route: &str, body: &Value) -> (u16, Value) {
    let mut body = body.clone();
    body["cache"] = json!("bypass");
    t.call(a, Method::POST, route, Some(body)).await
}

#[tokio::test]
async fn each_provider_handles_success_absence_and_every_failure_without_a_5xx() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, ALL).await;
    let a = t.register("matrix").await;
    for f in fakes() {
        let p = f.provider;
        let route = f.route;
        // Happy path: the provider's value, its name as the source, credits counted.
        reset(&server, p).await;
        mount(
            &server,
            &f,
            ResponseTemplate::new(200)
                .set_body_json(f.happy.clone())
                .insert_header("x-call-credits-spent", "1"),
            None,
        )
        .await;
        let (status, body) = enrich(&t, &a, route, &f.body).await;
        assert!(status == 201 || status == 200, "{p} happy: {body}");
        assert_eq!(body["record"]["data"][f.field.0], f.field.1, "{p}: {body}");
        assert_eq!(body["record"]["provenance"][f.field.0]["source"], p);
        assert_eq!(body["calls"][0]["outcome"], "found", "{p}");

        // Not found: nothing new, no warning, no 5xx.
        reset(&server, p).await;
        mount(&server, &f, f.not_found.clone(), None).await;
        let (status, body) = enrich(&t, &a, route, &f.body).await;
        assert_eq!(status, 200, "{p} not found: {body}");
        assert_eq!(body["calls"][0]["outcome"], "not_found", "{p}: {body}");
        assert!(warning_codes(&body).is_empty(), "{p}: {body}");
        if p == "serpro" {
            assert_eq!(body["calls"][0]["credits"], 1.0, "Serpro bills a 404");
        }

        // 401: the key is read again and the call retried once, then the waterfall moves on.
        if let Some(unauth) = &f.unauthorized {
            reset(&server, p).await;
            mount(&server, &f, unauth.clone(), None).await;
            t.stack.calls.reset();
            let (status, body) = enrich(&t, &a, route, &f.body).await;
            assert_eq!(status, 200, "{p} 401: {body}");
            assert_eq!(
                warning_codes(&body),
                vec![(p.to_owned(), "unauthorized".to_owned())],
                "{p}"
            );
            let reqs = server.received_requests().await.unwrap();
            assert_eq!(
                requests_to(&reqs, f.path),
                2,
                "{p}: one retry after re-reading the key"
            );
            let reads: u64 = t
                .stack
                .calls
                .snapshot()
                .iter()
                .filter(|(op, _)| op.ends_with(".GetSecretValue"))
                .map(|(_, n)| *n)
                .sum();
            assert_eq!(reads, 1, "{p}: the key was read again, once");
            if p == "serpro" {
                // The token from earlier cases was cached; the 401 drops it and fetches a new one.
                assert_eq!(
                    requests_to(&reqs, "/serpro/token"),
                    1,
                    "a fresh token after the 401"
                );
            }
        }

        // 429 with a short Retry-After: waited for, then answered.
        reset(&server, p).await;
        mount(&server, &f, ResponseTemplate::new(429).insert_header("retry-after", "1").set_body_json(json!({"message": "The maximum number of api calls allowed for api/v1/people/match is 600 times per hour."})), Some(1)).await;
        mount(
            &server,
            &f,
            ResponseTemplate::new(200).set_body_json(f.happy.clone()),
            None,
        )
        .await;
        let (status, body) = enrich(&t, &a, route, &f.body).await;
        assert!(status == 200 || status == 201, "{p} 429: {body}");
        assert_eq!(
            body["calls"][0]["outcome"], "found",
            "{p} 429 then success: {body}"
        );
        let reqs = server.received_requests().await.unwrap();
        assert_eq!(requests_to(&reqs, f.path), 2, "{p}");

        // Failures that end the call: each gives 200, one warning naming the provider, and the
        // attempts the policy allows (a long Retry-After is not waited for, 5xx is tried 3 times).
        let failures = [
            (
                "rate_limited",
                ResponseTemplate::new(429).insert_header("retry-after", "60"),
                Some(1),
            ),
            (
                "upstream_error",
                ResponseTemplate::new(503).set_body_string("upstream down"),
                Some(3),
            ),
            (
                // The stack's timeout is 400 ms.
                "timeout",
                ResponseTemplate::new(200)
                    .set_body_json(f.happy.clone())
                    .set_delay(Duration::from_millis(1500)),
                None,
            ),
            (
                "malformed_response",
                ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"),
                None,
            ),
        ];
        for (code, resp, attempts) in failures {
            reset(&server, p).await;
            mount(&server, &f, resp, None).await;
            let (status, body) = enrich(&t, &a, route, &f.body).await;
            assert_eq!(status, 200, "{p} {code}: {body}");
            assert_eq!(
                warning_codes(&body),
                vec![(p.to_owned(), code.to_owned())],
                "{p}"
            );
            if let Some(n) = attempts {
                assert_eq!(
                    requests_to(&server.received_requests().await.unwrap(), f.path),
                    n,
                    "{p} {code}"
                );
            }
        }
    }
}

#[tokio::test]
async fn zerobounce_verifies_emails_and_its_200_error_bodies_are_failures() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, ALL).await;
    let a = t.register("zb").await;
    let body = json!({"email": "jane@acme.com", "sources": ["apollo"], "verify_email": true, "fields": ["email"]});
    let apollo = || {
        Mock::given(method("POST"))
            .and(path("/apollo/people/match"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(apollo_person("jane@acme.com", "verified")),
            )
    };
    let setup = |resp: ResponseTemplate| {
        Mock::given(method("GET"))
            .and(path("/zerobounce/validate"))
            .and(query_param("api_key", "zb-platform-key-0003"))
            .and(query_param("email", "jane@acme.com"))
            .and(query_param("ip_address", ""))
            .respond_with(resp)
    };
    type Check = Box<dyn Fn(&Value)>;
    let cases: Vec<(ResponseTemplate, Check)> = vec![
        (
            ResponseTemplate::new(200).set_body_json(zb("valid")),
            Box::new(|b: &Value| {
                assert_eq!(
                    b["record"]["provenance"]["email_status"]["source"], "zerobounce",
                    "{b}"
                );
                assert_eq!(
                    b["record"]["provenance"]["email"]["confidence"], 0.98,
                    "{b}"
                );
            }),
        ),
        (
            // "Not found": the mailbox does not exist; the email is withdrawn.
            ResponseTemplate::new(200).set_body_json(zb("invalid")),
            Box::new(|b: &Value| {
                assert!(b["record"]["data"].get("email").is_none(), "{b}");
                assert_eq!(
                    b["rejected"].as_array().unwrap().last().unwrap()["reason"],
                    "failed_verification"
                );
            }),
        ),
        (
            ResponseTemplate::new(200).set_body_json(
                json!({"error": "Invalid API Key or your account ran out of credits"}),
            ),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "credits_exhausted".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"error": "Invalid API Key"})),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "unauthorized".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(429).insert_header("retry-after", "60"),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "rate_limited".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(500),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "upstream_error".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(200)
                .set_body_json(zb("valid"))
                .set_delay(Duration::from_millis(1500)),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "timeout".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(200).set_body_string("not json"),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "malformed_response".into())),
                    "{b}"
                )
            }),
        ),
    ];
    for (resp, check) in cases {
        server.reset().await;
        apollo().mount(&server).await;
        setup(resp).mount(&server).await;
        let (status, out) = enrich(&t, &a, "/v1/people/enrich", &body).await;
        assert!(status == 200 || status == 201, "{out}");
        check(&out);
    }
    // Credits at ZeroBounce, cached for 5 minutes.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/zerobounce/getcredits"))
        .and(query_param("api_key", "zb-platform-key-0003"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Credits": 2375323})))
        .expect(1)
        .mount(&server)
        .await;
    let (status, acct) = t
        .call(&a, Method::GET, "/v1/providers/zerobounce/account", None)
        .await;
    assert_eq!(status, 200, "{acct}");
    assert_eq!(acct["account"]["credits_remaining"], 2375323.0);
    let (_, again) = t
        .call(&a, Method::GET, "/v1/providers/zerobounce/account", None)
        .await;
    assert_eq!(again["cached"], true);
    // A bad key reads as -1 (sometimes a string).
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/rocketreach/account"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"status": 401, "message": "Invalid API Key"})),
        )
        .mount(&server)
        .await;
    let (status, rr) = t
        .call(&a, Method::GET, "/v1/providers/rocketreach/account", None)
        .await;
    assert_eq!(status, 200);
    assert!(rr["account"].is_null());
    assert_eq!(
        warning_codes(&rr),
        vec![("rocketreach".into(), "unauthorized".into())]
    );
    let (status, _) = t
        .call(&a, Method::GET, "/v1/providers/apollo/account", None)
        .await;
    assert_eq!(status, 400, "Apollo has no account endpoint");
}

#[tokio::test]
async fn the_waterfall_follows_order_stops_when_complete_and_reports_conflicts() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo,pdl").await;
    let a = t.register("waterfall").await;
    // Apollo fills every required field: PDL is never asked.
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "apollo-platform-key-0001"))
        .and(query_param("email", "jane@acme.com"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("jane@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pdl/person/enrich"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pdl_person("CEO", "Acme Corp")))
        .mount(&server)
        .await;
    let (status, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let asked: Vec<&str> = body["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["provider"].as_str().unwrap())
        .collect();
    assert_eq!(asked, ["apollo"], "stopped after Apollo");
    assert_eq!(
        requests_to(
            &server.received_requests().await.unwrap(),
            "/pdl/person/enrich"
        ),
        0
    );

    // Asking for a field Apollo lacks continues to PDL; Apollo's values keep priority and PDL's
    // differing ones come back as conflicts.
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com", "fields": ["email", "title", "phone", "github_url"]}),
    )
    .await;
    let asked: Vec<&str> = body["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["provider"].as_str().unwrap())
        .collect();
    assert_eq!(asked, ["apollo", "pdl"], "{body}");
    assert_eq!(body["record"]["provenance"]["title"]["source"], "apollo");
    assert!(body["missing"]
        .as_array()
        .unwrap()
        .contains(&json!("github_url")));
    let conflict = body["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "title")
        .cloned()
        .expect("title conflict");
    assert_eq!(conflict["kept_source"], "apollo");
    assert_eq!(conflict["other_source"], "pdl");
    assert_eq!(conflict["other_value"], "CEO");

    // `sources` reorders: PDL first.
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com", "sources": ["pdl", "apollo"]}),
    )
    .await;
    assert_eq!(body["calls"][0]["provider"], "pdl", "{body}");
    assert_eq!(
        body["record"]["provenance"]["company_name"]["source"],
        "pdl"
    );

    // A value under the confidence floor does not count: Apollo's guessed email (0.45) is
    // rejected and PDL's (likelihood 8 → 0.8) is taken.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("j.doe@acme.com", "guessed")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pdl/person/enrich"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pdl_person("CEO", "Acme Corp")))
        .mount(&server)
        .await;
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"linkedin_url": "linkedin.com/in/jane-doe", "min_confidence": 0.6}),
    )
    .await;
    assert_eq!(
        body["record"]["provenance"]["email"]["source"], "pdl",
        "{body}"
    );
    assert_eq!(body["record"]["provenance"]["email"]["confidence"], 0.8);
    assert!(body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["source"] == "apollo"
            && r["field"] == "email"
            && r["reason"] == "low_confidence"));
}

#[tokio::test]
async fn a_failing_provider_opens_its_breaker_and_the_waterfall_moves_on() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo,pdl").await;
    let a = t.register("breaker").await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pdl/person/enrich"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pdl_person("CEO", "Acme")))
        .mount(&server)
        .await;
    for _ in 0..5 {
        let (status, body) = enrich(
            &t,
            &a,
            "/v1/people/enrich",
            &json!({"email": "jane@acme.com"}),
        )
        .await;
        assert!(status == 200 || status == 201);
        assert_eq!(
            body["record"]["provenance"]["title"]["source"], "pdl",
            "partial results from PDL: {body}"
        );
    }
    let before = requests_to(
        &server.received_requests().await.unwrap(),
        "/apollo/people/match",
    );
    assert_eq!(before, 15, "5 calls x 3 attempts");
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com"}),
    )
    .await;
    assert!(
        warning_codes(&body).contains(&("apollo".into(), "circuit_open".into())),
        "{body}"
    );
    assert_eq!(
        requests_to(
            &server.received_requests().await.unwrap(),
            "/apollo/people/match"
        ),
        before,
        "no call while open"
    );
}

#[tokio::test]
async fn quotas_own_keys_usage_and_the_call_log() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo").await;
    let a = t.register("quota").await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "apollo-platform-key-0001"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("jane@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    let (status, s) = t
        .call(
            &a,
            Method::PATCH,
            "/v1/providers/apollo",
            Some(json!({"monthly_quota": 2})),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    for i in 0..2 {
        let (_, body) = enrich(
            &t,
            &a,
            "/v1/people/enrich",
            &json!({"email": format!("p{i}@acme.com")}),
        )
        .await;
        assert_eq!(body["calls"][0]["outcome"], "found", "{body}");
    }
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "p3@acme.com"}),
    )
    .await;
    assert_eq!(
        warning_codes(&body),
        vec![("apollo".into(), "quota_exceeded".into())]
    );
    assert_eq!(
        requests_to(
            &server.received_requests().await.unwrap(),
            "/apollo/people/match"
        ),
        2
    );
    // A cache hit spends no quota.
    let (_, cached) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich",
            Some(json!({"email": "p0@acme.com"})),
        )
        .await;
    assert_eq!(cached["calls"][0]["cached"], true, "{cached}");
    t.call(
        &a,
        Method::PATCH,
        "/v1/providers/apollo",
        Some(json!({"monthly_quota": null})),
    )
    .await;

    // The organisation's own key: stored in Secrets Manager, shown as its last 4, used for calls.
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "tenant-own-apollo-key-9876"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("own@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    let resp = t
        .authed(Method::PUT, "/v1/providers/apollo/credentials", &a.access)
        .json(&json!({"api_key": "tenant-own-apollo-key-9876"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    assert!(!text.contains("tenant-own-apollo-key-9876"), "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["credentials"]["last4"], "9876");
    assert_eq!(v["credentials"]["source"], "organisation");
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "own@acme.com"}),
    )
    .await;
    assert_eq!(body["record"]["data"]["email"], "own@acme.com", "{body}");
    let (_, list) = t.call(&a, Method::GET, "/v1/providers", None).await;
    assert!(!list.to_string().contains("tenant-own-apollo-key"));
    let resp = t
        .authed(Method::PUT, "/v1/providers/apollo/credentials", &a.access)
        .json(&json!({"api_key": "short"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        enrich_tests::problem(resp, 422).await["errors"][0]["field"],
        "api_key"
    );
    let (status, _) = t
        .call(&a, Method::DELETE, "/v1/providers/apollo/credentials", None)
        .await;
    assert_eq!(status, 204);

    // Usage and the call log saw every call that left, and none of the cache hit.
    let (status, usage) = t
        .call(
            &a,
            Method::GET,
            "/v1/providers/usage?group_by=provider",
            None,
        )
        .await;
    assert_eq!(status, 200, "{usage}");
    assert_eq!(usage["rows"][0]["key"], "apollo");
    assert_eq!(usage["rows"][0]["calls"], 3);
    assert_eq!(usage["rows"][0]["credits"], 3.0);
    assert_eq!(usage["rows"][0]["errors"], 0);
    let (_, by_day) = t.call(&a, Method::GET, "/v1/providers/usage", None).await;
    assert_eq!(by_day["total"]["calls"], 3);
    let (_, calls) = t
        .call(
            &a,
            Method::GET,
            "/v1/providers/calls?provider=apollo&limit=2",
            None,
        )
        .await;
    let items = calls["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["endpoint"], "people/match");
    assert_eq!(items[0]["http_status"], 200);
    assert_eq!(items[0]["user_id"], a.user_id.as_str());
    assert!(items[0]["request_id"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    assert!(calls["next_cursor"].is_string());
    let (status, _) = t
        .call(&a, Method::GET, "/v1/providers/usage?from=2026-13-01", None)
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn key_rotation_is_picked_up_on_the_first_401() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo").await;
    let a = t.register("rotation").await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "apollo-platform-key-0001"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("jane@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com"}),
    )
    .await;
    assert_eq!(body["calls"][0]["outcome"], "found");
    // The operator rotates the key: the old one is refused from now on.
    t.set_platform_keys(&json!({"apollo": "apollo-rotated-key-0002"}))
        .await;
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "apollo-rotated-key-0002"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("jane@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "Invalid access credentials."})),
        )
        .mount(&server)
        .await;
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com"}),
    )
    .await;
    assert_eq!(body["calls"][0]["outcome"], "found", "{body}");
    assert!(warning_codes(&body).is_empty());
}

#[tokio::test]
async fn rocketreach_lookups_finish_later_and_searches_pass_through() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "rocketreach").await;
    let a = t.register("async").await;
    Mock::given(method("GET"))
        .and(path("/rocketreach/person/lookup"))
        .and(header("api-key", "rr-platform-key-0004"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": 42, "status": "searching", "name": "Jane Doe"})),
        )
        .mount(&server)
        .await;
    let (status, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "pending");
    assert_eq!(body["record"]["pending_lookups"]["rocketreach"], "42");
    let id = body["record"]["id"].as_str().unwrap();
    Mock::given(method("GET"))
        .and(path("/rocketreach/person/checkStatus"))
        .and(query_param("ids", "42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([rr_profile("complete")])))
        .mount(&server)
        .await;
    let (status, st) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/people/lookup-status?ids={id}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{st}");
    assert_eq!(st["items"][0]["status"], "complete");
    assert_eq!(st["items"][0]["record"]["data"]["title"], "VP Sales");
    assert_eq!(
        st["items"][0]["record"]["provenance"]["email"]["confidence"], 0.95,
        "grade A + valid"
    );
    assert!(st["items"][0]["record"]["pending_lookups"]
        .as_object()
        .unwrap()
        .is_empty());
    let (_, again) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/people/lookup-status?ids={id}"),
            None,
        )
        .await;
    assert_eq!(again["items"][0]["status"], "none");
    let (status, _) = t
        .call(&a, Method::GET, "/v1/people/lookup-status?ids=bogus", None)
        .await;
    assert_eq!(status, 400);

    // People search passes through to RocketReach (201 with profiles), cached for 30 minutes.
    Mock::given(method("POST"))
        .and(path("/rocketreach/person/search"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"profiles": [rr_profile("complete")], "pagination": {"start": 1, "next": 11, "total": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    let q = json!({"provider": "rocketreach", "query": {"current_employer": ["Acme"]}});
    let (status, found) = t
        .call(&a, Method::POST, "/v1/people/search", Some(q.clone()))
        .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["results"]["pagination"]["total"], 1);
    let (_, cached) = t.call(&a, Method::POST, "/v1/people/search", Some(q)).await;
    assert_eq!(cached["cached"], true);
    Mock::given(method("POST"))
        .and(path_regex("^/rocketreach/searchCompany$"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"companies": [{"id": 7, "name": "Acme"}], "pagination": {"start": 1, "next": 11, "total": 1}})))
        .mount(&server)
        .await;
    let (status, companies) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/search",
            Some(json!({"provider": "rocketreach", "query": {"name": ["Acme"]}})),
        )
        .await;
    assert_eq!(status, 200, "{companies}");
    assert_eq!(companies["results"]["companies"][0]["name"], "Acme");
}
