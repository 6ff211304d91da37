//! The end-to-end harness: starts the real `kabinet-server` binary with the demo
//! data on a fresh SQLite file, a chromedriver, and a headless Chromium session
//! driving the real built app. Everything is stopped when the harness is dropped.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long any one thing may take to appear.
pub const WAIT: Duration = Duration::from_secs(15);

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where screenshots go (under target/, so they are never committed).
pub fn screenshot_dir() -> PathBuf {
    let d = workspace().join("target/screenshots");
    let _ = std::fs::create_dir_all(&d);
    d
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A child process, killed when dropped.
pub struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Signs in through the API (not the UI); answers the bearer token.
pub async fn api_login(base: &str, email: &str) -> String {
    let (status, v) = api(
        base,
        "",
        "POST",
        "/api/auth/login",
        Some(json!({"email": email, "password": "demo"})),
    )
    .await;
    assert_eq!(status, 200, "login of {email}: {v}");
    v["token"].as_str().expect("token").to_string()
}

/// How many messages of order `id`'s chat (its newest 100) have this text, as
/// `email` reads them through the API: a message sent once is stored once.
pub async fn stored_copies(base: &str, email: &str, id: i64, body: &str) -> usize {
    let token = api_login(base, email).await;
    let (_, chat) = api(
        base,
        &token,
        "GET",
        &format!("/api/orders/{id}/messages?limit=100"),
        None,
    )
    .await;
    chat["items"].as_array().map_or(0, |items| {
        items.iter().filter(|m| m["body"] == body).count()
    })
}

/// One API request as `token`; answers the status and the JSON body.
pub async fn api(
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let http = reqwest::Client::new();
    let url = format!("{base}{path}");
    let mut req = if method == "POST" {
        http.post(url)
    } else {
        http.get(url)
    };
    if !token.is_empty() {
        req = req.bearer_auth(token);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("API request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The server, chromedriver and a first browser; more browsers (another user side
/// by side) come from `new_browser`. Derefs to the first browser.
pub struct Harness {
    pub base: String,
    browser: Browser,
    driver_url: String,
    server: std::sync::Mutex<Option<Process>>,
    /// The server's flags besides the data dir, for a restart.
    args: Vec<String>,
    _driver: Process,
    dirs: Vec<tempfile::TempDir>,
}

impl std::ops::Deref for Harness {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}

/// One headless Chromium session on the app, with its own empty profile.
pub struct Browser {
    pub base: String,
    pub client: Client,
    _profile: tempfile::TempDir,
}

/// A new headless Chromium session with an empty profile in `profile`.
pub async fn browser_session(driver_url: &str, profile: &Path) -> Client {
    browser_session_with(driver_url, profile, &[]).await
}

/// The same, with more Chromium flags (a fake camera).
pub async fn browser_session_with(driver_url: &str, profile: &Path, extra: &[String]) -> Client {
    let mut caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=ru-RU", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }
    });
    if let Some(args) = caps["goog:chromeOptions"]["args"].as_array_mut() {
        args.extend(extra.iter().map(|a| json!(a)));
    }
    let caps = caps.as_object().cloned().expect("object");
    // chromedriver needs a moment to listen: retry until the deadline.
    let deadline = Instant::now() + WAIT;
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(driver_url)
            .await
        {
            Ok(c) => return c,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("cannot start a Chromium session: {e}"),
        }
    }
}

/// Starts the server binary with the demo data (and `extra` arguments) and answers
/// it with the URL it printed.
pub fn start_server(data: &Path, extra: &[&str]) -> (Process, String) {
    let bin = std::env::var("KABINET_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("target/debug/kabinet-server"));
    let dist = std::env::var("KABINET_STATIC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "the built app is missing at {}; run `trunk build --release` (scripts/test.sh does)",
        dist.display()
    );
    // A later --bind in `extra` wins over this one.
    let mut child = Command::new(&bin)
        .args(["--demo", "--bind", "127.0.0.1:0"])
        .args(extra)
        .arg("--data-dir")
        .arg(data)
        .arg("--static-dir")
        .arg(&dist)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let stdout = child.stdout.take().expect("server stdout");
    let process = Process(child);
    let mut line = String::new();
    let mut reader = BufReader::new(stdout);
    // The server prints one line with its address once it listens.
    loop {
        line.clear();
        let n = reader.read_line(&mut line).expect("server output");
        assert!(n > 0, "the server exited before listening");
        if let Some(url) = line.trim().strip_prefix("Kabinet is listening on ") {
            let url = url.trim_end_matches('/').to_string();
            std::thread::spawn(move || for _ in reader.lines() {});
            return (process, url);
        }
    }
}

/// Starts chromedriver on a free port; answers its URL.
pub fn start_driver() -> (Process, String) {
    let port = free_port();
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e} (apt-get install chromium-driver)"));
    (Process(child), format!("http://127.0.0.1:{port}"))
}

impl Harness {
    pub async fn start() -> Harness {
        Self::start_with(&[]).await
    }

    /// With more server flags (e.g. smaller limits).
    pub async fn start_with(extra: &[&str]) -> Harness {
        let data = tempfile::tempdir().expect("temp dir");
        let (server, base) = start_server(&data.path().join("data"), extra);
        let (driver, driver_url) = start_driver();
        let browser = Browser::open(&driver_url, &base).await;
        Harness {
            base,
            browser,
            driver_url,
            server: std::sync::Mutex::new(Some(server)),
            args: extra.iter().map(|a| a.to_string()).collect(),
            _driver: driver,
            dirs: vec![data],
        }
    }

    /// Stops the server (as a crash or a deploy would).
    pub fn stop_server(&self) {
        if let Ok(mut s) = self.server.lock() {
            s.take();
        }
    }

    /// Starts the server again on the same address and database.
    pub fn start_server_again(&self) {
        let addr = self.base.trim_start_matches("http://").to_string();
        let mut args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        args.extend(["--bind", addr.as_str()]);
        let (server, base) = start_server(&self.dirs[0].path().join("data"), &args);
        assert_eq!(base, self.base, "the same address");
        if let Ok(mut s) = self.server.lock() {
            *s = Some(server);
        }
    }

    /// Another browser on the same app (another user, side by side).
    pub async fn new_browser(&self) -> Browser {
        Browser::open(&self.driver_url, &self.base).await
    }

    /// Another browser whose camera films `video` (a .y4m file, looped), or a test
    /// pattern without one; the camera is allowed without asking.
    pub async fn new_browser_with_camera(&self, video: Option<&Path>) -> Browser {
        let mut flags = vec![
            "--use-fake-ui-for-media-stream".to_string(),
            "--use-fake-device-for-media-stream".to_string(),
        ];
        if let Some(v) = video {
            flags.push(format!("--use-file-for-fake-video-capture={}", v.display()));
        }
        Browser::open_with(&self.driver_url, &self.base, &flags).await
    }

    pub async fn close(self) {
        let _ = self.browser.client.clone().close().await;
    }
}

impl Browser {
    pub async fn open(driver_url: &str, base: &str) -> Browser {
        Browser::open_with(driver_url, base, &[]).await
    }

    pub async fn open_with(driver_url: &str, base: &str, flags: &[String]) -> Browser {
        let profile = tempfile::tempdir().expect("temp dir");
        let client = browser_session_with(driver_url, profile.path(), flags).await;
        Browser {
            base: base.to_string(),
            client,
            _profile: profile,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn goto(&self, path: &str) {
        self.client.goto(&self.url(path)).await.expect("navigate");
    }

    /// Waits for an element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => {
                // Leave evidence: what the page looked like and said.
                let shot = self.screenshot("failure").await;
                let text = self
                    .js("return document.body.innerText.slice(0, 2000);")
                    .await;
                panic!(
                    "no element {css}: {e}\nscreenshot: {}\npage text: {text}",
                    shot.display()
                )
            }
        }
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.expect("script")
    }

    /// Waits until `script` (an expression) is truthy.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self.js(&format!("return !!({script});")).await;
            if v == Value::Bool(true) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text")
    }

    /// Types the demo password for `email` into the login form and sends it.
    async fn submit_login(&self, email: &str) {
        self.find("#email")
            .await
            .send_keys(email)
            .await
            .expect("type e-mail");
        self.find("#password")
            .await
            .send_keys("demo")
            .await
            .expect("type password");
        self.find("button[type=submit]")
            .await
            .click()
            .await
            .expect("submit");
    }

    /// Signs in through the login form.
    pub async fn login(&self, email: &str) {
        self.goto("/login").await;
        self.submit_login(email).await;
        // Tenants land on their orders, staff on the desk, event managers in the
        // check-in app.
        self.find(
            "[data-testid=order-list], [data-testid=desk-list], [data-testid=empty], .checkin-main",
        )
        .await;
    }

    /// Fills in and sends the login form already on screen (the app sent the
    /// visitor there); waits until the form is gone.
    pub async fn sign_in_here(&self, email: &str) {
        self.submit_login(email).await;
        self.wait_until("signed in", "!document.querySelector('#password')")
            .await;
    }

    /// Opens the first of the signed-in user's orders of this kind and status from
    /// the filtered list; answers its id.
    pub async fn open_first_order(&self, kind: &str, status: &str) -> i64 {
        self.goto(&format!("/orders?kind={kind}&status={status}"))
            .await;
        let row = self.find(&format!("[data-kind={kind}]")).await;
        let id: i64 = row
            .attr("data-order-id")
            .await
            .expect("attribute")
            .expect("an order id")
            .parse()
            .expect("a number");
        self.find(&format!("[data-kind={kind}] a"))
            .await
            .click()
            .await
            .expect("open the order");
        self.find(&format!("article.order[data-kind={kind}]")).await;
        id
    }

    /// Dismisses the open dialog with its secondary button («Закрыть», «Отмена»).
    pub async fn dismiss_dialog(&self) {
        self.js("document.querySelector('dialog[open] .dialog__buttons .button:not(.button--primary)').click();")
            .await;
    }

    /// The path and query of the page now.
    pub async fn here(&self) -> String {
        self.js("return location.pathname + location.search;")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Sets the viewport width (height follows a phone or desktop shape).
    pub async fn viewport(&self, width: u32) {
        let height = if width < 600 { 844 } else { 900 };
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize");
        self.wait_until(
            &format!("viewport {width}px"),
            &format!("window.innerWidth <= {width}"),
        )
        .await;
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Runs axe-core on the page; answers the serious and critical violations.
    pub async fn axe_violations(&self) -> Vec<Value> {
        let axe = std::fs::read_to_string(workspace().join("node_modules/axe-core/axe.min.js"))
            .expect("node_modules/axe-core (npm install)");
        self.client.execute(&axe, vec![]).await.expect("load axe");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                     nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))))
                    .catch(e => done([{ id: 'axe-error', help: String(e) }]));",
                vec![],
            )
            .await
            .expect("axe.run");
        result.as_array().cloned().unwrap_or_default()
    }

    /// Waits until the app's live stream is connected.
    pub async fn live(&self) {
        self.wait_until(
            "the live stream",
            "document.documentElement.dataset.live === 'open'",
        )
        .await;
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// Writes a camera video (YUV4MPEG2, 640x480, a few identical frames; Chromium
/// loops it) that films `text` as a QR code, large and centred on white, the way a
/// phone is held up to a door scanner.
pub fn qr_video(path: &Path, text: &str) {
    const W: usize = 640;
    const H: usize = 480;
    let qr = qrcode::QrCode::new(text.as_bytes()).expect("a QR code");
    let n = qr.width();
    let colors = qr.to_colors();
    let quiet = 4;
    let scale = 360 / (n + 2 * quiet);
    let side = (n + 2 * quiet) * scale;
    let (left, top) = ((W - side) / 2, (H - side) / 2);
    let mut luma = vec![255u8; W * H];
    for y in 0..n {
        for x in 0..n {
            if colors[y * n + x] == qrcode::Color::Dark {
                for dy in 0..scale {
                    let row = top + (quiet + y) * scale + dy;
                    let col = left + (quiet + x) * scale;
                    luma[row * W + col..row * W + col + scale].fill(0);
                }
            }
        }
    }
    let mut out = format!("YUV4MPEG2 W{W} H{H} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..10 {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&luma);
        out.extend(std::iter::repeat_n(128u8, W * H / 2));
    }
    std::fs::write(path, out).expect("write the camera video");
}

/// Screenshots of what is on screen now at 1280 and 390 px, back at 1280. The
/// order page lays itself out anew between a phone and a wide screen (a dialog
/// open on it closes), so `reopen` is clicked through again when `ready` is gone.
pub async fn both_widths(b: &Browser, name: &str, ready: &str, reopen: &[&str]) {
    b.viewport(1280).await;
    b.find(ready).await;
    b.screenshot(&format!("{name}-1280")).await;
    for width in [390, 1280] {
        b.viewport(width).await;
        let there = b
            .js(&format!("return !!document.querySelector({ready:?});"))
            .await;
        if there != serde_json::json!(true) {
            for css in reopen {
                b.find(css).await.click().await.expect("click");
            }
        }
        b.find(ready).await;
        if width == 390 {
            let overflow = b
                .js("return document.documentElement.scrollWidth > window.innerWidth + 1;")
                .await;
            assert_eq!(
                overflow,
                serde_json::json!(false),
                "{name}: no sideways scroll at 390 px"
            );
            b.screenshot(&format!("{name}-390")).await;
        }
    }
}

/// No serious or critical accessibility violation (axe-core) on what is shown.
pub async fn accessible(b: &Browser, what: &str) {
    let v = b.axe_violations().await;
    assert!(v.is_empty(), "{what}: {v:#?}");
}
