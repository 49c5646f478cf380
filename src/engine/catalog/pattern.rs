//! Condition-key names in SAR spelling, with placeholders, matched against policy keys.
//!
//! The SAR writes key families with a placeholder: `aws:RequestTag/${TagKey}`,
//! `kms:EncryptionContext:${EncryptionContextKey}`, `agent.${Domain}.buildkite.dev:cluster_id`;
//! the TSV writes one family as `kms:RecipientAttestation:*`. A placeholder (`${...}` or `*`)
//! stands for one or more characters of the policy key. Comparison ignores ASCII case.

/// One piece of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    /// This character, ASCII-lowercased.
    Lit(char),
    /// Exactly one character.
    One,
    /// Any run of characters, possibly empty.
    Many,
}

fn tokens(pattern: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek() == Some(&'{') {
            for d in chars.by_ref() {
                if d == '}' {
                    break;
                }
            }
            out.extend([Token::One, Token::Many]);
        } else if c == '*' {
            out.extend([Token::One, Token::Many]);
        } else {
            out.push(Token::Lit(c.to_ascii_lowercase()));
        }
    }
    out
}

/// Whether policy key `key` belongs to SAR key `pattern`.
pub(crate) fn matches(pattern: &str, key: &str) -> bool {
    // Without allocating: compare the pattern's fixed head (all of a plain key) byte by byte,
    // ignoring ASCII case. Most lookups end here, at the first differing byte.
    let (p, k) = (pattern.as_bytes(), key.as_bytes());
    let mut i = 0;
    loop {
        match p.get(i) {
            None => return k.len() == i,
            Some(b'*') => break,
            Some(b'$') if p.get(i + 1) == Some(&b'{') => break,
            Some(c) => match k.get(i) {
                Some(d) if d.eq_ignore_ascii_case(c) => i += 1,
                _ => return false,
            },
        }
    }
    let pat = tokens(pattern);
    let text: Vec<char> = key.chars().map(|c| c.to_ascii_lowercase()).collect();
    glob(&pat, &text)
}

/// Classic wildcard matching with a single backtrack point: O(pattern × text), no recursion.
fn glob(pat: &[Token], text: &[char]) -> bool {
    let (mut p, mut t) = (0usize, 0usize);
    // After a `Many`: where the pattern resumes, and how much text the `Many` has taken so far.
    let mut backtrack: Option<(usize, usize)> = None;
    loop {
        match (pat.get(p), text.get(t)) {
            (Some(Token::Many), _) => {
                backtrack = Some((p + 1, t));
                p += 1;
            }
            (Some(Token::One), Some(_)) => {
                p += 1;
                t += 1;
            }
            (Some(Token::Lit(a)), Some(b)) if a == b => {
                p += 1;
                t += 1;
            }
            (None, None) => return true,
            _ => match backtrack {
                Some((bp, bt)) if bt < text.len() => {
                    backtrack = Some((bp, bt + 1));
                    p = bp;
                    t = bt + 1;
                }
                _ => return false,
            },
        }
    }
}

/// Whether `pattern` has a placeholder anywhere.
pub(crate) fn has_placeholder(pattern: &str) -> bool {
    pattern.contains("${") || pattern.contains('*')
}

/// For a family whose only placeholder ends it (`aws:RequestTag/${TagKey}`), the fixed part
/// (`aws:RequestTag/`); `None` for plain keys and for placeholders elsewhere.
pub(crate) fn family_prefix(pattern: &str) -> Option<&str> {
    let cut = pattern.find("${").or_else(|| pattern.find('*'))?;
    let (head, tail) = pattern.split_at(cut);
    let tail_is_one_placeholder =
        tail == "*" || (tail.starts_with("${") && tail.find('}') == Some(tail.len().saturating_sub(1)));
    (tail_is_one_placeholder && !head.is_empty()).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_ignore_case() {
        assert!(matches("kms:CallerAccount", "kms:CallerAccount"));
        assert!(matches("kms:CallerAccount", "KMS:calleraccount"));
        assert!(!matches("kms:CallerAccount", "kms:CallerAccounts"));
        assert!(!matches("kms:CallerAccount", "kms:CallerAccoun"));
        assert!(!matches("kms:CallerAccount", ""));
    }

    #[test]
    fn placeholders_take_one_or_more_characters() {
        let ec = "kms:EncryptionContext:${EncryptionContextKey}";
        assert!(matches(ec, "kms:EncryptionContext:app"));
        assert!(matches(ec, "kms:encryptioncontext:aws:s3:arn"));
        assert!(!matches(ec, "kms:EncryptionContext:"));
        assert!(!matches(ec, "kms:EncryptionContextKeys"));
        assert!(matches("kms:RecipientAttestation:*", "kms:RecipientAttestation:PCR0"));
        assert!(!matches("kms:RecipientAttestation:*", "kms:RecipientAttestation:"));
        let mid = "agent.${Domain}.buildkite.dev:cluster_id";
        assert!(matches(mid, "agent.acme.buildkite.dev:cluster_id"));
        assert!(!matches(mid, "agent..buildkite.dev:cluster_id"));
        assert!(matches("a${X}b${Y}", "aXbY"));
        assert!(matches("a${X}b${Y}", "abbb"));
        assert!(!matches("a${X}b${Y}", "ab"));
    }

    #[test]
    fn policy_keys_are_literal_text() {
        assert!(!matches("kms:CallerAccount", "kms:*"));
        assert!(matches("aws:RequestTag/${TagKey}", "aws:RequestTag/*"));
        assert!(matches("aws:RequestTag/${TagKey}", "aws:RequestTag/ünïcode"));
    }

    #[test]
    fn families() {
        assert_eq!(family_prefix("aws:RequestTag/${TagKey}"), Some("aws:RequestTag/"));
        assert_eq!(family_prefix("kms:RecipientAttestation:*"), Some("kms:RecipientAttestation:"));
        assert_eq!(family_prefix("kms:CallerAccount"), None);
        assert_eq!(family_prefix("agent.${Domain}.buildkite.dev:cluster_id"), None);
        assert!(has_placeholder("agent.${Domain}.buildkite.dev:cluster_id"));
        assert!(!has_placeholder("kms:ViaService"));
    }

    #[test]
    fn head_fast_path_agrees_with_tokens() {
        let patterns = [
            "kms:CallerAccount",
            "aws:RequestTag/${TagKey}",
            "kms:EncryptionContext:${EncryptionContextKey}",
            "kms:RecipientAttestation:*",
            "agent.${Domain}.buildkite.dev:cluster_id",
            "$x",
            "a${",
            "",
        ];
        let keys = [
            "kms:calleraccount",
            "KMS:CallerAccounts",
            "aws:requesttag/x",
            "aws:RequestTag/",
            "kms:encryptioncontext:a:b",
            "kms:RecipientAttestation:ImageSha384",
            "agent.x.buildkite.dev:cluster_id",
            "$x",
            "a${",
            "",
            "é",
        ];
        for p in patterns {
            for k in keys {
                let text: Vec<char> = k.chars().map(|c| c.to_ascii_lowercase()).collect();
                assert_eq!(matches(p, k), glob(&tokens(p), &text), "{p} / {k}");
            }
        }
    }
}
