//! The portals that embed Kabinet (spec section 14), read from the file named by
//! `--portals`: each one's id, the origins it is served from, and the key its
//! launch tokens are signed with (an Ed25519 public key, or a shared HS256 secret).

use std::collections::HashMap;
use std::path::Path;

use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;

/// One portal as the file describes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PortalDoc {
    id: String,
    origins: Vec<String>,
    #[serde(default)]
    ed25519_public_key_pem: Option<String>,
    #[serde(default)]
    hs256_secret: Option<String>,
}

/// A registered portal.
pub struct Portal {
    pub id: String,
    pub origins: Vec<String>,
    pub key: DecodingKey,
    pub algorithm: Algorithm,
}

/// Every registered portal, by id.
#[derive(Default)]
pub struct Portals(HashMap<String, Portal>);

/// Shortest HS256 secret accepted: a guessable one would let anyone sign in.
const SECRET_MIN: usize = 32;

impl Portals {
    /// Reads the portals file (a JSON list); any mistake in it stops the server
    /// with a message naming it.
    pub fn load(path: &Path) -> Result<Portals, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the portals file {}: {e}", path.display()))?;
        Portals::parse(&text).map_err(|e| format!("portals file {}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Portals, String> {
        let docs: Vec<PortalDoc> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut portals = HashMap::new();
        for d in docs {
            if d.id.trim().is_empty() || d.id.len() > 100 {
                return Err("a portal id must be 1 to 100 characters".into());
            }
            for o in &d.origins {
                if !is_origin(o) {
                    return Err(format!(
                        "portal {}: {o:?} is not an origin (scheme://host[:port])",
                        d.id
                    ));
                }
            }
            let (key, algorithm) = match (&d.ed25519_public_key_pem, &d.hs256_secret) {
                (Some(pem), None) => (
                    DecodingKey::from_ed_pem(pem.as_bytes())
                        .map_err(|e| format!("portal {}: bad Ed25519 public key: {e}", d.id))?,
                    Algorithm::EdDSA,
                ),
                (None, Some(secret)) if secret.len() >= SECRET_MIN => (
                    DecodingKey::from_secret(secret.as_bytes()),
                    Algorithm::HS256,
                ),
                (None, Some(_)) => {
                    return Err(format!(
                        "portal {}: the HS256 secret needs {SECRET_MIN}+ characters",
                        d.id
                    ))
                }
                _ => {
                    return Err(format!(
                        "portal {}: give exactly one of ed25519_public_key_pem and hs256_secret",
                        d.id
                    ))
                }
            };
            let portal = Portal {
                id: d.id.clone(),
                origins: d.origins,
                key,
                algorithm,
            };
            if portals.insert(d.id.clone(), portal).is_some() {
                return Err(format!("portal {} is listed twice", d.id));
            }
        }
        Ok(Portals(portals))
    }

    pub fn get(&self, id: &str) -> Option<&Portal> {
        self.0.get(id)
    }

    /// Every origin that may frame Kabinet.
    pub fn origins(&self) -> impl Iterator<Item = &String> {
        self.0.values().flat_map(|p| p.origins.iter())
    }
}

/// `scheme://host[:port]` and nothing else (no path, no wildcard, nothing that
/// could break out of a header).
fn is_origin(o: &str) -> bool {
    let Some(rest) = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_checked() {
        let ok = r#"[{"id": "bc", "origins": ["https://portal.example", "http://localhost:8081"],
                      "hs256_secret": "0123456789abcdef0123456789abcdef"}]"#;
        let p = Portals::parse(ok).unwrap();
        assert_eq!(p.origins().count(), 2);
        assert!(p.get("bc").is_some() && p.get("other").is_none());
        for bad in [
            r#"[{"id": "bc", "origins": ["https://portal.example/path"], "hs256_secret": "0123456789abcdef0123456789abcdef"}]"#,
            r#"[{"id": "bc", "origins": ["*"], "hs256_secret": "0123456789abcdef0123456789abcdef"}]"#,
            r#"[{"id": "bc", "origins": ["https://a.example; script-src *"], "hs256_secret": "0123456789abcdef0123456789abcdef"}]"#,
            r#"[{"id": "bc", "origins": [], "hs256_secret": "short"}]"#,
            r#"[{"id": "bc", "origins": []}]"#,
            r#"[{"id": "", "origins": [], "hs256_secret": "0123456789abcdef0123456789abcdef"}]"#,
            r#"[{"id": "bc", "origins": [], "hs256_secret": "0123456789abcdef0123456789abcdef", "extra": 1}]"#,
        ] {
            assert!(Portals::parse(bad).is_err(), "{bad}");
        }
    }
}
