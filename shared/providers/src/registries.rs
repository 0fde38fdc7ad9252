//! Company registries looked up by tax id: BrasilAPI and Serpro (CNPJ). AFIP (CUIT) and SAT (RFC) are
//! SOAP services that need a client certificate issued to the operator; they sit behind the same
//! calling convention but answer `unsupported` until such a client exists. Ids are always validated
//! offline first (`kernel::taxid`), so no registry is ever paid for a malformed id.

use crate::apollo::join;
use crate::hub::common_error;
use crate::transport::{Request, Response};
use crate::{s, Op, ProviderError, ProviderName, Reply};
use base64::Engine;
use serde_json::Value;
use std::time::Duration;

/// Registries are the authority on what they hold.
const REGISTRY_CONFIDENCE: f64 = 0.97;

fn cnpj<'a>(op: &'a Op<'_>) -> Result<&'a str, ProviderError> {
    match op {
        Op::Company(c) => match &c.tax_id {
            Some(t) if t.kind == kernel::taxid::TaxIdKind::Cnpj => Ok(&t.value),
            _ => Err(ProviderError::Unsupported("registries look up a CNPJ")),
        },
        _ => Err(ProviderError::Unsupported("registries look up a CNPJ")),
    }
}

pub fn unsupported(provider: ProviderName) -> Result<Reply, ProviderError> {
    Err(ProviderError::Unsupported(match provider {
        ProviderName::Afip => {
            "AFIP's padrón is a certificate-authenticated SOAP service; no client is configured"
        }
        _ => {
            "SAT's RFC service is a certificate-authenticated SOAP service; no client is configured"
        }
    }))
}

pub fn brasilapi_request(base: &url::Url, op: &Op<'_>) -> Result<Request, ProviderError> {
    Ok(Request::get(join(base, &format!("cnpj/v1/{}", cnpj(op)?))?))
}

/// Year of a `YYYY-MM-DD` date.
fn year(v: Option<Value>) -> Option<Value> {
    v?.as_str()?.get(0..4)?.parse::<i64>().ok().map(Value::from)
}

pub fn brasilapi_parse(op: &Op<'_>, resp: &Response) -> Result<Reply, ProviderError> {
    match resp.status {
        200 => {}
        404 => return Ok(Reply::not_found(resp.json().unwrap_or(Value::Null), 0.0)),
        _ => return Err(common_error(resp)),
    }
    let b = resp.json()?;
    if b.get("cnpj").is_none() || b.get("razao_social").is_none() {
        return Err(ProviderError::Malformed(
            "CNPJ record without cnpj or razao_social".into(),
        ));
    }
    let c = REGISTRY_CONFIDENCE;
    let mut r = Reply {
        found: true,
        ..Reply::default()
    };
    r.set("legal_name", s(&b, "razao_social"), c);
    r.set(
        "name",
        s(&b, "nome_fantasia").or_else(|| s(&b, "razao_social")),
        c,
    );
    r.set("tax_id", Some(Value::from(cnpj(op)?)), c);
    r.set(
        "registration_status",
        s(&b, "descricao_situacao_cadastral"),
        c,
    );
    r.set("industry", s(&b, "cnae_fiscal_descricao"), c);
    r.set("founded_year", year(s(&b, "data_inicio_atividade")), c);
    let street: Vec<&str> = ["logradouro", "numero", "complemento", "bairro"]
        .iter()
        .filter_map(|k| b.get(*k).and_then(Value::as_str))
        .filter(|v| !v.trim().is_empty())
        .collect();
    r.set("address", Some(Value::from(street.join(", "))), c);
    r.set("city", s(&b, "municipio"), c);
    r.set("region", s(&b, "uf"), c);
    r.set("postal_code", s(&b, "cep"), c);
    r.set("country", Some(Value::from("BR")), c);
    r.set("phone", s(&b, "ddd_telefone_1"), c);
    r.raw = b;
    Ok(r)
}

/// The client-credentials request; the key secret holds `consumer_key:consumer_secret`.
pub fn serpro_token_request(base: &url::Url, key: &str) -> Result<Request, ProviderError> {
    if !key.contains(':') {
        return Err(ProviderError::NotConfigured);
    }
    let basic = base64::engine::general_purpose::STANDARD.encode(key.as_bytes());
    Ok(Request {
        method: http::Method::POST,
        url: join(base, "token")?,
        headers: vec![("authorization", format!("Basic {basic}"))],
        body: Some((
            "application/x-www-form-urlencoded",
            b"grant_type=client_credentials".to_vec(),
        )),
    })
}

pub fn serpro_token(resp: &Response) -> Result<(String, Duration), ProviderError> {
    match resp.status {
        200 => {}
        400 | 401 | 403 => return Err(ProviderError::Unauthorized),
        _ => return Err(common_error(resp)),
    }
    let b = resp.json()?;
    let token = b
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ProviderError::Malformed("token response without access_token".into()))?;
    let ttl = b.get("expires_in").and_then(Value::as_u64).unwrap_or(3600);
    Ok((token.to_owned(), Duration::from_secs(ttl)))
}

pub fn serpro_request(base: &url::Url, op: &Op<'_>, token: &str) -> Result<Request, ProviderError> {
    let url = join(base, &format!("consulta-cnpj-df/v2/empresa/{}", cnpj(op)?))?;
    Ok(Request::get(url).header("authorization", format!("Bearer {token}")))
}

/// Serpro's situação cadastral codes.
fn situacao(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "1" => "NULA",
        "2" => "ATIVA",
        "3" => "SUSPENSA",
        "4" => "INAPTA",
        "8" => "BAIXADA",
        _ => return None,
    })
}

pub fn serpro_parse(op: &Op<'_>, resp: &Response) -> Result<Reply, ProviderError> {
    match resp.status {
        200 => {}
        // Serpro bills a 404 (its body is short text, not JSON).
        404 => {
            return Ok(Reply::not_found(
                Value::from(String::from_utf8_lossy(&resp.body).into_owned()),
                1.0,
            ))
        }
        _ => return Err(common_error(resp)),
    }
    let b = resp.json()?;
    if b.get("ni").is_none() || b.get("nomeEmpresarial").is_none() {
        return Err(ProviderError::Malformed(
            "CNPJ record without ni or nomeEmpresarial".into(),
        ));
    }
    let c = REGISTRY_CONFIDENCE;
    let mut r = Reply {
        found: true,
        credits: 1.0,
        ..Reply::default()
    };
    r.set("legal_name", s(&b, "nomeEmpresarial"), c);
    r.set(
        "name",
        s(&b, "nomeFantasia").or_else(|| s(&b, "nomeEmpresarial")),
        c,
    );
    r.set("tax_id", Some(Value::from(cnpj(op)?)), c);
    let code = b.pointer("/situacaoCadastral/codigo").map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    r.set(
        "registration_status",
        situacao(code.as_deref()).map(Value::from),
        c,
    );
    r.set(
        "industry",
        b.pointer("/cnaePrincipal/descricao").cloned(),
        c,
    );
    r.set("founded_year", year(s(&b, "dataAbertura")), c);
    if let Some(e) = b.get("endereco") {
        let street: Vec<&str> = ["logradouro", "numero", "bairro"]
            .iter()
            .filter_map(|k| e.get(*k).and_then(Value::as_str))
            .filter(|v| !v.trim().is_empty())
            .collect();
        r.set("address", Some(Value::from(street.join(", "))), c);
        r.set("city", e.pointer("/municipio/descricao").cloned(), c);
        r.set("region", s(e, "uf"), c);
        r.set("postal_code", s(e, "cep"), c);
    }
    r.set("country", Some(Value::from("BR")), c);
    r.set("email", s(&b, "correioEletronico"), c);
    let phone = b
        .get("telefones")
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .and_then(|t| {
            Some(format!(
                "{}{}",
                t.get("ddd")?.as_str()?,
                t.get("numero")?.as_str()?
            ))
        });
    r.set("phone", phone.map(Value::from), c);
    r.raw = b;
    Ok(r)
}
