//! Chat files on disk and their links. Files are stored under the data dir by the
//! SHA-256 of their content (written to a temporary name, then renamed, so a file
//! is never seen half written). Their type is found from the content; links are
//! signed for one reader and expire.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a file link works.
pub const LINK_SECONDS: i64 = 24 * 3600;

/// Where the file with this hash lives.
pub fn path_of(data_dir: &Path, sha256: &str) -> PathBuf {
    let (a, b) = sha256.split_at(2.min(sha256.len()));
    data_dir.join("files").join(a).join(b)
}

/// What the content is, if the chat accepts it: pictures, PDF, office documents,
/// archives, or plain text. Decided from the bytes, never from the name.
pub fn accept(head: &[u8], whole_is_utf8_text: bool) -> Option<&'static str> {
    let accepted = Some;
    match infer::get(head).map(|t| t.mime_type()) {
        Some("image/png") => accepted("image/png"),
        Some("image/jpeg") => accepted("image/jpeg"),
        Some("image/gif") => accepted("image/gif"),
        Some("image/webp") => accepted("image/webp"),
        Some("application/pdf") => accepted("application/pdf"),
        Some("application/zip") => accepted("application/zip"),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document") => {
            accepted("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") => {
            accepted("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        Some("application/vnd.openxmlformats-officedocument.presentationml.presentation") => {
            accepted("application/vnd.openxmlformats-officedocument.presentationml.presentation")
        }
        Some("application/msword") => accepted("application/msword"),
        Some("application/vnd.ms-excel") => accepted("application/vnd.ms-excel"),
        Some("application/vnd.oasis.opendocument.text") => {
            accepted("application/vnd.oasis.opendocument.text")
        }
        Some("application/vnd.oasis.opendocument.spreadsheet") => {
            accepted("application/vnd.oasis.opendocument.spreadsheet")
        }
        // Markup is accepted as text: it is only ever downloaded, never shown.
        Some("text/html" | "image/svg+xml" | "text/xml" | "application/xml")
            if whole_is_utf8_text =>
        {
            accepted("text/plain")
        }
        Some(_) => None,
        // Text: notes, logs, CSV.
        None if whole_is_utf8_text => accepted("text/plain"),
        None => None,
    }
}

/// A picture the app shows as a thumbnail.
pub fn is_image(content_type: &str) -> bool {
    shown_inline(content_type) && content_type.starts_with("image/")
}

/// Whether the browser may show this type in place (the rest is downloaded).
pub fn shown_inline(content_type: &str) -> bool {
    matches!(
        content_type,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "application/pdf"
    )
}

fn mac(secret: &[u8], attachment: i64, user: i64, expires: i64) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(format!("{attachment}.{user}.{expires}").as_bytes());
    m
}

/// The link `user` downloads the attachment with until `expires`.
pub fn link(secret: &[u8], attachment: i64, user: i64, expires: i64) -> String {
    let sig = URL_SAFE_NO_PAD.encode(
        mac(secret, attachment, user, expires)
            .finalize()
            .into_bytes(),
    );
    format!("/api/files/{attachment}?u={user}&e={expires}&s={sig}")
}

/// Whether a link's signature is the server's (compared in constant time).
pub fn verify(secret: &[u8], attachment: i64, user: i64, expires: i64, sig: &str) -> bool {
    let Ok(sig) = URL_SAFE_NO_PAD.decode(sig) else {
        return false;
    };
    mac(secret, attachment, user, expires)
        .verify_slice(&sig)
        .is_ok()
}

/// A `Content-Disposition` value that keeps any file name safe: an ASCII fallback
/// and the real name percent-encoded (RFC 6266 / 5987).
pub fn disposition(inline: bool, file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in file_name.bytes() {
        if b.is_ascii_alphanumeric() || b".-_~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}",
        if inline { "inline" } else { "attachment" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        assert_eq!(accept(&png, false).unwrap(), "image/png");
        assert!(is_image(accept(&png, false).unwrap()));
        assert_eq!(accept(b"%PDF-1.7\n", false).unwrap(), "application/pdf");
        assert_eq!(accept(b"just text", true).unwrap(), "text/plain");
        // An executable is refused whatever it is called.
        assert!(accept(b"MZ\x90\x00\x03\x00\x00\x00", false).is_none());
        assert!(accept(&[0, 1, 2, 3, 0xff, 0xfe], false).is_none());
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        assert_eq!(accept(svg, true).unwrap(), "text/plain");
        assert!(!shown_inline("text/plain"));
        assert!(shown_inline("application/pdf"));
    }

    #[test]
    fn links_are_bound_to_file_reader_and_time() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let l = link(secret, 5, 7, 1000);
        let sig = l.rsplit("s=").next().unwrap();
        assert!(verify(secret, 5, 7, 1000, sig));
        assert!(!verify(secret, 6, 7, 1000, sig));
        assert!(!verify(secret, 5, 8, 1000, sig));
        assert!(!verify(secret, 5, 7, 1001, sig));
        assert!(!verify(b"another secret", 5, 7, 1000, sig));
        assert!(!verify(secret, 5, 7, 1000, "not base64!"));
    }

    #[test]
    fn file_names_cannot_break_the_header() {
        let d = disposition(false, "счёт \"1\";\r\n.pdf");
        assert!(d.starts_with("attachment; filename=\""));
        assert!(!d.contains('\r') && !d.contains('\n'));
        assert!(d.contains("filename*=UTF-8''%D1%81"));
    }
}
