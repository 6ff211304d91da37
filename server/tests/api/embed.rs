//! Black-box tests of embedding: a portal's launch token exchanged for a session
//! (good, forged, wrong audience, expired, replayed, unknown portal, no sub, too
//! long-lived), the portal's user linked or created by (portal, sub), and the
//! portals' origins — only theirs — allowed to frame the app.

use std::io::Write;

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::common::{assert_reason, TestServer};

const SECRET: &str = "a-shared-secret-of-the-hs256-portal-0123456789";
/// The demo portal's Ed25519 key pair (test only).
const ED_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEICQ7j//8VCt5Gu5C4OT8iY1lhOpJexHvjT3Jey8ZV9Hp
-----END PRIVATE KEY-----
";
const ED_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAAInmiIGLX4JtRKSAGxrjW7QHUIzfsA0z2IGmOQte3Fo=
-----END PUBLIC KEY-----
";
/// Another Ed25519 key: a forger's.
const ED_OTHER: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEILWCw5KLJ2Eu9kJBtGv0rJA9b/qRrHMitpjQUHi3TA+t
-----END PRIVATE KEY-----
";

async fn server() -> (TestServer, tempfile::NamedTempFile) {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    let portals = json!([
        {"id": "bc-portal", "origins": ["http://localhost:8081"], "ed25519_public_key_pem": ED_PUBLIC},
        {"id": "hs-portal", "origins": ["https://portal.example"], "hs256_secret": SECRET}
    ]);
    file.write_all(portals.to_string().as_bytes()).unwrap();
    let path = file.path().to_path_buf();
    let s = TestServer::demo_with(move |c| c.portals = Some(path)).await;
    (s, file)
}

fn claims(s: &TestServer, iss: &str, sub: &str, jti: &str) -> Value {
    let now = s.state.clock.now();
    json!({"iss": iss, "aud": "kabinet", "sub": sub, "name": "Ирина Портальная",
           "email": "irina@portal.example", "company": "Гамма",
           "iat": now, "exp": now + 60, "jti": jti})
}

fn ed(claims: &Value, key: &str) -> String {
    encode(
        &Header::new(Algorithm::EdDSA),
        claims,
        &EncodingKey::from_ed_pem(key.as_bytes()).unwrap(),
    )
    .unwrap()
}

fn hs(claims: &Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

async fn exchange(s: &TestServer, token: &str) -> (u16, Value) {
    let r = s
        .client
        .post(s.url("/api/embed/session"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_signed_launch_token_gives_a_short_session_of_the_portal_s_user() {
    let (s, _f) = server().await;
    let (st, session) =
        exchange(&s, &ed(&claims(&s, "bc-portal", "u-17", "j-1"), ED_PRIVATE)).await;
    assert_eq!(st, 200, "{session}");
    assert_eq!(session["user"]["first_name"], "Ирина");
    assert_eq!(session["user"]["last_name"], "Портальная");
    assert_eq!(session["user"]["role"], "tenant");
    assert_eq!(session["user"]["company"]["name"], "Гамма");
    let token = session["token"].as_str().unwrap().to_string();
    // The session works, as that user, with nothing of anyone else's.
    let (st, me) = s.get(&token, "/api/me").await;
    assert_eq!(st, 200);
    assert_eq!(me["id"], session["user"]["id"]);
    let (st, page) = s.get(&token, "/api/orders").await;
    assert_eq!(st, 200);
    assert_eq!(page["items"], json!([]));
    // It is short: half an hour, not a month.
    let expires = session["expires_at"].as_str().unwrap();
    let expires: jiff::Timestamp = expires.parse().unwrap();
    let left = expires.as_second() - s.state.clock.now();
    assert!((1700..=1800).contains(&left), "{left}");

    // The same portal user again: the same Kabinet user, name and company as the
    // portal says now.
    let mut again = claims(&s, "bc-portal", "u-17", "j-2");
    again["name"] = json!("Ирина Новая");
    again["company"] = json!("Дельта");
    let (st, second) = exchange(&s, &ed(&again, ED_PRIVATE)).await;
    assert_eq!(st, 200, "{second}");
    assert_eq!(second["user"]["id"], session["user"]["id"]);
    assert_eq!(second["user"]["last_name"], "Новая");
    assert_eq!(second["user"]["company"]["name"], "Дельта");
    // Another sub is another user; the same sub of another portal too.
    let (_, other) = exchange(&s, &ed(&claims(&s, "bc-portal", "u-18", "j-3"), ED_PRIVATE)).await;
    assert_ne!(other["user"]["id"], session["user"]["id"]);
    let (st, hs_user) = exchange(&s, &hs(&claims(&s, "hs-portal", "u-17", "j-1"), SECRET)).await;
    assert_eq!(st, 200, "{hs_user}");
    assert_ne!(hs_user["user"]["id"], session["user"]["id"]);
}

#[tokio::test]
async fn a_portal_never_takes_over_an_existing_account_by_e_mail() {
    let (s, _f) = server().await;
    let mut c = claims(&s, "bc-portal", "mallory", "j-1");
    c["email"] = json!("anna@alfa.example");
    let (st, session) = exchange(&s, &ed(&c, ED_PRIVATE)).await;
    assert_eq!(st, 200, "{session}");
    let anna = s.login("anna@alfa.example").await;
    let (_, me) = s.get(&anna, "/api/me").await;
    assert_ne!(session["user"]["id"], me["id"], "a new user, not anna");
    assert_ne!(session["user"]["email"], "anna@alfa.example");
    // Anna's password still signs anna in; nothing signs in the portal user.
    let r = s
        .client
        .post(s.url("/api/auth/login"))
        .json(&json!({"email": session["user"]["email"], "password": "!portal"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test]
async fn forged_expired_replayed_and_foreign_tokens_are_refused() {
    let (s, _f) = server().await;
    let now = s.state.clock.now();
    let good = claims(&s, "bc-portal", "u-1", "j-0");
    let with = |k: &str, v: Value| {
        let mut c = good.clone();
        c[k] = v;
        c
    };
    let without = |k: &str| {
        let mut c = good.clone();
        c.as_object_mut().unwrap().remove(k);
        c
    };
    let cases: Vec<(&str, String)> = vec![
        ("signed by another key", ed(&good, ED_OTHER)),
        (
            "another audience",
            ed(&with("aud", json!("someone-else")), ED_PRIVATE),
        ),
        ("expired", ed(&with("exp", json!(now - 60)), ED_PRIVATE)),
        (
            "issued in the future",
            ed(&with("iat", json!(now + 600)), ED_PRIVATE),
        ),
        (
            "lives longer than 120 s",
            ed(&with("exp", json!(now + 121)), ED_PRIVATE),
        ),
        (
            "an unknown portal",
            ed(&with("iss", json!("nobody")), ED_PRIVATE),
        ),
        ("no sub", ed(&without("sub"), ED_PRIVATE)),
        ("an empty sub", ed(&with("sub", json!(" ")), ED_PRIVATE)),
        ("no jti", ed(&without("jti"), ED_PRIVATE)),
        ("no exp", ed(&without("exp"), ED_PRIVATE)),
        ("no name", ed(&without("name"), ED_PRIVATE)),
        // The HS256 portal's secret cannot sign for the Ed25519 portal.
        ("HS256 for an Ed25519 portal", hs(&good, SECRET)),
        (
            "a wrong secret",
            hs(
                &with("iss", json!("hs-portal")),
                "not-the-secret-of-the-hs256-portal-xx",
            ),
        ),
        ("not a JWT", "not.a.jwt".to_string()),
        ("unsigned", {
            let t = ed(&good, ED_PRIVATE);
            let mut parts: Vec<&str> = t.split('.').collect();
            parts[2] = "";
            parts.join(".")
        }),
    ];
    for (what, token) in cases {
        let (st, body) = exchange(&s, &token).await;
        assert_eq!(st, 401, "{what}: {body}");
        assert_reason(&body, "unauthorized", "launch_token_refused");
        assert!(body.get("token").is_none(), "{what}: no session");
    }
    // The "none" algorithm.
    let none = format!(
        "{}.{}.",
        base64_url(r#"{"alg":"none","typ":"JWT"}"#),
        base64_url(&good.to_string())
    );
    let (st, _) = exchange(&s, &none).await;
    assert!(st == 401 || st == 422, "{st}");
    // The good one works once: a replay gets nothing.
    let token = ed(&good, ED_PRIVATE);
    let (st, _) = exchange(&s, &token).await;
    assert_eq!(st, 200);
    let (st, body) = exchange(&s, &token).await;
    assert_eq!(st, 401, "{body}");
    // A later token of the same portal user still works: the refused ones broke
    // nothing.
    let (st, later) = exchange(&s, &ed(&with("jti", json!("j-9")), ED_PRIVATE)).await;
    assert_eq!(st, 200, "{later}");
    let (_, me) = s.get(later["token"].as_str().unwrap(), "/api/me").await;
    assert_eq!(me["first_name"], "Ирина");
}

fn base64_url(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

#[tokio::test]
async fn only_registered_portals_may_frame_the_app() {
    let (s, _f) = server().await;
    let r = s.client.get(s.url("/api/health")).send().await.unwrap();
    let csp = r
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert!(csp.contains("http://localhost:8081"), "{csp}");
    assert!(csp.contains("https://portal.example"), "{csp}");
    assert!(!csp.contains('*'), "{csp}");
    // Without portals, only Kabinet itself.
    let plain = TestServer::empty().await;
    let r = plain
        .client
        .get(plain.url("/api/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers().get("content-security-policy").unwrap(),
        "frame-ancestors 'self'"
    );
}
