//! The saved state (share links and autosave) and the URL fragment codec.
//!
//! The saved state is a scenario (SPEC section 2, every policy as raw text) plus a `ui`
//! member with the view (example, selected tabs, selected cell); the engine ignores `ui`,
//! so a decoded link is itself a valid scenario. A link fragment is
//! `#v1.<data>[&name=value...]` where `<data>` is that JSON, deflate-compressed (zlib
//! stream, RFC 1950) and base64url-encoded without padding. Decoding also accepts a raw
//! deflate stream, refuses output over [`MAX_STATE_BYTES`], and never panics.

use serde_json::{Map, Value};

use super::doc::Doc;
pub use crate::share_codec::{
    option_on, split_fragment, DecodeError, Options, MAX_FRAGMENT_CHARS, MAX_STATE_BYTES, PREFIX,
};

/// The view state saved next to the document.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct View {
    /// Id of the example the document came from, if any (what Reset returns to).
    pub example: Option<String>,
    /// Selected principal tab.
    pub principal: usize,
    /// Selected policy tab of that principal.
    pub policy: usize,
    /// Selected matrix cell `(principal, action)`.
    pub cell: Option<(String, String)>,
}

/// Everything a link or the autosave restores.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Saved {
    /// The document.
    pub doc: Doc,
    /// The view.
    pub view: View,
}

impl Saved {
    /// The state as JSON: the scenario with a `ui` member.
    pub fn to_value(&self) -> Value {
        let mut v = self.doc.to_scenario();
        let mut ui = Map::new();
        ui.insert("example".into(), self.view.example.clone().map_or(Value::Null, Value::from));
        ui.insert("principal".into(), Value::from(self.view.principal));
        ui.insert("policy".into(), Value::from(self.view.policy));
        if let Some((p, a)) = &self.view.cell {
            let mut c = Map::new();
            c.insert("principal".into(), Value::from(p.clone()));
            c.insert("action".into(), Value::from(a.clone()));
            ui.insert("cell".into(), Value::Object(c));
        }
        if let Value::Object(m) = &mut v {
            m.insert("ui".into(), Value::Object(ui));
        }
        v
    }

    /// Read a state (or any scenario: without `ui` the first tabs are selected).
    pub fn from_value(v: &Value) -> Result<Saved, String> {
        let doc = Doc::from_scenario(v)?;
        let ui = v.get("ui");
        let index = |k: &str| {
            ui.and_then(|u| u.get(k)).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok()).unwrap_or(0)
        };
        let example = ui.and_then(|u| u.get("example")).and_then(Value::as_str).map(str::to_string);
        let cell = ui
            .and_then(|u| u.get("cell"))
            .and_then(|c| Some((c.get("principal")?.as_str()?.to_string(), c.get("action")?.as_str()?.to_string())));
        let mut view = View { example, principal: index("principal"), policy: index("policy"), cell };
        // keep the selection inside the document
        if view.principal >= doc.principals.len() {
            view.principal = 0;
            view.policy = 0;
        }
        let npol = doc.principals.get(view.principal).map_or(0, |p| p.policies.len());
        if view.policy >= npol {
            view.policy = 0;
        }
        Ok(Saved { doc, view })
    }

    /// The state as JSON text (what the autosave stores and links compress). Pretty-printed:
    /// the engine links that serializer already, and deflate absorbs the indentation.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// Read the autosave's JSON text.
    pub fn from_json(text: &str) -> Result<Saved, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        Saved::from_value(&v)
    }
}

/// Encode a state as fragment data (no `#`, no prefix): JSON → zlib deflate → base64url.
pub fn encode_data(saved: &Saved) -> String {
    crate::share_codec::encode_text(&saved.to_json())
}

/// The whole fragment (without `#`): `v1.<data>` then `&name=value` for each option.
pub fn encode_fragment(saved: &Saved, options: &[(String, String)]) -> String {
    encode_fragment_json(&saved.to_json(), options)
}

/// [`encode_fragment`] of a state already written as JSON ([`Saved::to_json`]).
pub fn encode_fragment_json(json: &str, options: &[(String, String)]) -> String {
    let mut s = String::from(PREFIX);
    s.push_str(&crate::share_codec::encode_text(json));
    for (k, v) in options {
        s.push('&');
        s.push_str(k);
        s.push('=');
        s.push_str(v);
    }
    s
}

/// What a fragment holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Fragment {
    /// No state in the fragment (empty, or not ours); options may still be given.
    Empty(Options),
    /// A state.
    State(Box<Saved>, Options),
}

/// Decode fragment data (after `v1.`) into a state (bounded, see [`crate::share_codec`]).
pub fn decode_data(data: &str) -> Result<Saved, DecodeError> {
    let value = crate::share_codec::decode_value(data)?;
    Saved::from_value(&value).map_err(|e| DecodeError(format!("the link's scenario is unusable: {e}")))
}

/// Decode a whole fragment (with or without `#`).
pub fn decode_fragment(fragment: &str) -> Result<Fragment, DecodeError> {
    let (head, opts) = split_fragment(fragment);
    if head.is_empty() {
        return Ok(Fragment::Empty(opts));
    }
    match head.strip_prefix(PREFIX) {
        Some(data) => Ok(Fragment::State(Box::new(decode_data(data)?), opts)),
        None if head.starts_with('v') && head.contains('.') => {
            Err(DecodeError("the link was made by another version of kmsplay (expected `#v1.`)".into()))
        }
        None => Ok(Fragment::Empty(opts)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::doc::{NamedPolicy, Principal};
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;

    fn sample() -> Saved {
        let mut doc = Doc {
            title: "Ünïcode ✓".into(),
            key_arn: "arn:aws:kms:us-east-1:111122223333:key/k".into(),
            key_policy: "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}".into(),
            ..Doc::default()
        };
        let mut p = Principal::new("arn:aws:iam::444455556666:user/alice");
        p.policies.push(NamedPolicy { name: "a".into(), text: "{}".into() });
        p.policies.push(NamedPolicy { name: "b".into(), text: "not json 😀".into() });
        doc.principals.push(p);
        Saved {
            doc,
            view: View {
                example: Some("key-policy-precedence".into()),
                principal: 0,
                policy: 1,
                cell: Some(("arn:aws:iam::444455556666:user/alice".into(), "kms:Decrypt".into())),
            },
        }
    }

    #[test]
    fn round_trip() {
        let s = sample();
        let opts = vec![("embed".to_string(), "1".to_string())];
        let frag = encode_fragment(&s, &opts);
        assert!(frag.starts_with("v1."));
        assert!(frag.ends_with("&embed=1"));
        assert!(frag.chars().all(|c| c.is_ascii_alphanumeric() || "-_.&=".contains(c)));
        match decode_fragment(&format!("#{frag}")).unwrap() {
            Fragment::State(got, o) => {
                assert_eq!(*got, s);
                assert_eq!(o, opts);
                assert!(option_on(&o, "embed"));
            }
            Fragment::Empty(_) => panic!("no state"),
        }
    }

    #[test]
    fn raw_deflate_is_accepted_too() {
        let s = sample();
        let raw = miniz_oxide::deflate::compress_to_vec(s.to_json().as_bytes(), 6);
        let data = URL_SAFE_NO_PAD.encode(raw);
        assert_eq!(decode_data(&data).unwrap(), s);
    }

    #[test]
    fn hostile_fragments_are_errors() {
        for bad in ["#v1.", "#v1.!!!!", "#v1.AAAA", "#v1.eJzLSM3JyQcABiwCFQ", "#v2.abc"] {
            assert!(decode_fragment(bad).is_err(), "{bad}");
        }
        // a zip bomb: 2 MiB of zeros
        let zeros = vec![b' '; 2 << 20];
        let bomb = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9));
        let err = decode_data(&bomb).unwrap_err();
        assert!(err.0.contains("larger"), "{err}");
        // deeply nested JSON stops at serde_json's recursion limit
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let data = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(deep.as_bytes(), 9));
        assert!(decode_data(&data).is_err());
    }

    #[test]
    fn empty_and_option_only_fragments() {
        assert_eq!(decode_fragment("").unwrap(), Fragment::Empty(vec![]));
        assert_eq!(decode_fragment("#embed=1").unwrap(), Fragment::Empty(vec![("embed".into(), "1".into())]));
        assert_eq!(decode_fragment("#section-2").unwrap(), Fragment::Empty(vec![]));
    }

    #[test]
    fn out_of_range_selection_is_clamped() {
        let mut s = sample();
        s.view.principal = 7;
        let got = Saved::from_value(&s.to_value()).unwrap();
        assert_eq!((got.view.principal, got.view.policy), (0, 0));
    }
}
