//! `newsdex serve`: the index in a browser and as a JSON API, from one long-running,
//! read-only process (axum on a tokio runtime that only this command builds).
//!
//! Every request sees a `Snapshot`: the article and quotation indexes, each with one
//! reader kept open. Before each request the `meta.json` files of both are looked at
//! (two `stat` calls); when `newsdex index` has committed since, a new snapshot is
//! opened, so results stay current while indexing runs. Searches run on tokio's
//! blocking pool, so a slow one never stalls the others.
//!
//! `api` holds the JSON endpoints, which return the CLI's `--json` types;
//! `assets` the page (HTML, CSS, JS embedded in the binary, served from fixed routes).

mod api;
mod assets;

use crate::index::{NewsIndex, QUOTES_DIR, TANTIVY_DIR};
use crate::request::ServeRequest;
use anyhow::{anyhow, Context, Result};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// The address `serve` listens on unless told otherwise: this machine only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";

/// The Content-Security-Policy of every response: scripts and styles only from the
/// fixed asset routes, no inline script, no plugins, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; object-src 'none'; \
                       base-uri 'none'; frame-ancestors 'none'";

/// Longest request target (path and query) accepted.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Runs the server until the process is stopped. The URL goes to `out` (one line,
/// flushed) as soon as the socket listens, so scripts and tests can read the port
/// of `--addr 127.0.0.1:0`.
pub fn serve(out: &mut impl Write, dir: &Path, req: &ServeRequest) -> Result<u8> {
    // The CLI's errors (no index, another schema version) before listening.
    let shared = Arc::new(Shared::new(dir)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        // Searches use the blocking pool: a few threads are enough for two cores and
        // bound the memory a burst of slow searches can take.
        .max_blocking_threads(16)
        .build()
        .context("cannot start the server's threads")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(req.addr).await.map_err(|e| {
            anyhow!(
                "cannot listen on {}: {e}: pass another --addr (127.0.0.1:0 picks a free port)",
                req.addr
            )
        })?;
        let local = listener.local_addr()?;
        let url = format!("http://{local}/");
        if local.ip().is_loopback() {
            eprintln!(
                "newsdex: serving {} at {url} (this machine only; Ctrl-C stops)",
                dir.display()
            );
        } else {
            eprintln!(
                "newsdex: serving {} at {url} to other machines too, as --addr {} asks \
                 (read-only, no authentication; Ctrl-C stops)",
                dir.display(),
                req.addr
            );
        }
        writeln!(out, "{url}")?;
        out.flush()?;
        if req.open {
            open_browser(&url);
        }
        let app = router(shared, local);
        axum::serve(listener, app)
            .await
            .context("the server stopped")?;
        Ok(crate::exit::OK)
    })
}

/// The routes: the page's fixed assets and the API; nothing is served by path.
fn router(shared: Arc<Shared>, local: SocketAddr) -> Router {
    let guard = Arc::new(Guard::new(local));
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::js))
        .route("/app.css", get(assets::css))
        .route("/favicon.ico", get(assets::favicon))
        .route("/api/search", get(api::search))
        .route("/api/quotes", get(api::quotes))
        .route("/api/related", get(api::related))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/stats", get(api::stats))
        .route("/api/values/{root}", get(api::values))
        .fallback(api::not_found)
        .with_state(shared)
        .layer(axum::middleware::from_fn_with_state(guard, check_request))
        .layer(RequestBodyLimitLayer::new(1024))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

/// What every request must satisfy before it reaches a route.
struct Guard {
    /// On loopback, the Host names a page may use (so that a web site the user visits
    /// cannot reach the server through a DNS name it points at 127.0.0.1).
    hosts: Option<Vec<String>>,
}

impl Guard {
    fn new(local: SocketAddr) -> Guard {
        let port = local.port();
        let hosts = local.ip().is_loopback().then(|| {
            vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
                local.to_string(),
            ]
        });
        Guard { hosts }
    }
}

/// Refuses over-long request targets and, on loopback, foreign Host names.
async fn check_request(State(guard): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > MAX_URI_BYTES {
        return api::error_response(
            StatusCode::URI_TOO_LONG,
            format!("request longer than {MAX_URI_BYTES} bytes: use fewer or shorter parameters"),
        );
    }
    if let Some(hosts) = &guard.hosts {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        if !hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return api::error_response(
                StatusCode::MISDIRECTED_REQUEST,
                format!(
                    "host {host:?} is not this server: open {} instead",
                    hosts.first().map_or("", String::as_str)
                ),
            );
        }
    }
    next.run(req).await
}

/// Opens `url` in the desktop's browser: with the command `$BROWSER` names (the
/// convention of xdg-open and many tools), else `open` on macOS and `xdg-open` elsewhere.
/// The opener runs in the background; if it cannot be started or exits with a failure,
/// that is said on stderr and the server goes on.
fn open_browser(url: &str) {
    let (program, args) = opener(std::env::var("BROWSER").ok().as_deref(), url);
    let child = std::process::Command::new(&program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let url = url.to_string();
    match child {
        Err(e) => eprintln!(
            "newsdex: cannot run {program} to open {url}: {e}: open it by hand, or name \
             a browser in BROWSER"
        ),
        Ok(mut child) => {
            // xdg-open returns once the browser has the page; a browser named in
            // BROWSER may run until it is closed. Either way the server does not wait.
            std::thread::spawn(move || match child.wait() {
                Ok(status) if !status.success() => eprintln!(
                    "newsdex: {program} could not open {url} ({status}): open it by hand, \
                     or name a browser in BROWSER"
                ),
                Ok(_) => {}
                Err(e) => eprintln!("newsdex: {program} (opening {url}): {e}"),
            });
        }
    }
}

/// The program and arguments that open `url`. `browser` is `$BROWSER`: commands
/// separated by `:`, of which the first is used, its words split at spaces; `%s` in a
/// word stands for the URL, and without one the URL is the last argument.
fn opener(browser: Option<&str>, url: &str) -> (String, Vec<String>) {
    let command = browser
        .and_then(|b| b.split(':').map(str::trim).find(|c| !c.is_empty()))
        .map(|c| c.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|words| !words.is_empty());
    let Some(mut words) = command else {
        let program = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        return (program.to_string(), vec![url.to_string()]);
    };
    let program = words.remove(0);
    if words.iter().any(|w| w.contains("%s")) {
        for w in &mut words {
            *w = w.replace("%s", url);
        }
    } else {
        words.push(url.to_string());
    }
    (program, words)
}

#[cfg(test)]
mod tests {
    use super::opener;

    #[test]
    fn browser_names_the_opener() {
        let url = "http://127.0.0.1:7878/";
        let (p, a) = opener(None, url);
        assert!(p == "xdg-open" || p == "open");
        assert_eq!(a, [url]);
        assert_eq!(opener(Some("  "), url), opener(None, url));
        assert_eq!(
            opener(Some("firefox --new-window"), url),
            (
                "firefox".to_string(),
                vec!["--new-window".to_string(), url.to_string()]
            )
        );
        assert_eq!(
            opener(Some(":w3m -o x=%s:lynx"), url),
            (
                "w3m".to_string(),
                vec!["-o".to_string(), format!("x={url}")]
            )
        );
    }
}

/// What the server shares between requests.
pub(crate) struct Shared {
    dir: PathBuf,
    current: RwLock<Arc<Snapshot>>,
}

/// Which commit the files of an index folder describe: size, modification time and
/// inode of each `meta.json` (tantivy replaces them by renaming, so a commit changes
/// the inode even within one clock tick).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Commit(Vec<Option<(u64, Option<std::time::SystemTime>, u64)>>);

impl Commit {
    fn of(dir: &Path) -> Commit {
        Commit(
            [TANTIVY_DIR, QUOTES_DIR]
                .iter()
                .map(|part| {
                    let m = std::fs::metadata(dir.join(part).join("meta.json")).ok()?;
                    Some((m.len(), m.modified().ok(), inode(&m)))
                })
                .collect(),
        )
    }
}

#[cfg(unix)]
fn inode(m: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(m)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

/// The distinct values of one facet root as (folded, value), sorted by value.
pub(crate) type ValueList = Arc<Vec<(String, String)>>;

/// The indexes as of one commit, with readers kept open.
pub(crate) struct Snapshot {
    commit: Commit,
    /// The index folder (what `stats` names).
    pub dir: PathBuf,
    /// The article index.
    pub articles: NewsIndex,
    /// The quotation index, or why it cannot be read (the message of the CLI's error).
    quotes: std::result::Result<NewsIndex, String>,
    /// The distinct values per facet root, folded, listed on first use.
    values: Mutex<HashMap<&'static str, ValueList>>,
}

impl Snapshot {
    fn open(dir: &Path) -> Result<Snapshot> {
        let commit = Commit::of(dir);
        // The article reader is kept open first, so the quotation index (whose hits
        // read their text from the articles) shares it.
        let articles = NewsIndex::open(dir)?.pin_reader()?;
        let quotes = articles
            .quotes_in_step()
            .and_then(|q| Ok(q.pin_reader()?))
            .map_err(|e| format!("{e:#}"));
        Ok(Snapshot {
            commit,
            dir: dir.to_path_buf(),
            articles,
            quotes,
            values: Mutex::new(HashMap::new()),
        })
    }

    /// The quotation index.
    pub fn quotes(&self) -> Result<&NewsIndex> {
        self.quotes.as_ref().map_err(|e| anyhow!("{e}"))
    }

    /// Every value under `/root` as (folded, value), sorted by value.
    pub fn values(&self, root: &'static str) -> Result<ValueList> {
        if let Some(v) = self.lock_values().get(root) {
            return Ok(v.clone());
        }
        let searcher = self.articles.searcher()?;
        let mut all = std::collections::BTreeMap::new();
        crate::index::values::for_each(&self.articles, &searcher, root, |v, folded| {
            if !all.contains_key(v) {
                let folded = folded.map_or_else(|| crate::extract::fold::fold(v), str::to_owned);
                all.insert(v.to_owned(), folded);
            }
        })?;
        let list: ValueList = Arc::new(all.into_iter().map(|(v, f)| (f, v)).collect());
        self.lock_values().insert(root, list.clone());
        Ok(list)
    }

    fn lock_values(&self) -> std::sync::MutexGuard<'_, HashMap<&'static str, ValueList>> {
        // A panic while the lock was held left a map that is still whole.
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Shared {
    fn new(dir: &Path) -> Result<Shared> {
        Ok(Shared {
            dir: dir.to_path_buf(),
            current: RwLock::new(Arc::new(Snapshot::open(dir)?)),
        })
    }

    /// The snapshot of the last commit, opened again if `newsdex index` committed
    /// since the last request.
    pub fn snapshot(&self) -> Result<Arc<Snapshot>> {
        let commit = Commit::of(&self.dir);
        {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            if current.commit == commit {
                return Ok(current.clone());
            }
        }
        let fresh = Arc::new(Snapshot::open(&self.dir)?);
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        *current = fresh.clone();
        Ok(fresh)
    }
}
