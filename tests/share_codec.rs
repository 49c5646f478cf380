//! The share-link codec (`kmsplay::share_codec`, what `ui::share` decodes links with), natively:
//! round trips, garbage, truncated links, zip bombs and huge fragments come back as a value
//! or a message, never a panic, and nothing decodes past the caps.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use kmsplay::share_codec::{
    decode_text, decode_value, encode_text, inflate, option_on, split_fragment, MAX_FRAGMENT_CHARS, MAX_STATE_BYTES,
};
use proptest::prelude::*;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/examples");

fn zlib(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(bytes, 9))
}

#[test]
fn every_example_round_trips_and_the_data_is_url_safe() {
    let mut n = 0;
    for entry in std::fs::read_dir(EXAMPLES).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let data = encode_text(&text);
        assert!(data.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{data}");
        assert_eq!(decode_text(&data).unwrap(), text);
        let want: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(decode_value(&data).unwrap(), want);
        // Padding and the standard alphabet, as some chat tools rewrite links, decode too.
        let standard = STANDARD.encode(URL_SAFE_NO_PAD.decode(&data).unwrap());
        assert_eq!(decode_text(&standard).unwrap(), text);
        n += 1;
    }
    assert!(n >= 7);
}

#[test]
fn garbage_and_damaged_links_are_messages() {
    let cases: [(&str, &str); 6] = [
        ("", "does not decompress"),
        ("!!!!", "not base64url"),
        ("AAAA", "does not decompress"),
        ("eJzLSM3JyQcABiwCFQ", "not valid JSON"),
        (&zlib(b"\xff\xfe"), "not UTF-8"),
        (&zlib(b"{\"format\": \"kmsplay/v1\"}"), "no `key`"),
    ];
    for (data, want) in cases {
        let err = decode_value(data).unwrap_err();
        assert!(err.0.contains(want), "{data:?}: {err}");
    }
}

#[test]
fn every_truncation_of_a_link_is_a_message_or_a_prefix_of_the_text() {
    let text = std::fs::read_to_string(format!("{EXAMPLES}/cross-account-grant.json")).unwrap();
    let data = encode_text(&text);
    for cut in 0..data.len() {
        // A cut stream either fails or (miniz stops at the end of input) gives a prefix.
        if let Ok(got) = decode_text(&data[..cut]) {
            assert!(text.starts_with(&got), "cut at {cut}");
            assert!(got.len() < text.len(), "cut at {cut} decoded the whole text");
        }
        assert!(decode_value(&data[..cut]).is_err(), "cut at {cut} decoded a scenario");
    }
}

#[test]
fn a_zip_bomb_stops_at_the_cap() {
    // 64 MiB of spaces deflate to about 64 KB of base64; 1 MiB is all that is ever inflated.
    let zeros = vec![b' '; 64 << 20];
    let bomb = zlib(&zeros);
    assert!(bomb.len() < 100_000, "{}", bomb.len());
    let err = decode_text(&bomb).unwrap_err();
    assert!(err.0.contains("larger than 1024 KiB"), "{err}");
    // Exactly at the cap still decodes; one byte over does not.
    let at = vec![b' '; MAX_STATE_BYTES];
    assert_eq!(inflate(&miniz_oxide::deflate::compress_to_vec_zlib(&at, 9)).unwrap().len(), MAX_STATE_BYTES);
    let over = vec![b' '; MAX_STATE_BYTES + 1];
    assert!(inflate(&miniz_oxide::deflate::compress_to_vec_zlib(&over, 9)).is_err());
    // Raw deflate (no zlib header) is capped the same way.
    let raw = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&zeros, 9));
    assert!(decode_text(&raw).unwrap_err().0.contains("larger"));
}

#[test]
fn a_huge_fragment_is_refused_before_decoding() {
    let huge = "A".repeat(MAX_FRAGMENT_CHARS + 1);
    let err = decode_text(&huge).unwrap_err();
    assert!(err.0.contains("too long"), "{err}");
    // Just under the limit: decoded, and refused for what it is.
    let long = "A".repeat(MAX_FRAGMENT_CHARS);
    assert!(decode_text(&long).unwrap_err().0.contains("does not decompress"));
}

#[test]
fn nesting_past_serde_json_s_limit_is_a_message() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = decode_value(&zlib(deep.as_bytes())).unwrap_err();
    assert!(err.0.contains("not valid JSON"), "{err}");
}

#[test]
fn fragments_split_into_data_and_options() {
    assert_eq!(
        split_fragment("#v1.abc&embed=1&x"),
        ("v1.abc".into(), vec![("embed".into(), "1".into()), ("x".into(), "1".into())])
    );
    assert_eq!(split_fragment("embed=1"), (String::new(), vec![("embed".into(), "1".into())]));
    let (_, opts) = split_fragment("#v1.a&embed=0");
    assert!(!option_on(&opts, "embed"));
    assert!(option_on(&split_fragment("v1.a&embed").1, "embed"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_round_trips(text in "\\PC{0,400}") {
        prop_assert_eq!(decode_text(&encode_text(&text)).unwrap(), text);
    }

    #[test]
    fn any_string_decodes_or_says_why(data in "[A-Za-z0-9_+/=!-]{0,300}") {
        match decode_value(&data) {
            Ok(v) => prop_assert!(v.get("key").is_some_and(serde_json::Value::is_object)),
            Err(e) => prop_assert!(!e.0.is_empty()),
        }
    }

    #[test]
    fn flipped_bytes_in_a_valid_link_decode_or_say_why(pos in 0usize..10_000, byte in any::<u8>()) {
        let text = std::fs::read_to_string(format!("{EXAMPLES}/key-policy-precedence.json")).unwrap();
        let mut packed = miniz_oxide::deflate::compress_to_vec_zlib(text.as_bytes(), 9);
        let i = pos % packed.len();
        packed[i] = byte;
        let data = URL_SAFE_NO_PAD.encode(&packed);
        if let Ok(t) = decode_text(&data) {
            prop_assert!(t.len() <= MAX_STATE_BYTES);
        }
        let _ = decode_value(&data);
    }

    #[test]
    fn split_never_loses_the_head(head in "v1\\.[A-Za-z0-9_-]{0,40}", opts in prop::collection::vec("[a-z]{1,5}=[a-z0-9]{0,3}", 0..4)) {
        let fragment = std::iter::once(head.clone()).chain(opts.iter().cloned()).collect::<Vec<_>>().join("&");
        let (got, parsed) = split_fragment(&format!("#{fragment}"));
        prop_assert_eq!(got, head);
        prop_assert_eq!(parsed.len(), opts.len());
    }
}
