//! The share-link codec, without the browser: `#v1.<data>[&name=value...]` where `<data>`
//! is JSON text, deflate-compressed (zlib stream, RFC 1950) and base64url-encoded without
//! padding (SPEC section 6).
//!
//! Pure Rust (base64 and miniz_oxide), so the CLI build and `cargo test` exercise it natively;
//! the app's `ui::share` builds its saved state on top of it. Decoding is bounded: a fragment
//! over [`MAX_FRAGMENT_CHARS`] is refused before it is decoded, and inflating stops at
//! [`MAX_STATE_BYTES`] of output (a zip bomb allocates at most that much), then says so.
//! Nothing here panics.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

/// Largest decompressed state accepted from a link (1 MiB).
pub const MAX_STATE_BYTES: usize = 1 << 20;

/// Largest fragment data accepted before decoding (base64 of a compressed state; 2 MiB).
pub const MAX_FRAGMENT_CHARS: usize = 2 << 20;

/// The fragment's version prefix.
pub const PREFIX: &str = "v1.";

/// Options after the data in a fragment (`&embed=1`), in order.
pub type Options = Vec<(String, String)>;

/// Why a fragment could not be read (shown to the person; never a panic).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Compress and encode `json` as fragment data (no `#`, no prefix).
pub fn encode_text(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 9);
    URL_SAFE_NO_PAD.encode(packed)
}

/// Split a fragment (with or without `#`) into its data part and options.
pub fn split_fragment(fragment: &str) -> (String, Options) {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut parts = f.split('&');
    let head = parts.next().unwrap_or("").to_string();
    let mut opts: Options = Vec::new();
    for p in parts {
        if p.is_empty() {
            continue;
        }
        let (k, v) = p.split_once('=').unwrap_or((p, "1"));
        opts.push((k.to_string(), v.to_string()));
    }
    // a fragment made only of options (`#embed=1`)
    if head.contains('=') && !head.starts_with(PREFIX) {
        let (k, v) = head.split_once('=').unwrap_or((&head, "1"));
        opts.insert(0, (k.to_string(), v.to_string()));
        return (String::new(), opts);
    }
    (head, opts)
}

/// Whether an option is on (`&embed=1`, `&embed`, `&embed=true`).
pub fn option_on(opts: &[(String, String)], name: &str) -> bool {
    opts.iter().any(|(k, v)| k == name && v != "0" && v != "false")
}

/// Decode fragment data (after `v1.`) into its text: base64url (padding and the standard
/// alphabet tolerated) → zlib or raw deflate, at most [`MAX_STATE_BYTES`] → UTF-8.
pub fn decode_text(data: &str) -> Result<String, DecodeError> {
    if data.len() > MAX_FRAGMENT_CHARS {
        return Err(DecodeError(format!(
            "the link is too long ({} characters; at most {MAX_FRAGMENT_CHARS})",
            data.len()
        )));
    }
    // tolerate padding and the standard alphabet, which some chat tools produce
    let cleaned: String = data
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    let packed = URL_SAFE_NO_PAD
        .decode(cleaned.as_bytes())
        .map_err(|_| DecodeError("the link is damaged: its data is not base64url text".into()))?;
    let bytes = inflate(&packed)?;
    String::from_utf8(bytes).map_err(|_| DecodeError("the link is damaged: its data is not UTF-8 text".into()))
}

/// Decode fragment data (after `v1.`) into the JSON value it holds, which must look like a
/// scenario (an object with a `key` object).
pub fn decode_value(data: &str) -> Result<Value, DecodeError> {
    let text = decode_text(data)?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| DecodeError(format!("the link is damaged: its state is not valid JSON ({e})")))?;
    if !value.get("key").is_some_and(Value::is_object) {
        return Err(DecodeError("the link does not hold a kmsplay scenario (no `key`)".into()));
    }
    Ok(value)
}

/// Inflate a zlib stream (or a raw deflate stream), stopping at [`MAX_STATE_BYTES`].
pub fn inflate(packed: &[u8]) -> Result<Vec<u8>, DecodeError> {
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, decompress_to_vec_zlib_with_limit};
    let zlib_header = matches!(packed, [a, b, ..] if a & 0x0f == 8 && (u16::from(*a) << 8 | u16::from(*b)) % 31 == 0);
    let first = if zlib_header {
        decompress_to_vec_zlib_with_limit(packed, MAX_STATE_BYTES)
    } else {
        decompress_to_vec_with_limit(packed, MAX_STATE_BYTES)
    };
    first.map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
            DecodeError(format!("the link's state is larger than {} KiB; refusing to open it", MAX_STATE_BYTES / 1024))
        } else {
            DecodeError("the link is damaged: its data does not decompress".into())
        }
    })
}
