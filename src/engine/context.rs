//! The request context: condition keys (case-insensitive) and their values.
//! (Interim version; the matcher branch replaces it.)

/// Condition keys to values; keys compare case-insensitively.
#[derive(Clone, Debug, Default)]
pub struct Context {
    entries: Vec<(String, String, Vec<String>)>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// Set `key` to `values` (replacing).
    pub fn insert(&mut self, key: &str, values: Vec<String>) {
        let lower = key.to_lowercase();
        match self.entries.iter_mut().find(|(l, _, _)| *l == lower) {
            Some(e) => {
                e.1 = key.to_string();
                e.2 = values;
            }
            None => self.entries.push((lower, key.to_string(), values)),
        }
    }

    /// Set `key` to one value.
    pub fn insert_one(&mut self, key: &str, value: &str) {
        self.insert(key, vec![value.to_string()]);
    }

    /// The values of `key`.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        let lower = key.to_lowercase();
        self.entries.iter().find(|(l, _, _)| *l == lower).map(|(_, _, v)| v.as_slice())
    }

    /// Whether `key` is present.
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Remove `key`.
    pub fn remove(&mut self, key: &str) {
        let lower = key.to_lowercase();
        self.entries.retain(|(l, _, _)| *l != lower);
    }

    /// `(key as given, values)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(_, k, v)| (k.as_str(), v.as_slice()))
    }
}
