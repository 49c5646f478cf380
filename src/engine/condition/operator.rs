//! Condition operator names: parsing, printing, classification and did-you-mean.

/// A set qualifier for multivalued keys (semantics.md §2 "Set qualifiers").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    /// `ForAllValues:`: every request value must match (vacuously true when there are none).
    ForAllValues,
    /// `ForAnyValue:`: at least one request value must match (false when there are none).
    ForAnyValue,
}

impl SetQualifier {
    /// The qualifier as written, without the colon.
    pub fn name(&self) -> &'static str {
        match self {
            SetQualifier::ForAllValues => "ForAllValues",
            SetQualifier::ForAnyValue => "ForAnyValue",
        }
    }
}

/// A condition operator without qualifier or `IfExists` suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // the variants are the operator names themselves
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

const ALL: [BaseOperator; 27] = [
    BaseOperator::StringEquals,
    BaseOperator::StringNotEquals,
    BaseOperator::StringEqualsIgnoreCase,
    BaseOperator::StringNotEqualsIgnoreCase,
    BaseOperator::StringLike,
    BaseOperator::StringNotLike,
    BaseOperator::NumericEquals,
    BaseOperator::NumericNotEquals,
    BaseOperator::NumericLessThan,
    BaseOperator::NumericLessThanEquals,
    BaseOperator::NumericGreaterThan,
    BaseOperator::NumericGreaterThanEquals,
    BaseOperator::DateEquals,
    BaseOperator::DateNotEquals,
    BaseOperator::DateLessThan,
    BaseOperator::DateLessThanEquals,
    BaseOperator::DateGreaterThan,
    BaseOperator::DateGreaterThanEquals,
    BaseOperator::Bool,
    BaseOperator::BinaryEquals,
    BaseOperator::IpAddress,
    BaseOperator::NotIpAddress,
    BaseOperator::ArnEquals,
    BaseOperator::ArnLike,
    BaseOperator::ArnNotEquals,
    BaseOperator::ArnNotLike,
    BaseOperator::Null,
];

impl BaseOperator {
    /// The operator's name as written in a policy.
    pub fn name(&self) -> &'static str {
        use BaseOperator::*;
        match self {
            StringEquals => "StringEquals",
            StringNotEquals => "StringNotEquals",
            StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            StringLike => "StringLike",
            StringNotLike => "StringNotLike",
            NumericEquals => "NumericEquals",
            NumericNotEquals => "NumericNotEquals",
            NumericLessThan => "NumericLessThan",
            NumericLessThanEquals => "NumericLessThanEquals",
            NumericGreaterThan => "NumericGreaterThan",
            NumericGreaterThanEquals => "NumericGreaterThanEquals",
            DateEquals => "DateEquals",
            DateNotEquals => "DateNotEquals",
            DateLessThan => "DateLessThan",
            DateLessThanEquals => "DateLessThanEquals",
            DateGreaterThan => "DateGreaterThan",
            DateGreaterThanEquals => "DateGreaterThanEquals",
            Bool => "Bool",
            BinaryEquals => "BinaryEquals",
            IpAddress => "IpAddress",
            NotIpAddress => "NotIpAddress",
            ArnEquals => "ArnEquals",
            ArnLike => "ArnLike",
            ArnNotEquals => "ArnNotEquals",
            ArnNotLike => "ArnNotLike",
            Null => "Null",
        }
    }

    /// Every base operator, in the order of the IAM operators page.
    pub fn all() -> &'static [BaseOperator] {
        &ALL
    }

    /// The base operator with exactly this name (case-sensitive).
    pub fn from_name(name: &str) -> Option<BaseOperator> {
        ALL.iter().copied().find(|b| b.name() == name)
    }

    /// Whether the operator is a negated one (`...Not...`): several policy values combine
    /// as NOR, and a missing key makes it true.
    pub fn is_negated(&self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }

    /// The operator's family (what kind of value it compares).
    pub fn family(&self) -> Family {
        use BaseOperator::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => Family::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => Family::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => Family::Date,
            Bool => Family::Bool,
            BinaryEquals => Family::Binary,
            IpAddress | NotIpAddress => Family::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Family::Arn,
            Null => Family::Null,
        }
    }
}

/// What kind of value an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// `String...` operators.
    String,
    /// `Numeric...` operators.
    Numeric,
    /// `Date...` operators.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    Ip,
    /// `Arn...` operators.
    Arn,
    /// `Null`.
    Null,
}

/// A full condition operator: optional set qualifier, base operator, optional `IfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operator {
    /// `ForAllValues:` / `ForAnyValue:`, if given.
    pub qualifier: Option<SetQualifier>,
    /// The base operator.
    pub base: BaseOperator,
    /// Whether the name ends in `IfExists`.
    pub if_exists: bool,
}

impl Operator {
    /// Parse an operator name exactly, case-sensitively (`ForAnyValue:StringLikeIfExists`).
    /// `NullIfExists` is invalid (Access Analyzer "Null with if exists") and gives `None`.
    pub fn parse(name: &str) -> Option<Operator> {
        let (qualifier, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else {
            (None, name)
        };
        if let Some(base) = BaseOperator::from_name(rest) {
            return Some(Operator { qualifier, base, if_exists: false });
        }
        let base = BaseOperator::from_name(rest.strip_suffix("IfExists")?)?;
        if base == BaseOperator::Null {
            return None;
        }
        Some(Operator { qualifier, base, if_exists: true })
    }

    /// The operator's name as written in a policy (round-trips through [`Operator::parse`]).
    pub fn name(&self) -> String {
        let mut s = String::new();
        if let Some(q) = self.qualifier {
            s.push_str(q.name());
            s.push(':');
        }
        s.push_str(self.base.name());
        if self.if_exists {
            s.push_str("IfExists");
        }
        s
    }

    /// Whether the base operator is negated (see [`BaseOperator::is_negated`]).
    pub fn is_negated(&self) -> bool {
        self.base.is_negated()
    }

    /// The base operator's family.
    pub fn family(&self) -> Family {
        self.base.family()
    }

    /// Whether policy variables may appear in this operator's values: String and Arn
    /// operators only. The operators page also lists Bool, but the Variables page and the
    /// Access Analyzer "Invalid variable for operator" check do not (semantics.md §2 engine
    /// rule: no variables with Bool).
    pub fn supports_variables(&self) -> bool {
        matches!(self.family(), Family::String | Family::Arn)
    }

    /// Every valid operator, plain first, then `IfExists`, each without and with qualifiers.
    pub fn all() -> Vec<Operator> {
        let mut out = Vec::with_capacity(ALL.len() * 6);
        for if_exists in [false, true] {
            for qualifier in [None, Some(SetQualifier::ForAllValues), Some(SetQualifier::ForAnyValue)] {
                for base in ALL {
                    if if_exists && base == BaseOperator::Null {
                        continue;
                    }
                    out.push(Operator { qualifier, base, if_exists });
                }
            }
        }
        out
    }
}

/// The valid operator name closest to a misspelt `name`, for "did you mean".
///
/// `None` when `name` is already valid or nothing is close. A name that differs only in case
/// gets its correct spelling. Otherwise the candidate with the smallest edit distance (over
/// lowercase text) wins if that distance is at most a third of the name's length (at least
/// 2). `...NullIfExists` suggests `Null` without the suffix.
pub fn suggest_operator(name: &str) -> Option<String> {
    if Operator::parse(name).is_some() {
        return None;
    }
    let lower = name.to_lowercase();
    let candidates: Vec<(String, String)> = Operator::all()
        .iter()
        .map(|op| {
            let n = op.name();
            (n.to_lowercase(), n)
        })
        .collect();
    let exact = |l: &str| candidates.iter().find(|(c, _)| c == l).map(|(_, n)| n.clone());
    if let Some(found) = exact(&lower) {
        return Some(found);
    }
    if let Some(found) = lower.strip_suffix("ifexists").and_then(exact) {
        if found.ends_with("Null") {
            return Some(found);
        }
    }
    let len = lower.chars().count();
    let limit = (len / 3).max(2);
    // The edit distance is at least the difference in length: skip candidates that cannot be
    // within the limit without computing it (a policy with thousands of misspelt operators).
    candidates
        .iter()
        .filter(|(c, _)| c.chars().count().abs_diff(len) <= limit)
        .map(|(c, n)| (strsim::levenshtein(c, &lower), n))
        .min_by_key(|(d, _)| *d)
        .filter(|(d, _)| *d <= limit)
        .map(|(_, n)| n.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_every_operator() {
        let all = Operator::all();
        assert_eq!(all.len(), 27 * 3 + 26 * 3);
        for op in all {
            assert_eq!(Operator::parse(&op.name()), Some(op), "{}", op.name());
        }
    }

    #[test]
    fn parse_examples() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(op.qualifier, Some(SetQualifier::ForAnyValue));
        assert_eq!(op.base, BaseOperator::StringLike);
        assert!(op.if_exists);
        assert_eq!(Operator::parse("NullIfExists"), None);
        assert_eq!(Operator::parse("ForAllValues:NullIfExists"), None);
        assert!(Operator::parse("ForAllValues:Null").is_some());
        assert_eq!(Operator::parse("stringequals"), None);
        assert_eq!(Operator::parse("StringEqual"), None);
        assert_eq!(Operator::parse("ForAnyValues:StringLike"), None);
        assert_eq!(Operator::parse("ForAnyValue:"), None);
        assert_eq!(Operator::parse("IfExists"), None);
        assert_eq!(Operator::parse(""), None);
        assert_eq!(Operator::parse("StringEqualsIfExistsIfExists"), None);
        assert_eq!(Operator::parse("ForAnyValue:ForAllValues:StringLike"), None);
    }

    #[test]
    fn classification() {
        let neg: Vec<&str> = BaseOperator::all().iter().filter(|b| b.is_negated()).map(|b| b.name()).collect();
        assert_eq!(
            neg,
            [
                "StringNotEquals",
                "StringNotEqualsIgnoreCase",
                "StringNotLike",
                "NumericNotEquals",
                "DateNotEquals",
                "NotIpAddress",
                "ArnNotEquals",
                "ArnNotLike"
            ]
        );
        let vars: Vec<&str> = BaseOperator::all()
            .iter()
            .filter(|b| Operator { qualifier: None, base: **b, if_exists: false }.supports_variables())
            .map(|b| b.name())
            .collect();
        assert_eq!(vars.len(), 10);
        assert!(!vars.contains(&"Bool"));
        assert_eq!(BaseOperator::IpAddress.family(), Family::Ip);
        assert_eq!(BaseOperator::Null.family(), Family::Null);
    }

    #[test]
    fn suggestions() {
        let s = |n: &str| suggest_operator(n);
        assert_eq!(s("StringEqual").as_deref(), Some("StringEquals"));
        assert_eq!(s("stringequals").as_deref(), Some("StringEquals"));
        assert_eq!(s("ForAnyValues:StringLike").as_deref(), Some("ForAnyValue:StringLike"));
        assert_eq!(s("ForAllValue:StringNotLike").as_deref(), Some("ForAllValues:StringNotLike"));
        assert_eq!(s("StringEqualsIgnorecase").as_deref(), Some("StringEqualsIgnoreCase"));
        assert_eq!(s("IpAdress").as_deref(), Some("IpAddress"));
        assert_eq!(s("ArnLikeIfExist").as_deref(), Some("ArnLikeIfExists"));
        assert_eq!(s("NumericGreaterThanOrEquals").as_deref(), Some("NumericGreaterThanEquals"));
        assert_eq!(s("NullIfExists").as_deref(), Some("Null"));
        assert_eq!(s("ForAnyValue:NullIfExists").as_deref(), Some("ForAnyValue:Null"));
        assert_eq!(s("StringEquals"), None);
        assert_eq!(s("Frobnicate"), None);
        assert_eq!(s(""), None);
    }
}
