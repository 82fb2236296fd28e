//! The JSON API: query parameters become the same validated requests as the command
//! line's flags, and answers are the types the CLI prints with `--json`. Errors are
//! `{"error": "<the CLI's message>"}` with a 4xx status (5xx when the index cannot be
//! read).

use super::{Shared, Snapshot};
use crate::error::Error;
use crate::schema::FACET_ROOTS;
use crate::search::timeline::Period;
use crate::search::{FacetCount, Filters, SearchRequest};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::sync::Arc;

/// Most results (and facet values) one API request may ask for.
pub const MAX_API_LIMIT: usize = 1000;

/// Most query parameters one request may carry.
pub const MAX_PARAMS: usize = 64;

/// The filter parameters, as the CLI's flags.
const FILTERS: [&str; 8] = [
    "speaker", "person", "org", "place", "country", "source", "since", "until",
];

/// `{"error": ...}` with `status`.
pub fn error_response(status: StatusCode, message: String) -> Response {
    #[derive(Serialize)]
    struct Body {
        error: String,
    }
    (status, Json(Body { error: message })).into_response()
}

/// An error and the status it is answered with.
pub struct ApiError(StatusCode, String);

impl ApiError {
    fn bad(message: String) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, message)
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> ApiError {
        let status = match e.chain().find_map(|e| e.downcast_ref::<Error>()) {
            Some(Error::NotFound(_)) => StatusCode::NOT_FOUND,
            Some(
                Error::Query { .. }
                | Error::InvalidDate(_)
                | Error::DateOrder { .. }
                | Error::InvalidPeriod(_)
                | Error::UnknownValue { .. }
                | Error::LimitTooLarge { .. },
            ) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError(status, format!("{e:#}"))
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError::from(anyhow::Error::from(e))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error_response(self.0, self.1)
    }
}

/// A request's query string, checked against the names an endpoint takes.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut pairs = Vec::new();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            if pairs.len() == MAX_PARAMS {
                return Err(ApiError::bad(format!(
                    "more than {MAX_PARAMS} parameters: use fewer filters"
                )));
            }
            if !allowed.contains(&k.as_ref()) && !FILTERS.contains(&k.as_ref()) {
                return Err(ApiError::bad(format!(
                    "unknown parameter {k:?}: use {}",
                    allowed
                        .iter()
                        .chain(FILTERS.iter().filter(|_| allowed.contains(&"q")))
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            pairs.push((k.into_owned(), v.into_owned()));
        }
        Ok(Params(pairs))
    }

    /// Every value of a repeatable parameter (empty ones left out).
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The value of a parameter given at most once.
    fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.0.iter().filter(|(k, _)| k == name);
        let first = values.next().map(|(_, v)| v.as_str());
        if values.next().is_some() {
            return Err(ApiError::bad(format!(
                "parameter {name:?} is given more than once: give it once"
            )));
        }
        Ok(first)
    }

    /// A whole number from 0 to `max`, or `default`.
    fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.one(name)? {
            None | Some("") => Ok(default),
            Some(s) => match s.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                Ok(n) => Err(Error::LimitTooLarge {
                    flag: static_name(name),
                    value: n,
                    max,
                }
                .into()),
                Err(_) => Err(ApiError::bad(format!(
                    "invalid {name} {s:?}: not a whole number; use 0 to {max}"
                ))),
            },
        }
    }

    /// A yes/no flag: present and not `0`/`false`.
    fn flag(&self, name: &str) -> Result<bool, ApiError> {
        Ok(matches!(self.one(name)?, Some(v) if v != "0" && v != "false"))
    }

    fn filters(&self) -> Result<Filters, ApiError> {
        let date = |name| -> Result<Option<String>, ApiError> {
            Ok(self
                .one(name)?
                .filter(|v| !v.trim().is_empty())
                .map(str::to_string))
        };
        Ok(Filters {
            speaker: self.all("speaker"),
            person: self.all("person"),
            org: self.all("org"),
            place: self.all("place"),
            country: self.all("country"),
            source: self.all("source"),
            since: date("since")?,
            until: date("until")?,
        })
    }

    fn query(&self) -> Result<Option<String>, ApiError> {
        Ok(self
            .one("q")?
            .filter(|q| !q.trim().is_empty())
            .map(str::to_string))
    }
}

/// The names counts are reported under, as `'static` for [`Error::LimitTooLarge`].
fn static_name(name: &str) -> &'static str {
    match name {
        "limit" => "limit",
        "offset" => "offset",
        "facets" => "facets",
        _ => "top",
    }
}

/// A facet root by name.
fn facet_root(name: &str) -> Result<&'static str, ApiError> {
    FACET_ROOTS
        .iter()
        .copied()
        .find(|r| *r == name)
        .ok_or_else(|| {
            ApiError(
                StatusCode::NOT_FOUND,
                format!("unknown facet {name:?}: use {}", FACET_ROOTS.join(", ")),
            )
        })
}

/// The parameters of `/api/search` and `/api/quotes` as a validated [`SearchRequest`].
fn search_request(raw: Option<&str>, quotes: bool) -> Result<SearchRequest, ApiError> {
    let p = Params::parse(
        raw,
        &[
            "q",
            "any",
            "limit",
            "offset",
            "facets",
            "histogram",
            "by",
            "quotes",
        ],
    )?;
    let histogram = match p.one("histogram")? {
        None => None,
        Some("") => Some(Period::Month),
        Some(s) => Some(s.parse::<Period>()?),
    };
    let by = match p.one("by")? {
        None | Some("") => None,
        Some(_) if histogram.is_none() => {
            return Err(ApiError::bad(
                "by needs histogram: add histogram=month (or day, week, year)".to_string(),
            ))
        }
        Some(s) => Some(facet_root(s).map_err(|e| ApiError::bad(e.1))?),
    };
    let req = SearchRequest {
        query: p.query()?,
        filters: p.filters()?,
        any: p.flag("any")?,
        limit: p.number("limit", 10, MAX_API_LIMIT)?,
        offset: p.number("offset", 0, usize::MAX)?,
        facet_top: p.number("facets", 8, MAX_API_LIMIT)?,
        histogram,
        by,
        show_quotes: !quotes && p.flag("quotes")?,
        body_only: quotes,
    };
    req.validate()?;
    Ok(req)
}

/// Runs `f` on the current snapshot on the blocking pool and answers with its JSON
/// (serialized there too). `Server-Timing: app;dur=MS` says how long that took, which
/// is what `bench-serve` reports as the time inside the server.
async fn blocking<T: Serialize + Send + 'static>(
    shared: Arc<Shared>,
    f: impl FnOnce(&Snapshot) -> anyhow::Result<T> + Send + 'static,
) -> Response {
    let job = tokio::task::spawn_blocking(move || {
        let start = std::time::Instant::now();
        let body = shared
            .snapshot()
            .and_then(|snapshot| f(&snapshot))
            .and_then(|v| Ok(serde_json::to_vec(&v)?));
        (body, start.elapsed())
    });
    let (body, took) = match job.await {
        Ok(done) => done,
        Err(_) => {
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error: the index may be damaged: run `newsdex check`".to_string(),
            )
        }
    };
    let mut response = match body {
        Ok(bytes) => (
            [(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        Err(e) => ApiError::from(e).into_response(),
    };
    if let Ok(v) =
        axum::http::HeaderValue::from_str(&format!("app;dur={:.3}", took.as_secs_f64() * 1000.0))
    {
        response.headers_mut().insert("server-timing", v);
    }
    response
}

/// Test hook: with `NEWSDEX_TEST_HOLD=WORD:FILE` in the server's environment, a search
/// whose query is WORD creates FILE.waiting, then waits on the blocking pool until FILE
/// exists (at most a minute), so a test can keep one request busy and check that others are answered meanwhile.
/// Nothing else reads the variable.
fn hold_for_test(req: &SearchRequest) {
    let Some(hold) = std::env::var_os("NEWSDEX_TEST_HOLD") else {
        return;
    };
    let hold = hold.to_string_lossy();
    let Some((word, file)) = hold.split_once(':') else {
        return;
    };
    if req.query.as_deref() != Some(word) {
        return;
    }
    // Says it is waiting, so the test knows the search holds a thread now.
    let _ = std::fs::write(format!("{file}.waiting"), "");
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !std::path::Path::new(file).exists() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// `GET /api/search`: `newsdex search --json`.
pub async fn search(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    match search_request(raw.as_deref(), false) {
        Ok(req) => {
            blocking(shared, move |s| {
                hold_for_test(&req);
                crate::search::search(&s.articles, &req)
            })
            .await
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /api/quotes`: `newsdex quotes --json`.
pub async fn quotes(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    match search_request(raw.as_deref(), true) {
        Ok(req) => blocking(shared, move |s| crate::search::search(s.quotes()?, &req)).await,
        Err(e) => e.into_response(),
    }
}

/// `GET /api/related?entity=NAME`: `newsdex related --json`.
pub async fn related(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let parsed = (|| {
        let p = Params::parse(raw.as_deref(), &["entity", "q", "top"])?;
        let entity = p
            .one("entity")?
            .filter(|e| !e.trim().is_empty())
            .map(str::to_string)
            .ok_or_else(|| {
                ApiError::bad(
                    "missing parameter \"entity\": name a person, organization, country or place"
                        .to_string(),
                )
            })?;
        let query = p.query()?;
        let filters = p.filters()?;
        crate::search::validate(query.as_deref(), &filters)?;
        Ok::<_, ApiError>((entity, query, filters, p.number("top", 8, MAX_API_LIMIT)?))
    })();
    match parsed {
        Ok((entity, query, filters, top)) => {
            blocking(shared, move |s| {
                crate::search::related::related_in(
                    &s.articles,
                    &entity,
                    query.as_deref(),
                    &filters,
                    top,
                )
            })
            .await
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /api/articles/{id}`: `newsdex show ID --json` (by id only: no path is looked
/// up on this machine).
pub async fn article(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return ApiError(
            StatusCode::NOT_FOUND,
            format!(
                "no article with id {id:?}: ids are 16 hexadecimal digits, as search gives them"
            ),
        )
        .into_response();
    }
    blocking(shared, move |s| {
        let mut found = crate::search::lookup::show(&s.articles, std::path::Path::new(&id))?;
        found.retain(|a| a.hit.id == id);
        found
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound(id).into())
    })
    .await
}

/// `GET /api/stats`: `newsdex stats --json`.
pub async fn stats(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let top = match Params::parse(raw.as_deref(), &["top"])
        .and_then(|p| p.number("top", 10, MAX_API_LIMIT))
    {
        Ok(top) => top,
        Err(e) => return e.into_response(),
    };
    blocking(shared, move |s| {
        crate::search::lookup::stats(&s.articles, &s.dir, top)
    })
    .await
}

/// The answer of `/api/values/{root}`.
#[derive(Debug, Serialize)]
pub struct Suggestions {
    pub root: &'static str,
    pub prefix: String,
    /// Values with a word starting with the prefix, most frequent first, with the
    /// number of articles that have each.
    pub values: Vec<FacetCount>,
}

/// `GET /api/values/{root}?prefix=`: filter values to suggest while a name is typed.
pub async fn values(
    State(shared): State<Arc<Shared>>,
    Path(root): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let parsed = (|| {
        let root = facet_root(&root)?;
        let p = Params::parse(raw.as_deref(), &["prefix", "limit"])?;
        let prefix = p.one("prefix")?.unwrap_or_default().to_string();
        Ok::<_, ApiError>((root, prefix, p.number("limit", 10, 100)?))
    })();
    let (root, prefix, limit) = match parsed {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    blocking(shared, move |s| {
        let folded = crate::extract::fold::fold(&prefix);
        let mut values = Vec::new();
        if !folded.is_empty() && limit > 0 {
            let all = s.values(root)?;
            let searcher = s.articles.searcher()?;
            let spaced = format!(" {folded}");
            // A bounded number of candidates is counted, so a one-letter prefix over a
            // large index stays quick.
            for (_, v) in all
                .iter()
                .filter(|(f, _)| f.starts_with(&folded) || f.contains(&spaced))
                .take(2000)
            {
                let term = tantivy::Term::from_facet(
                    s.articles.fields.entity,
                    &tantivy::schema::Facet::from_path([root, v.as_str()]),
                );
                values.push(FacetCount {
                    value: v.clone(),
                    count: searcher.doc_freq(&term)?,
                });
            }
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            values.truncate(limit);
        }
        Ok(Suggestions {
            root,
            prefix,
            values,
        })
    })
    .await
}

/// Any other route.
pub async fn not_found() -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        "no such page: the API is /api/search, /api/quotes, /api/related, \
         /api/articles/{id}, /api/stats and /api/values/{root}"
            .to_string(),
    )
}
