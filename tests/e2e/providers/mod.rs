//! Every provider against a wiremock fake answering in its documented shapes (design/providers.md):
//! happy path, not found, 401, 429 with Retry-After, 5xx, timeout and malformed bodies; then the
//! waterfall rules, the breaker, quotas, own keys, usage, the call log, accounts and async lookups.

mod accounting;
mod alerts;
mod changes;
mod freshness;
mod performance;
mod prospecting;
mod strategy;
mod waterfall;

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
