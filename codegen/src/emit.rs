//! From the type model to Rust tokens: one item (plus its impls) per generated type, and the
//! small support items the types need (`Timestamp`, `deserialize_some`), only when used.

use crate::docs;
use crate::error::Error;
use crate::settings::Settings;
use crate::types::{
    Constant, DefaultValue, Extra, Field, Kind, Presence, StringEnum, Struct, Ty, TypeDef, Variant,
};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// What structs and unions derive; enums implement serde and schemars by hand, for their
/// catch-all variant.
const DATA_DERIVES: &[&str] = &[
    "Debug",
    "Clone",
    "PartialEq",
    "::serde::Serialize",
    "::serde::Deserialize",
    "::schemars::JsonSchema",
];

/// The settings, parsed into the tokens they stand for.
pub(crate) struct Emitter<'a> {
    types: &'a [TypeDef],
    derives: Vec<syn::Path>,
    visibility: syn::Visibility,
    /// The final name of every type (renames applied).
    names: Vec<String>,
    replacements: BTreeMap<String, syn::Type>,
}

impl<'a> Emitter<'a> {
    pub(crate) fn new(types: &'a [TypeDef], settings: &Settings) -> Result<Self, Error> {
        let invalid = |setting: String, message: String| Error::Settings { setting, message };
        let derives = settings
            .derives
            .iter()
            .map(|derive| {
                syn::parse_str::<syn::Path>(derive)
                    .map_err(|error| invalid(format!("derive {derive:?}"), error.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let visibility =
            syn::parse_str::<syn::Visibility>(&settings.visibility).map_err(|error| {
                invalid(
                    format!("visibility {:?}", settings.visibility),
                    error.to_string(),
                )
            })?;
        let mut replacements = BTreeMap::new();
        for (name, path) in &settings.replacements {
            let ty = syn::parse_str::<syn::Type>(path).map_err(|error| {
                invalid(
                    format!("replacement {name:?} = {path:?}"),
                    error.to_string(),
                )
            })?;
            replacements.insert(name.clone(), ty);
        }
        for (format, path) in &settings.formats {
            syn::parse_str::<syn::Type>(path).map_err(|error| {
                invalid(format!("format {format:?} = {path:?}"), error.to_string())
            })?;
        }
        let mut taken: HashSet<String> = types.iter().map(|def| def.name.clone()).collect();
        let mut names = Vec::with_capacity(types.len());
        for def in types {
            let name = match settings.renames.get(&def.name) {
                Some(new) => {
                    syn::parse_str::<Ident>(new).map_err(|error| {
                        invalid(
                            format!("rename {:?} = {new:?}", def.name),
                            error.to_string(),
                        )
                    })?;
                    if !taken.insert(new.clone()) {
                        return Err(invalid(
                            format!("rename {:?} = {new:?}", def.name),
                            "another generated type already has that name".to_owned(),
                        ));
                    }
                    new.clone()
                }
                None => def.name.clone(),
            };
            names.push(name);
        }
        Ok(Emitter {
            types,
            derives,
            visibility,
            names,
            replacements,
        })
    }

    /// The final name of a type (after renames).
    pub(crate) fn name(&self, id: usize) -> &str {
        &self.names[id]
    }

    /// Every item: the types in the order they were made, then the support items they use.
    pub(crate) fn emit(&self) -> TokenStream {
        let mut items = TokenStream::new();
        for (id, def) in self.types.iter().enumerate() {
            if self.replacements.contains_key(&def.name) {
                continue;
            }
            items.extend(self.emit_type(id, def));
        }
        let uses = self.uses();
        if uses.timestamp {
            items.extend(timestamp(&self.visibility));
        }
        if uses.deserialize_some {
            items.extend(deserialize_some());
        }
        if uses.deserialize_nullable {
            items.extend(deserialize_nullable());
        }
        items
    }

    fn emit_type(&self, id: usize, def: &TypeDef) -> TokenStream {
        let name = Ident::new(&self.names[id], Span::call_site());
        let mut doc = def.doc.as_deref().map(docs::escape).unwrap_or_default();
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc = doc + "Generated from `" + def.origin.trim_end_matches('#') + "`.";
        let doc = docs::attributes(&doc);
        match &def.kind {
            Kind::Struct(body) => self.emit_struct(&name, &doc, body),
            Kind::Enum(body) => self.emit_enum(&name, &doc, body),
            Kind::Union(variants) => self.emit_union(&name, &doc, variants),
            Kind::Alias(ty) => {
                let vis = &self.visibility;
                let ty = self.ty(ty);
                quote! { #doc #vis type #name = #ty; }
            }
            // Every pending type is completed before emission; an unfinished one stands for
            // anything.
            Kind::Pending => {
                let vis = &self.visibility;
                quote! { #doc #vis type #name = ::serde_json::Value; }
            }
        }
    }

    fn derives(&self, base: &[&str]) -> TokenStream {
        let base: Vec<syn::Path> = base
            .iter()
            .filter_map(|path| syn::parse_str::<syn::Path>(path).ok())
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        let all = base.iter().chain(&self.derives).filter(|path| {
            let last = path
                .segments
                .last()
                .map(|segment| segment.ident.to_string())
                .unwrap_or_default();
            seen.insert(last)
        });
        quote! { #[derive(#(#all),*)] }
    }

    fn emit_struct(&self, name: &Ident, doc: &TokenStream, body: &Struct) -> TokenStream {
        let vis = &self.visibility;
        let derives = self.derives(DATA_DERIVES);
        let deny =
            matches!(body.extra, Extra::Deny).then(|| quote! { #[serde(deny_unknown_fields)] });
        let fields = body.fields.iter().map(|field| self.emit_field(name, field));
        let extra = match &body.extra {
            Extra::Capture { name } => {
                let name = Ident::new(name, Span::call_site());
                quote! {
                    /// Fields the schema does not describe, kept so the record round-trips unchanged.
                    #[serde(flatten)]
                    #vis #name: ::serde_json::Map<String, ::serde_json::Value>,
                }
            }
            Extra::Typed { name, ty } => {
                let name = Ident::new(name, Span::call_site());
                let ty = self.ty(ty);
                quote! {
                    /// Fields the schema does not name (its `additionalProperties`).
                    #[serde(flatten)]
                    #vis #name: ::std::collections::BTreeMap<String, #ty>,
                }
            }
            Extra::Deny => TokenStream::new(),
        };
        let constants = body
            .constants
            .iter()
            .map(|constant| self.emit_constant(constant));
        let defaults = body
            .fields
            .iter()
            .filter_map(|field| match &field.presence {
                Presence::Defaulted { function, value } => {
                    let function = Ident::new(function, Span::call_site());
                    let ty = self.ty(&field.ty);
                    let value = self.default_expr(value);
                    let doc = format!(" The default of `{}`.", field.key);
                    Some(quote! { #[doc = #doc] fn #function() -> #ty { #value } })
                }
                _ => None,
            });
        let items: Vec<TokenStream> = constants.chain(defaults).collect();
        let inherent = (!items.is_empty()).then(|| quote! { impl #name { #(#items)* } });
        quote! {
            #doc
            #derives
            #deny
            #vis struct #name {
                #(#fields)*
                #extra
            }
            #inherent
        }
    }

    fn emit_field(&self, owner: &Ident, field: &Field) -> TokenStream {
        let vis = &self.visibility;
        let name = Ident::new(&field.name, Span::call_site());
        let ty = self.ty(&field.ty);
        let doc = match &field.doc {
            Some(text) => docs::escape(text),
            None => format!("`{}`: not described in the schema.", field.key),
        };
        let doc = docs::attributes(&doc);
        let mut args: Vec<TokenStream> = Vec::new();
        if field.name != field.key {
            let key = &field.key;
            args.push(quote! { rename = #key });
        }
        let mut schemars = TokenStream::new();
        match &field.presence {
            // serde reads a missing `Option` field as `None`; with `deserialize_with` it reports
            // the missing field, as a required one should be.
            Presence::Required if matches!(field.ty, Ty::Option(_)) => {
                args.push(quote! { deserialize_with = "deserialize_nullable" });
                schemars = quote! { #[schemars(required)] };
            }
            Presence::Required => {}
            // No `default`: serde reads a missing `Option` as `None` anyway, and schemars would
            // take `default` for "not required", overriding `schemars(required)`.
            Presence::Tolerated => {
                args.push(quote! { skip_serializing_if = "Option::is_none" });
                schemars = quote! { #[schemars(required)] };
            }
            Presence::Optional => {
                args.push(quote! { default, skip_serializing_if = "Option::is_none" });
            }
            Presence::OptionalNullable => args.push(quote! {
                default, deserialize_with = "deserialize_some", skip_serializing_if = "Option::is_none"
            }),
            Presence::Defaulted { function, .. } => {
                let path = format!("{owner}::{function}");
                args.push(quote! { default = #path });
            }
        }
        let serde = (!args.is_empty()).then(|| quote! { #[serde(#(#args),*)] });
        quote! {
            #doc
            #serde
            #schemars
            #vis #name: #ty,
        }
    }

    fn emit_constant(&self, constant: &Constant) -> TokenStream {
        let vis = &self.visibility;
        let name = Ident::new(&constant.name, Span::call_site());
        let doc = format!(" The value `{}` always has.", constant.key);
        let (ty, value) = match &constant.value {
            Value::String(text) => (quote! { &str }, quote! { #text }),
            Value::Bool(flag) => (quote! { bool }, quote! { #flag }),
            Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(value), _, _) => (
                    quote! { u64 },
                    Literal::u64_unsuffixed(value).into_token_stream(),
                ),
                (None, Some(value), _) => (quote! { i64 }, int_literal(value)),
                (None, None, Some(value)) => (quote! { f64 }, float_literal(value)),
                _ => return TokenStream::new(),
            },
            _ => return TokenStream::new(),
        };
        quote! { #[doc = #doc] #vis const #name: #ty = #value; }
    }

    fn default_expr(&self, value: &DefaultValue) -> TokenStream {
        match value {
            DefaultValue::Str(text) => quote! { #text.to_owned() },
            DefaultValue::I64(value) => int_literal(*value),
            DefaultValue::U64(value) => Literal::u64_unsuffixed(*value).into_token_stream(),
            DefaultValue::F64(value) => float_literal(*value),
            DefaultValue::Bool(value) => quote! { #value },
            DefaultValue::Variant { ty, variant } => {
                let ty = self.ty(&Ty::Named(*ty));
                let variant = Ident::new(variant, Span::call_site());
                quote! { #ty::#variant }
            }
            DefaultValue::EmptyVec => quote! { Vec::new() },
            DefaultValue::EmptyMap => quote! { ::core::default::Default::default() },
        }
    }

    fn emit_enum(&self, name: &Ident, doc: &TokenStream, body: &StringEnum) -> TokenStream {
        let vis = &self.visibility;
        let derives = self.derives(&["Debug", "Clone", "PartialEq", "Eq", "Hash"]);
        let variants: Vec<Ident> = body
            .variants
            .iter()
            .map(|(variant, _)| Ident::new(variant, Span::call_site()))
            .collect();
        let values: Vec<&str> = body
            .variants
            .iter()
            .map(|(_, value)| value.as_str())
            .collect();
        let variant_docs = values.iter().map(|value| {
            if value.is_empty() {
                " The empty string.".to_owned()
            } else {
                format!(" `{value}`")
            }
        });
        let other = Ident::new(&body.other, Span::call_site());
        let name_text = name.to_string();
        quote! {
            #doc
            #derives
            #vis enum #name {
                #( #[doc = #variant_docs] #variants, )*
                /// A value the schema does not list, kept as written.
                #other(String),
            }

            impl #name {
                /// The value as the data spells it.
                #vis fn as_str(&self) -> &str {
                    match self {
                        #( Self::#variants => #values, )*
                        Self::#other(value) => value,
                    }
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl From<String> for #name {
                fn from(value: String) -> Self {
                    match value.as_str() {
                        #( #values => Self::#variants, )*
                        _ => Self::#other(value),
                    }
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = ::core::convert::Infallible;

                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Ok(Self::from(value.to_owned()))
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }

            impl ::schemars::JsonSchema for #name {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#name_text)
                }

                fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    // The documented contract: a value outside it deserialises into the
                    // catch-all variant, but is drift from this schema.
                    let mut schema = <String as ::schemars::JsonSchema>::json_schema(generator);
                    schema.insert("enum".to_owned(), [#(#values),*].into_iter().collect());
                    schema
                }
            }
        }
    }

    fn emit_union(&self, name: &Ident, doc: &TokenStream, variants: &[Variant]) -> TokenStream {
        let vis = &self.visibility;
        let derives = self.derives(DATA_DERIVES);
        let variants = variants.iter().map(|variant| {
            let variant_name = Ident::new(&variant.name, Span::call_site());
            let ty = self.ty(&variant.ty);
            let doc = format!(" The `{}` form.", variant.name);
            quote! { #[doc = #doc] #variant_name(#ty), }
        });
        quote! {
            #doc
            #derives
            #[serde(untagged)]
            #vis enum #name {
                #(#variants)*
            }
        }
    }

    /// The tokens naming a type.
    pub(crate) fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::String => quote! { String },
            Ty::Bool => quote! { bool },
            Ty::I64 => quote! { i64 },
            Ty::U64 => quote! { u64 },
            Ty::F64 => quote! { f64 },
            Ty::Unit => quote! { () },
            Ty::Value => quote! { ::serde_json::Value },
            Ty::JsonMap => quote! { ::serde_json::Map<String, ::serde_json::Value> },
            Ty::Timestamp => quote! { Timestamp },
            Ty::Path { path, .. } => syn::parse_str::<syn::Type>(path).map_or_else(
                |_| quote! { ::serde_json::Value },
                ToTokens::into_token_stream,
            ),
            Ty::Named(id) => match self.replacements.get(&self.types[*id].name) {
                Some(replacement) => replacement.to_token_stream(),
                None => format_ident!("{}", self.names[*id]).into_token_stream(),
            },
            Ty::Vec(item) => {
                let item = self.ty(item);
                quote! { Vec<#item> }
            }
            Ty::Map(value) => {
                let value = self.ty(value);
                quote! { ::std::collections::BTreeMap<String, #value> }
            }
            Ty::Option(inner) => {
                let inner = self.ty(inner);
                quote! { Option<#inner> }
            }
            Ty::Boxed(inner) => {
                let inner = self.ty(inner);
                quote! { Box<#inner> }
            }
        }
    }

    fn uses(&self) -> Uses {
        let mut uses = Uses::default();
        for def in self.types {
            if self.replacements.contains_key(&def.name) {
                continue;
            }
            match &def.kind {
                Kind::Struct(body) => {
                    for field in &body.fields {
                        uses.note(&field.ty);
                        uses.deserialize_nullable |= matches!(field.presence, Presence::Required)
                            && matches!(field.ty, Ty::Option(_));
                        uses.deserialize_some |=
                            matches!(field.presence, Presence::OptionalNullable);
                    }
                    if let Extra::Typed { ty, .. } = &body.extra {
                        uses.note(ty);
                    }
                }
                Kind::Union(variants) => variants.iter().for_each(|variant| uses.note(&variant.ty)),
                Kind::Alias(ty) => uses.note(ty),
                Kind::Enum(_) | Kind::Pending => {}
            }
        }
        uses
    }
}

/// An integer literal without suffix; a negative one as a negation, which every parser reads.
fn int_literal(value: i64) -> TokenStream {
    let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote! { -#magnitude }
    } else {
        magnitude.into_token_stream()
    }
}

/// A float literal without suffix (always with a decimal point or exponent).
fn float_literal(value: f64) -> TokenStream {
    let magnitude = Literal::f64_unsuffixed(value.abs());
    if value.is_sign_negative() {
        quote! { -#magnitude }
    } else {
        magnitude.into_token_stream()
    }
}

/// Which support items the emitted types need.
#[derive(Default)]
struct Uses {
    timestamp: bool,
    deserialize_some: bool,
    deserialize_nullable: bool,
}

impl Uses {
    fn note(&mut self, ty: &Ty) {
        match ty {
            Ty::Timestamp => self.timestamp = true,
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
                self.note(inner);
            }
            _ => {}
        }
    }
}

/// The `date-time` type: the parsed instant and the text as written.
fn timestamp(vis: &syn::Visibility) -> TokenStream {
    quote! {
        /// A `date-time` (RFC 3339) value: the instant it names, and the text exactly as the data
        /// wrote it.
        ///
        /// Keeping the text makes a record serialise back unchanged: Log Analytics writes seven
        /// fractional digits and other sources three, and no formatter reproduces every form.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #vis struct Timestamp {
            instant: ::chrono::DateTime<::chrono::FixedOffset>,
            text: String,
        }

        impl Timestamp {
            /// The instant, with the offset the text gave.
            #vis fn instant(&self) -> ::chrono::DateTime<::chrono::FixedOffset> {
                self.instant
            }

            /// The text as the data wrote it.
            #vis fn as_str(&self) -> &str {
                &self.text
            }
        }

        impl From<::chrono::DateTime<::chrono::FixedOffset>> for Timestamp {
            fn from(instant: ::chrono::DateTime<::chrono::FixedOffset>) -> Self {
                Timestamp { text: instant.to_rfc3339(), instant }
            }
        }

        impl ::core::str::FromStr for Timestamp {
            type Err = ::chrono::ParseError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let instant = ::chrono::DateTime::parse_from_rfc3339(text)?;
                Ok(Timestamp { instant, text: text.to_owned() })
            }
        }

        impl ::core::fmt::Display for Timestamp {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl ::serde::Serialize for Timestamp {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Timestamp {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }

        impl ::schemars::JsonSchema for Timestamp {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed("Timestamp")
            }

            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                let mut schema = <String as ::schemars::JsonSchema>::json_schema(generator);
                schema.insert("format".to_owned(), "date-time".into());
                schema
            }
        }
    }
}

/// Keeps an absent field (`None`) apart from an explicit `null` (`Some(None)`).
fn deserialize_some() -> TokenStream {
    quote! {
        /// Deserialises a field that is present, `null` included, as `Some`; with
        /// `#[serde(default)]` an absent field stays `None`, so absent and `null` stay apart.
        fn deserialize_some<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
        where
            T: ::serde::Deserialize<'de>,
            D: ::serde::Deserializer<'de>,
        {
            T::deserialize(deserializer).map(Some)
        }
    }
}

/// Makes a required nullable field required: `null` is `None`, absence is an error.
fn deserialize_nullable() -> TokenStream {
    quote! {
        /// Deserialises a required field that may be `null`. Named in `deserialize_with`, it makes
        /// serde report the field when it is missing, instead of reading it as `None`.
        fn deserialize_nullable<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
        where
            T: ::serde::Deserialize<'de>,
            D: ::serde::Deserializer<'de>,
        {
            <Option<T> as ::serde::Deserialize>::deserialize(deserializer)
        }
    }
}
