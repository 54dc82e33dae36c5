//! The model between schema and code: the Rust types the generator has decided on, before any
//! token is written. `convert` builds it from the schemas; `emit` writes it out.

use serde_json::Value;

/// Index of a generated type.
pub(crate) type TypeId = usize;

/// How a field, item or variant refers to a type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    String,
    Bool,
    I64,
    U64,
    F64,
    /// `()`: a schema that only allows `null`.
    Unit,
    /// `serde_json::Value`: anything, or a construct the generator does not represent.
    Value,
    /// `serde_json::Map<String, Value>`: an object with no declared properties.
    JsonMap,
    /// The generated `Timestamp` (a `date-time` string, kept exactly as written).
    Timestamp,
    /// A Rust type named by path: a `format` mapping (`::std::net::Ipv4Addr`, `i32`).
    /// `string` says whether its JSON form is a string, which lets unions of such types
    /// collapse into `String`.
    Path {
        path: String,
        string: bool,
    },
    Named(TypeId),
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`: an object whose values all have one schema.
    Map(Box<Ty>),
    Option(Box<Ty>),
    Boxed(Box<Ty>),
}

impl Ty {
    /// Whether the JSON form of this type is always a string.
    pub(crate) fn is_string_like(&self) -> bool {
        matches!(
            self,
            Ty::String | Ty::Timestamp | Ty::Path { string: true, .. }
        )
    }
}

/// A generated type.
#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    pub(crate) name: String,
    /// Where the schema is: display path and JSON pointer.
    pub(crate) origin: String,
    pub(crate) doc: Option<String>,
    pub(crate) kind: Kind,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// Reserved while its fields are being worked out, so recursive references can name it.
    Pending,
    Struct(Struct),
    /// A string `enum`, with a catch-all variant for values the schema does not list.
    Enum(StringEnum),
    /// `#[serde(untagged)]` union of several types (`oneOf`/`anyOf`, `type: [..]`).
    Union(Vec<Variant>),
    /// `pub type Name = ...;` for a root schema that is not an object, enum or union.
    Alias(Ty),
}

#[derive(Debug, Clone)]
pub(crate) struct Struct {
    pub(crate) fields: Vec<Field>,
    pub(crate) extra: Extra,
    pub(crate) constants: Vec<Constant>,
}

/// What the struct does with keys it does not declare.
#[derive(Debug, Clone)]
pub(crate) enum Extra {
    /// `#[serde(flatten)] name: serde_json::Map<String, Value>`.
    Capture { name: String },
    /// `#[serde(flatten)] name: BTreeMap<String, T>` (`additionalProperties` has a schema).
    Typed { name: String, ty: Ty },
    /// `#[serde(deny_unknown_fields)]`.
    Deny,
}

#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) name: String,
    /// The key in the data.
    pub(crate) key: String,
    pub(crate) doc: Option<String>,
    /// The full field type, `Option` included.
    pub(crate) ty: Ty,
    pub(crate) presence: Presence,
}

/// How a field's presence in the data maps onto its type.
#[derive(Debug, Clone)]
pub(crate) enum Presence {
    /// Required: `T` (or `Option<T>` when nullable, always written).
    Required,
    /// Required, but tolerated when absent ([`crate::MissingRequired::Tolerate`]): `Option<T>`,
    /// skipped when `None`, and still required in the derived JSON Schema.
    Tolerated,
    /// Not required: `Option<T>`, skipped when `None`.
    Optional,
    /// Not required, and `null` is a value of its type (nullable, or `serde_json::Value`):
    /// `Option<T>` read with `deserialize_some`, so absent and `null` stay distinct.
    OptionalNullable,
    /// Not required, with a `default`: `T`, filled in when absent.
    Defaulted {
        function: String,
        value: DefaultValue,
    },
}

/// A `default` the generator can write as a Rust expression.
#[derive(Debug, Clone)]
pub(crate) enum DefaultValue {
    Str(String),
    I64(i64),
    U64(u64),
    F64(f64),
    Bool(bool),
    Variant { ty: TypeId, variant: String },
    EmptyVec,
    EmptyMap,
}

/// An associated constant for a `const` property (`SmsOperational::CATEGORY`).
#[derive(Debug, Clone)]
pub(crate) struct Constant {
    pub(crate) name: String,
    pub(crate) key: String,
    pub(crate) value: Value,
}

#[derive(Debug, Clone)]
pub(crate) struct StringEnum {
    /// (variant name, value in the data).
    pub(crate) variants: Vec<(String, String)>,
    /// The name of the `Variant(String)` that holds any other value.
    pub(crate) other: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub(crate) name: String,
    pub(crate) ty: Ty,
}
