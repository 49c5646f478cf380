//! Policy documents: kinds, typed syntax tree with spans, and the reader.

/// Which kind of policy a text is; decides which elements are required or forbidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// A KMS key policy (resource policy).
    Key,
    /// An IAM identity policy attached to a user or role.
    Identity,
    /// A permissions boundary.
    Boundary,
    /// A role trust policy.
    Trust,
    /// An Organizations service control policy.
    Scp,
    /// An Organizations resource control policy.
    Rcp,
}
