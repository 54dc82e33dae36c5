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
    /// `serde_json::Number`: a JSON `number`, which may hold an integer (`1` stays `1`, not
    /// `1.0`) or a float, written back as read.
    Number,
    /// `()`: a schema that only allows `null`.
    Unit,
    /// `serde_json::Value`: anything, or a construct the generator does not represent.
    Value,
    /// `serde_json::Map<String, Value>`: an object with no declared properties.
    JsonMap,
    /// The generated `Timestamp` (a `date-time` string, kept exactly as written).
    Timestamp,
    /// The generated `Spelled<T>`: a string parsed as `path` (a `uuid`, an IP address) that
    /// keeps its text, so `{936DA01F-...}` or a full-form IPv6 address is written back as read.
    Spelled {
        path: String,
    },
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
            Ty::String | Ty::Timestamp | Ty::Spelled { .. } | Ty::Path { string: true, .. }
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
    /// A union of objects told apart by one property's constant value (an event `type`, a
    /// `kind`): read by that value, written as the object it holds.
    Tagged(Tagged),
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
    /// Not required, with a `default`: `Option<T>` like any optional field, so a record
    /// without it is written back without it; `accessor` returns the value or the default,
    /// which `function` builds.
    Defaulted {
        function: String,
        accessor: String,
        value: DefaultValue,
        /// `null` is a value of the type: read with `deserialize_some`, as `OptionalNullable`.
        nullable: bool,
    },
}

/// A `default`, checked against the field's type, as the generator will write it in Rust.
#[derive(Debug, Clone)]
pub(crate) enum DefaultValue {
    Str(String),
    /// Any JSON number, as the Rust number type of the field (`Ty` says which).
    Number(serde_json::Number),
    Bool(bool),
    /// `None` of an `Option`; `Some(..)`.
    None,
    Some(Box<DefaultValue>),
    Variant {
        ty: TypeId,
        variant: String,
    },
    Vec(Vec<DefaultValue>),
    Map(Vec<(String, DefaultValue)>),
    /// A `serde_json::Value` (or `Map`), built as written.
    Json(serde_json::Value),
    /// A struct literal: every field by name (absent optional ones as `None`), and the extra
    /// map's entries.
    Struct {
        ty: TypeId,
        fields: Vec<(String, DefaultValue)>,
        extra: Option<(String, Vec<(String, DefaultValue)>)>,
    },
    Boxed(Box<DefaultValue>),
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
pub(crate) struct Tagged {
    /// The key of the property that tells the variants apart.
    pub(crate) tag: String,
    /// (tag value, variant): each object type with the value its tag property holds.
    pub(crate) variants: Vec<(String, Variant)>,
    /// The variant for any other tag value (a branch without a tag), when the schema has one;
    /// without it an unknown value is an error.
    pub(crate) fallback: Option<Variant>,
}

#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub(crate) name: String,
    pub(crate) ty: Ty,
}
