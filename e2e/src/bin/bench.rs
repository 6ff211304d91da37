//! `bench`: the benchmark command (not a test). Starts the release server with the
//! demo data plus 10,000 orders, then prints one line per figure: the app's transfer
//! size, cold load to the order list painted and click to an order view painted in
//! headless Chromium, and API throughput and latency at 50 connections (wrk).
//! Run it with `bash scripts/bench.sh`.

use std::process::Command;
use std::time::{Duration, Instant};

use kabinet_e2e::{api, api_login, browser_session, start_driver, start_server, WAIT};

const RUNS: usize = 9;
const EXTRA_ORDERS: &str = "10000";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn summary(name: &str, mut v: Vec<f64>, aim: &str) {
    v.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{name}: median {:.0} ms, p90 {:.0} ms, p95 {:.0} ms, max {:.0} ms (n={}; aim {aim})",
        percentile(&v, 50.0),
        percentile(&v, 90.0),
        percentile(&v, 95.0),
        v.last().copied().unwrap_or(f64::NAN),
        v.len()
    );
}

/// Fetches what the browser fetches on a cold load, as it would (brotli).
async fn transfer_size(http: &reqwest::Client, base: &str) {
    let html = http
        .get(format!("{base}/orders"))
        .send()
        .await
        .expect("index")
        .text()
        .await
        .expect("index text");
    let mut assets: Vec<String> = Vec::new();
    for attr in ["href=\"", "src=\"", "from '", "init('"] {
        for part in html.split(attr).skip(1) {
            let end = part.find(['"', '\'']).unwrap_or(part.len());
            let path = &part[..end];
            let is_app = path.ends_with(".wasm") || path.ends_with(".js") || path.ends_with(".css");
            if path.starts_with('/') && is_app && !assets.iter().any(|a| a == path) {
                assets.push(path.to_string());
            }
        }
    }
    let mut total = 0usize;
    let mut parts = Vec::new();
    for path in std::iter::once("/orders".to_string()).chain(assets) {
        let r = http
            .get(format!("{base}{path}"))
            .header("accept-encoding", "br")
            .send()
            .await
            .expect("asset");
        let encoding = r
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("identity")
            .to_string();
        // reqwest here does not decompress, so this is the bytes on the wire.
        let n = r.bytes().await.expect("asset body").len();
        total += n;
        parts.push(format!("{path} {n} B {encoding}"));
    }
    println!(
        "transfer size (html+js+wasm+css, brotli): {:.1} KB (aim <= 150 KB) [{}]",
        total as f64 / 1024.0,
        parts.join(", ")
    );
}

async fn wait_for_mark(client: &fantoccini::Client, name: &str) -> f64 {
    let deadline = Instant::now() + WAIT;
    loop {
        let v = client
            .execute(
                &format!("const m = performance.getEntriesByName('{name}'); return m.length ? m[0].startTime : null;"),
                vec![],
            )
            .await
            .expect("script");
        if let Some(t) = v.as_f64() {
            return t;
        }
        assert!(Instant::now() < deadline, "{name} never painted");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Cold loads (a fresh browser profile each time) to the list painted, then a click
/// on an order to its view painted.
async fn browser_timings(base: &str, token: &str) {
    let (_driver, driver_url) = start_driver();
    let mut list = Vec::new();
    let mut view = Vec::new();
    // Where the cold load's time goes: the wasm fetched, the orders fetched.
    let mut wasm_done = Vec::new();
    let mut orders_done = Vec::new();
    for _ in 0..RUNS {
        let profile = tempfile::tempdir().expect("profile");
        let client = browser_session(&driver_url, profile.path()).await;
        // Sign in by putting the token where the app keeps it, on a page of the app
        // that does not load orders, then load the list cold.
        client.goto(&format!("{base}/404")).await.expect("goto");
        client
            .execute(
                &format!("localStorage.setItem('kabinet.token', JSON.stringify('{token}'));"),
                vec![],
            )
            .await
            .expect("token");
        client
            .goto(&format!("{base}/orders"))
            .await
            .expect("goto list");
        list.push(wait_for_mark(&client, "kabinet:list").await);
        let ends = client
            .execute(
                "const r = performance.getEntriesByType('resource');
                 const end = f => (r.find(e => f(e.name)) || {}).responseEnd || null;
                 return [end(n => n.endsWith('.wasm')), end(n => n.includes('/api/orders'))];",
                vec![],
            )
            .await
            .expect("resource timings");
        wasm_done.push(ends[0].as_f64().unwrap_or(f64::NAN));
        orders_done.push(ends[1].as_f64().unwrap_or(f64::NAN));
        for _ in 0..3 {
            client
                .execute(
                    "performance.clearMarks('kabinet:order'); window.__t0 = performance.now();
                     document.querySelector('.order-row__link').click();",
                    vec![],
                )
                .await
                .expect("click");
            let painted = wait_for_mark(&client, "kabinet:order").await;
            let t0 = client
                .execute("return window.__t0;", vec![])
                .await
                .expect("t0");
            view.push(painted - t0.as_f64().unwrap_or(0.0));
            client.back().await.expect("back");
            client
                .wait()
                .at_most(WAIT)
                .for_element(fantoccini::Locator::Css(".order-row__link"))
                .await
                .expect("list again");
        }
        let _ = client.close().await;
    }
    summary("  of which: wasm downloaded", wasm_done, "-");
    summary("  of which: first orders page received", orders_done, "-");
    summary("cold load to order list painted", list, "p50 <= 200 ms");
    summary("click to order view painted", view, "p95 <= 100 ms");
}

/// One wrk run; prints requests per second and latency percentiles.
fn wrk(name: &str, url: &str, token: &str, aim: &str) {
    let out = Command::new("wrk")
        .args(["-t2", "-c50", "-d8s", "--latency", "-H"])
        .arg(format!("Authorization: Bearer {token}"))
        .arg(url)
        .output()
        .expect("wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(|v| v.trim().to_string()))
            .unwrap_or_else(|| "?".into())
    };
    let errors = text
        .lines()
        .find(|l| l.contains("Non-2xx") || l.contains("Socket errors"))
        .map(|l| format!("; {}", l.trim()))
        .unwrap_or_default();
    println!(
        "{name}: {} req/s, p50 {}, p99 {} (50 connections{errors}; aim {aim})",
        field("Requests/sec:"),
        field("50%"),
        field("99%")
    );
}

#[tokio::main]
async fn main() {
    let data = tempfile::tempdir().expect("temp dir");
    let (_server, base) = start_server(
        &data.path().join("data"),
        &["--demo-extra-orders", EXTRA_ORDERS],
    );
    let http = reqwest::Client::new();
    let token = api_login(&base, "anna@alfa.example").await;
    let (_, page) = api(&base, &token, "GET", "/api/orders?limit=1", None).await;
    let order_id = page["items"][0]["id"].as_i64().expect("an order");
    println!(
        "kabinet benchmark: anna has {} + 39 orders; {RUNS} browser runs",
        EXTRA_ORDERS
    );

    // `bench api` skips the browser figures.
    if std::env::args().nth(1).as_deref() != Some("api") {
        transfer_size(&http, &base).await;
        browser_timings(&base, &token).await;
    }
    wrk(
        "GET /api/health",
        &format!("{base}/api/health"),
        &token,
        "baseline",
    );
    wrk(
        "GET /api/orders (page of 50)",
        &format!("{base}/api/orders?limit=50"),
        &token,
        ">= 10000 req/s, p99 <= 10 ms",
    );
    wrk(
        "GET /api/orders/{id}",
        &format!("{base}/api/orders/{order_id}"),
        &token,
        "p99 <= 5 ms",
    );
}
