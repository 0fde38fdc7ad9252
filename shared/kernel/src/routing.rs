//! API Gateway's resource matching, shared by the local gateway and the catch-all 404/405 handler so
//! both decide exactly as API Gateway does: literal segments beat `{param}`, which beats `{proxy+}`.

use std::cmp::Ordering;
use std::collections::HashMap;

/// One route as declared in template.yaml (`Method` upper-cased, `Path` verbatim).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    /// What the route requires of its caller, declared beside its handler in the function's
    /// `routes!` table and enforced before the handler runs.
    pub access: Access,
}

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Access {
    /// No credentials (registration, login, the API description…).
    Public,
    /// An authenticated principal holding this permission (`resource.action`).
    Permission(&'static str),
}

/// Whether `grants` include `needed` (`resource.action`). A grant may be exact (`users.read`), a
/// resource wildcard (`users.*`) or everything (`*`).
pub fn allows<S: AsRef<str>>(grants: &[S], needed: &str) -> bool {
    let resource = needed.split('.').next().unwrap_or(needed);
    grants.iter().any(|g| {
        let g = g.as_ref();
        g == "*" || g == needed || g.strip_suffix(".*").is_some_and(|r| r == resource)
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Specificity {
    Greedy,
    Param,
    Literal,
}

/// The path parameters and a specificity score when `path` matches the resource template.
pub fn match_resource(template: &str, path: &str) -> Option<(HashMap<String, String>, Vec<u8>)> {
    let tpl: Vec<&str> = template
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let segs: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let mut params = HashMap::new();
    let mut score = Vec::with_capacity(tpl.len());
    for (i, t) in tpl.iter().enumerate() {
        if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix("+}")) {
            // Greedy: must be last and swallow at least one segment.
            if i != tpl.len() - 1 || segs.len() <= i {
                return None;
            }
            params.insert(name.to_owned(), segs[i..].join("/"));
            score.push(Specificity::Greedy as u8);
            return Some((params, score));
        }
        let seg = segs.get(i)?;
        if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            params.insert(name.to_owned(), percent_decode(seg));
            score.push(Specificity::Param as u8);
        } else if t == seg {
            score.push(Specificity::Literal as u8);
        } else {
            return None;
        }
    }
    (segs.len() == tpl.len()).then_some((params, score))
}

fn percent_decode(seg: &str) -> String {
    percent_encoding::percent_decode_str(seg)
        .decode_utf8_lossy()
        .into_owned()
}

/// The most specific resource among `resources` that matches `path`, as API Gateway picks it.
pub fn best_resource<'a, I>(resources: I, path: &str) -> Option<(&'a str, HashMap<String, String>)>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(&'a str, HashMap<String, String>, Vec<u8>)> = None;
    for resource in resources {
        if let Some((params, score)) = match_resource(resource, path) {
            let better = match &best {
                None => true,
                Some((_, _, s)) => score.cmp(s) == Ordering::Greater,
            };
            if better {
                best = Some((resource, params, score));
            }
        }
    }
    best.map(|(r, p, _)| (r, p))
}

/// What to answer for a request no declared method matched: the methods the path does allow, if any.
pub fn allowed_methods(routes: &[RouteSpec], path: &str) -> Vec<&'static str> {
    let Some((resource, _)) = best_resource(
        routes.iter().map(|r| r.path).filter(|p| !p.contains("+}")),
        path,
    ) else {
        return Vec::new();
    };
    let mut methods: Vec<&'static str> = routes
        .iter()
        .filter(|r| r.path == resource)
        .map(|r| r.method)
        .collect();
    methods.sort_unstable();
    methods.dedup();
    methods
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_beats_param_beats_greedy() {
        let resources = ["/v1/people/{person_id}", "/v1/people/search", "/{proxy+}"];
        let (r, p) = best_resource(resources, "/v1/people/search").unwrap();
        assert_eq!(r, "/v1/people/search");
        assert!(p.is_empty());
        let (r, p) = best_resource(resources, "/v1/people/per_1").unwrap();
        assert_eq!(r, "/v1/people/{person_id}");
        assert_eq!(p["person_id"], "per_1");
        let (r, p) = best_resource(resources, "/v1/people/per_1/extra").unwrap();
        assert_eq!(r, "/{proxy+}");
        assert_eq!(p["proxy"], "v1/people/per_1/extra");
    }

    #[test]
    fn params_are_percent_decoded_and_lengths_must_match() {
        let (p, _) = match_resource("/v1/companies/{id}", "/v1/companies/a%20b").unwrap();
        assert_eq!(p["id"], "a b");
        assert!(match_resource("/v1/companies/{id}", "/v1/companies").is_none());
        assert!(match_resource("/v1/health", "/v1/health/x").is_none());
        assert!(match_resource("/{proxy+}", "/").is_none());
    }

    #[test]
    fn allowed_methods_for_a_known_path() {
        let routes = [
            RouteSpec {
                method: "GET",
                path: "/v1/users/{user_id}",
                access: Access::Public,
            },
            RouteSpec {
                method: "PATCH",
                path: "/v1/users/{user_id}",
                access: Access::Public,
            },
            RouteSpec {
                method: "ANY",
                path: "/{proxy+}",
                access: Access::Public,
            },
        ];
        assert_eq!(
            allowed_methods(&routes, "/v1/users/usr_1"),
            vec!["GET", "PATCH"]
        );
        assert!(allowed_methods(&routes, "/v1/nothing").is_empty());
    }
}
