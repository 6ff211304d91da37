//! Unguessable tokens: bearer tokens, live tickets, upload ids and temporary file
//! names (256 random bits), and the hash under which a token is stored.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh token (256 random bits) and the hash that is stored.
pub fn new_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A share or transfer link's token: HMAC-SHA256 of the link's stored nonce under
/// the server's link key, base64url (256 bits). The database keeps only the nonce
/// and the token's hash, so it alone gives no working link, while the owner can
/// be shown the same link again.
pub fn link_token(key: &[u8], nonce: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(b"kabinet-link:");
    m.update(nonce);
    URL_SAFE_NO_PAD.encode(m.finalize().into_bytes())
}

/// A ticket's entry code: HMAC-SHA256 of the code's stored nonce under the link
/// key (another purpose string than links), written as `CODE_LEN` characters of
/// `CODE_ALPHABET` (the digest read as one big number in base 31).
pub fn ticket_code(key: &[u8], nonce: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    use kabinet_core::{CODE_ALPHABET, CODE_LEN};
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(b"kabinet-ticket:");
    m.update(nonce);
    let mut n: [u8; 32] = m.finalize().into_bytes().into();
    let base = CODE_ALPHABET.len() as u32;
    let mut code = String::with_capacity(CODE_LEN);
    for _ in 0..CODE_LEN {
        // n, rem = divmod(n, 31), big-endian.
        let mut rem = 0u32;
        for b in n.iter_mut() {
            let cur = (rem << 8) | u32::from(*b);
            *b = (cur / base) as u8;
            rem = cur % base;
        }
        code.push(char::from(CODE_ALPHABET[rem as usize]));
    }
    code
}

/// A fresh nonce for a link (128 random bits; the token is derived from it).
pub fn new_nonce() -> Vec<u8> {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.to_vec()
}

/// The link key: from the configuration if given, else the key file in the data
/// directory (created on first start, readable by the owner only). It is kept
/// outside the database on purpose.
pub fn load_link_key(
    configured: Option<&str>,
    data_dir: &std::path::Path,
) -> std::io::Result<Vec<u8>> {
    if let Some(k) = configured.filter(|k| !k.is_empty()) {
        if k.len() < 32 {
            return Err(std::io::Error::other(
                "the link key must have at least 32 characters",
            ));
        }
        return Ok(k.as_bytes().to_vec());
    }
    let path = data_dir.join("link.key");
    match std::fs::read(&path) {
        Ok(k) if k.len() >= 32 => return Ok(k),
        Ok(_) => {
            return Err(std::io::Error::other(format!(
                "{} is too short",
                path.display()
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut key = vec![0u8; 32];
    rand::rng().fill_bytes(&mut key);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(&path) {
        Ok(mut f) => std::io::Write::write_all(&mut f, &key)?,
        // Another process made it first: theirs is the key.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return load_link_key(None, data_dir)
        }
        Err(e) => return Err(e),
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_key_is_made_once_and_kept() {
        let dir = tempfile_dir();
        let a = load_link_key(None, &dir).unwrap();
        assert_eq!(a.len(), 32);
        assert_eq!(
            load_link_key(None, &dir).unwrap(),
            a,
            "the same key after a restart"
        );
        let configured = "k".repeat(40);
        assert_eq!(
            load_link_key(Some(&configured), &dir).unwrap(),
            configured.as_bytes()
        );
        assert!(load_link_key(Some("short"), &dir).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "kabinet-key-{}",
            URL_SAFE_NO_PAD.encode(new_nonce())
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn link_tokens_need_the_key() {
        let nonce = new_nonce();
        let a = link_token(&[1; 32], &nonce);
        assert_eq!(a, link_token(&[1; 32], &nonce), "the same link again");
        assert_ne!(
            a,
            link_token(&[2; 32], &nonce),
            "another key, another token"
        );
        assert_ne!(a, link_token(&[1; 32], &new_nonce()));
        assert_eq!(a.len(), 43);
    }

    #[test]
    fn ticket_codes_are_long_unambiguous_and_need_the_key() {
        let nonce = new_nonce();
        let a = ticket_code(&[1; 32], &nonce);
        assert_eq!(a.len(), kabinet_core::CODE_LEN);
        assert!(
            a.bytes().all(|b| kabinet_core::CODE_ALPHABET.contains(&b)),
            "{a}"
        );
        assert_eq!(a, ticket_code(&[1; 32], &nonce), "the same code again");
        assert_ne!(a, ticket_code(&[2; 32], &nonce));
        assert_ne!(a, ticket_code(&[1; 32], &new_nonce()));
        // Every symbol turns up: the digits are spread over the whole alphabet.
        let all: String = (0..40)
            .map(|_| ticket_code(&[1; 32], &new_nonce()))
            .collect();
        for &b in kabinet_core::CODE_ALPHABET {
            assert!(all.as_bytes().contains(&b), "{} never appears", b as char);
        }
    }
}
