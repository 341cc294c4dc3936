//! The HTTP API and dashboard over a petrel database.
//!
//! Read-only: every endpoint is a GET over a database opened read-only, so the server cannot
//! change the data it serves. The dashboard is one HTML page compiled into the binary (no CDN,
//! no network): a dyad picker, a cooperation/conflict chart drawn as SVG, an event table whose
//! evidence sentences highlight the actors and the verb, and the clusters with their outlets.
//!
//! Query parameters are parsed by hand so that a bad value gets a JSON error with status 400,
//! and every page size is bounded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use petrel_ontology::QuadConvention;
use petrel_store::{EventFilter, Period, Store, StoreError, StoredEvent, StoredLocation};
use serde_json::{json, Value};

const DASHBOARD: &str = include_str!("../assets/dashboard.html");
const OPENAPI: &str = include_str!("../assets/openapi.json");

/// A few read-only connections shared by the handlers.
struct Pool {
    stores: Vec<Mutex<Store>>,
    next: AtomicUsize,
}

impl Pool {
    fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, ApiError> {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.stores.len();
        let store = self.stores[i]
            .lock()
            .map_err(|_| ApiError::internal("a database connection failed"))?;
        f(&store).map_err(|e| ApiError::internal(&e.to_string()))
    }
}

type Shared = Arc<Pool>;

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad(message: &str) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.to_string(),
        }
    }
    fn internal(message: &str) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// Opens `connections` read-only connections to the database and builds the router.
pub fn router(db: &Path, connections: usize) -> Result<Router, StoreError> {
    let mut stores = Vec::new();
    for _ in 0..connections.max(1) {
        stores.push(Mutex::new(Store::open_read_only(db)?));
    }
    let state: Shared = Arc::new(Pool {
        stores,
        next: AtomicUsize::new(0),
    });
    Ok(Router::new()
        .route("/", get(|| async { Html(DASHBOARD) }))
        .route(
            "/api/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }),
        )
        .route("/api/health", get(health))
        .route("/api/events", get(events))
        .route("/api/dyad", get(dyad))
        .route("/api/clusters", get(clusters))
        .route("/api/top", get(top))
        .route("/api/documents/{doc_id}", get(document))
        .with_state(state))
}

/// Serves until Ctrl-C.
pub async fn serve(db: PathBuf, addr: &str) -> Result<(), Box<dyn std::error::Error>> {
    let app = router(&db, 4)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "petrel: serving {} on http://{}",
        db.display(),
        listener.local_addr()?
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await?;
    Ok(())
}

type Params = Query<HashMap<String, String>>;

fn number(
    p: &HashMap<String, String>,
    key: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match p.get(key) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .map(|n| n.min(max))
            .map_err(|_| ApiError::bad(&format!("'{key}' must be a whole number"))),
    }
}

fn text(p: &HashMap<String, String>, key: &str) -> Option<String> {
    p.get(key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty() && v.len() <= 64)
}

async fn health(State(pool): State<Shared>) -> Result<Json<Value>, ApiError> {
    let (documents, events) = pool.with(|s| s.counts())?;
    Ok(Json(
        json!({ "status": "ok", "documents": documents, "events": events }),
    ))
}

/// Byte offsets to character offsets, for browsers (JavaScript strings count UTF-16 units,
/// which equal characters for the text news carries outside emoji).
fn chars(s: &str, byte: usize) -> usize {
    s.get(..byte.min(s.len())).map_or(0, |p| p.chars().count())
}

fn event_json(e: &StoredEvent) -> Value {
    let sp = |(a, b): (usize, usize)| json!([chars(&e.sentence, a), chars(&e.sentence, b)]);
    json!({
        "id": e.id, "doc_id": e.doc_id, "outlet": e.source_name, "sentence_index": e.sentence_index,
        "sentence": e.sentence, "date": e.date, "date_precision": e.date_precision,
        "source": {"code": e.source_code, "text": e.source_text, "span": sp(e.source_span)},
        "target": e.target_code.as_ref().map(|c| json!({"code": c, "text": e.target_text, "span": e.target_span.map(sp)})),
        "verb": {"text": e.verb, "span": sp(e.verb_span)},
        "cameo": e.cameo, "root": e.root, "goldstein": e.goldstein, "plover": e.plover,
        "negated": e.negated, "hypothetical": e.hypothetical, "rule": e.rule,
        "location": e.location.as_ref().map(location_json),
    })
}

/// Where the event happened, in the shape `petrel code` writes it (`span`: byte offsets in the
/// document's cleaned text, like `petrel code`'s; the other spans here are characters of the
/// sentence, for the dashboard's highlighting).
fn location_json(l: &StoredLocation) -> Value {
    json!({
        "name": l.name, "place": l.place, "country": l.country, "lat": short(l.lat), "lon": short(l.lon),
        "precision": l.precision, "span": [l.span.0, l.span.1], "from": l.from,
    })
}

/// A coordinate as `petrel code` prints it: the f32's shortest decimal (46.2022), which
/// `json!` would otherwise widen to 46.20220184326172.
fn short(c: Option<f32>) -> Option<f64> {
    c.and_then(|c| c.to_string().parse().ok())
}

async fn events(State(pool): State<Shared>, Query(p): Params) -> Result<Json<Value>, ApiError> {
    let limit = number(&p, "limit", 50, 500)?.max(1);
    let offset = number(&p, "offset", 0, 1_000_000)?;
    let filter = EventFilter {
        actor: text(&p, "actor").map(|a| a.to_uppercase()),
        root: text(&p, "root"),
        since: text(&p, "since"),
        until: text(&p, "until"),
        limit,
        offset,
        doc_id: None,
    };
    let rows = pool.with(|s| s.events(&filter))?;
    Ok(Json(
        json!({ "limit": limit, "offset": offset, "events": rows.iter().map(event_json).collect::<Vec<_>>() }),
    ))
}

async fn dyad(State(pool): State<Shared>, Query(p): Params) -> Result<Json<Value>, ApiError> {
    let source = text(&p, "source")
        .ok_or_else(|| ApiError::bad("'source' is required"))?
        .to_uppercase();
    let target = text(&p, "target")
        .ok_or_else(|| ApiError::bad("'target' is required"))?
        .to_uppercase();
    let by = match p.get("by").map(String::as_str).unwrap_or("month") {
        "day" => Period::Day,
        "week" => Period::Week,
        "month" => Period::Month,
        "year" => Period::Year,
        _ => return Err(ApiError::bad("'by' is day, week, month or year")),
    };
    let conv = QuadConvention::parse(p.get("convention").map(String::as_str).unwrap_or("gdelt"))
        .ok_or_else(|| ApiError::bad("'convention' is gdelt, icews or phoenix"))?;
    let undirected = p.get("undirected").is_some_and(|v| v == "true" || v == "1");
    let rows = pool.with(|s| s.dyad(&source, &target, by, conv, undirected, false))?;
    let periods: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({"period": r.period, "events": r.clusters, "raw_events": r.events,
                "cooperation": r.quad_clusters[1] + r.quad_clusters[2], "conflict": r.quad_clusters[3] + r.quad_clusters[4],
                "quad": r.quad_clusters, "raw_quad": r.quad, "goldstein_sum": r.goldstein_sum,
                "goldstein_mean": r.goldstein_mean, "net_cooperation": r.net_cooperation})
        })
        .collect();
    Ok(Json(
        json!({ "source": source, "target": target, "undirected": undirected, "quad_convention": conv.name(), "periods": periods }),
    ))
}

async fn clusters(State(pool): State<Shared>, Query(p): Params) -> Result<Json<Value>, ApiError> {
    let min_sources = number(&p, "min_sources", 1, 1_000)? as u64;
    let limit = number(&p, "limit", 50, 500)?;
    let rows = pool.with(|s| s.clusters(min_sources, limit))?;
    let v: Vec<Value> = rows
        .iter()
        .map(|c| {
            json!({"id": c.id, "source": c.source_root, "target": c.target_root, "root": c.root, "from": c.from, "to": c.to,
                "num_sources": c.num_sources, "num_articles": c.num_articles, "num_mentions": c.num_mentions,
                "first_seen": c.first_seen, "last_seen": c.last_seen, "outlets": c.outlets, "example": c.example})
        })
        .collect();
    Ok(Json(json!({ "clusters": v })))
}

async fn top(State(pool): State<Shared>, Query(p): Params) -> Result<Json<Value>, ApiError> {
    let limit = number(&p, "limit", 20, 500)?;
    let rows = pool.with(|s| s.top_dyads(limit))?;
    let v: Vec<Value> = rows
        .iter()
        .map(|d| json!({"source": d.source, "target": d.target, "distinct_events": d.distinct_events, "reports": d.reports, "goldstein_mean": d.goldstein_mean}))
        .collect();
    Ok(Json(json!({ "dyads": v })))
}

async fn document(
    State(pool): State<Shared>,
    UrlPath(doc_id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    if doc_id.len() > 512 {
        return Err(ApiError::bad("document id too long"));
    }
    let view = pool.with(|s| s.document(&doc_id))?;
    let Some(v) = view else {
        return Err(ApiError {
            status: StatusCode::NOT_FOUND,
            message: format!("no document '{doc_id}'"),
        });
    };
    let filter = EventFilter {
        doc_id: Some(doc_id.clone()),
        limit: 10_000,
        ..EventFilter::default()
    };
    let events = pool.with(|s| s.events(&filter))?;
    Ok(Json(json!({
        "doc_id": v.doc_id, "outlet": v.outlet, "url": v.url, "published": v.published, "title": v.title,
        "duplicate_of": v.duplicate_of,
        "sentences": v.sentences.iter().map(|(i, b, t)| json!({"index": i, "block": b, "text": t})).collect::<Vec<_>>(),
        "events": events.iter().map(event_json).collect::<Vec<_>>(),
    })))
}
