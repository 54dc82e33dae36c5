//! From the type model to Rust tokens: one item (plus its impls) per generated type, and the
//! small support items the types need (`Timestamp`, `Spelled`, `deserialize_some`), only when
//! used.
//!
//! Every path written is fully qualified (`::std::string::String`, `::core::option::Option`,
//! `::core::convert::From`): a schema may name a type `From`, `Option` or `String`, and the
//! generated code must not see it in place of the standard one.

use crate::docs;
use crate::error::Error;
use crate::settings::Settings;
use crate::types::{
    Constant, DefaultValue, Extra, Field, Kind, Presence, StringEnum, Struct, Tagged, Ty, TypeDef,
    Variant,
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
        if uses.spelled {
            items.extend(spelled(&self.visibility));
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
            Kind::Tagged(tagged) => self.emit_tagged(&name, &doc, tagged),
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
        let fields = body.fields.iter().map(|field| self.emit_field(field));
        let extra = match &body.extra {
            Extra::Capture { name } => {
                let name = Ident::new(name, Span::call_site());
                quote! {
                    /// Fields the schema does not describe, kept so the record round-trips unchanged.
                    #[serde(flatten)]
                    #vis #name: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                }
            }
            Extra::Typed { name, ty } => {
                let name = Ident::new(name, Span::call_site());
                let ty = self.ty(ty);
                quote! {
                    /// Fields the schema does not name (its `additionalProperties`).
                    #[serde(flatten)]
                    #vis #name: ::std::collections::BTreeMap<::std::string::String, #ty>,
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
                Presence::Defaulted {
                    function,
                    accessor,
                    value,
                    ..
                } => {
                    let function = Ident::new(function, Span::call_site());
                    let accessor = Ident::new(accessor, Span::call_site());
                    let field_name = Ident::new(&field.name, Span::call_site());
                    let inner = match &field.ty {
                        Ty::Option(inner) => inner.as_ref(),
                        other => other,
                    };
                    let ty = self.ty(inner);
                    let value = self.default_expr(inner, value);
                    let key = docs::code(&field.key);
                    let doc = format!(" The default of {key}.");
                    let accessor_doc =
                        format!(" {key}, or its default when the record does not have it.");
                    Some(quote! {
                        #[doc = #doc]
                        fn #function() -> #ty { #value }

                        #[doc = #accessor_doc]
                        #vis fn #accessor(&self) -> #ty {
                            match &self.#field_name {
                                ::core::option::Option::Some(value) => ::core::clone::Clone::clone(value),
                                ::core::option::Option::None => Self::#function(),
                            }
                        }
                    })
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

    fn emit_field(&self, field: &Field) -> TokenStream {
        let vis = &self.visibility;
        let name = Ident::new(&field.name, Span::call_site());
        let ty = self.ty(&field.ty);
        let doc = match &field.doc {
            Some(text) => docs::escape(text),
            None => format!(
                "The key {}, not described in the schema.",
                docs::code(&field.key)
            ),
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
                args.push(quote! { skip_serializing_if = "::core::option::Option::is_none" });
                schemars = quote! { #[schemars(required)] };
            }
            // A default is not written into the record: absent stays absent on the way back.
            Presence::Optional
            | Presence::Defaulted {
                nullable: false, ..
            } => {
                args.push(
                    quote! { default, skip_serializing_if = "::core::option::Option::is_none" },
                );
            }
            Presence::OptionalNullable | Presence::Defaulted { nullable: true, .. } => args.push(quote! {
                default, deserialize_with = "deserialize_some", skip_serializing_if = "::core::option::Option::is_none"
            }),
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
        let doc = format!(" The value {} always has.", docs::code(&constant.key));
        let (ty, value) = match &constant.value {
            Value::String(text) => (quote! { &'static str }, quote! { #text }),
            Value::Bool(flag) => (quote! { bool }, quote! { #flag }),
            Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(value), _, _) => (
                    quote! { u64 },
                    Literal::u64_unsuffixed(value).into_token_stream(),
                ),
                (None, Some(_), _) => (quote! { i64 }, int_literal(number)),
                (None, None, Some(value)) => (quote! { f64 }, float_literal(value)),
                _ => return TokenStream::new(),
            },
            _ => return TokenStream::new(),
        };
        quote! { #[doc = #doc] #vis const #name: #ty = #value; }
    }

    /// A default as a Rust expression of type `ty`.
    fn default_expr(&self, ty: &Ty, value: &DefaultValue) -> TokenStream {
        let unwrap = |ty: &Ty| match ty {
            Ty::Option(inner) | Ty::Boxed(inner) | Ty::Vec(inner) | Ty::Map(inner) => {
                inner.as_ref().clone()
            }
            other => other.clone(),
        };
        match value {
            DefaultValue::Str(text) => quote! { ::std::string::String::from(#text) },
            DefaultValue::Number(number) => number_expr(ty, number),
            DefaultValue::Bool(value) => quote! { #value },
            DefaultValue::None => quote! { ::core::option::Option::None },
            DefaultValue::Some(inner) => {
                let inner = self.default_expr(&unwrap(ty), inner);
                quote! { ::core::option::Option::Some(#inner) }
            }
            DefaultValue::Boxed(inner) => {
                let inner = self.default_expr(&unwrap(ty), inner);
                quote! { ::std::boxed::Box::new(#inner) }
            }
            DefaultValue::Variant { ty, variant } => {
                let ty = self.ty(&Ty::Named(*ty));
                let variant = Ident::new(variant, Span::call_site());
                quote! { #ty::#variant }
            }
            DefaultValue::Vec(items) => {
                let item_ty = unwrap(ty);
                let items = items.iter().map(|item| self.default_expr(&item_ty, item));
                quote! { ::std::vec![#(#items),*] }
            }
            DefaultValue::Map(entries) => {
                let item_ty = unwrap(ty);
                let entries = entries.iter().map(|(key, entry)| {
                    let entry = self.default_expr(&item_ty, entry);
                    quote! { (::std::string::String::from(#key), #entry) }
                });
                quote! { ::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter([#(#entries),*])) }
            }
            DefaultValue::Json(json) => match (ty, json) {
                (Ty::JsonMap, Value::Object(entries)) => json_map_expr(entries),
                (Ty::Unit, _) => quote! { () },
                _ => json_expr(json),
            },
            DefaultValue::Struct { ty, fields, extra } => {
                let Kind::Struct(body) = &self.types[*ty].kind else {
                    return quote! { ::core::default::Default::default() };
                };
                let name = self.ty(&Ty::Named(*ty));
                let fields = fields.iter().filter_map(|(field_name, value)| {
                    let field = body.fields.iter().find(|field| &field.name == field_name)?;
                    let ident = Ident::new(field_name, Span::call_site());
                    let value = self.default_expr(&field.ty, value);
                    Some(quote! { #ident: #value, })
                });
                let extra = extra.iter().map(|(extra_name, entries)| {
                    let ident = Ident::new(extra_name, Span::call_site());
                    let value_ty = match &body.extra {
                        Extra::Typed { ty, .. } => ty.clone(),
                        _ => Ty::Value,
                    };
                    let entries = entries.iter().map(|(key, entry)| {
                        let entry = self.default_expr(&value_ty, entry);
                        quote! { (::std::string::String::from(#key), #entry) }
                    });
                    quote! { #ident: ::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter([#(#entries),*])), }
                });
                quote! { #name { #(#fields)* #(#extra)* } }
            }
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
                format!(" The value {}.", docs::code(value))
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
                #other(::std::string::String),
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

            impl ::core::convert::From<::std::string::String> for #name {
                fn from(value: ::std::string::String) -> Self {
                    match value.as_str() {
                        #( #values => Self::#variants, )*
                        _ => Self::#other(value),
                    }
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = ::core::convert::Infallible;

                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::core::result::Result::Ok(<Self as ::core::convert::From<::std::string::String>>::from(::std::borrow::ToOwned::to_owned(value)))
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(<Self as ::core::convert::From<::std::string::String>>::from)
                }
            }

            impl ::schemars::JsonSchema for #name {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#name_text)
                }

                fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    // The documented contract: a value outside it deserialises into the
                    // catch-all variant, but is drift from this schema.
                    let mut schema = <::std::string::String as ::schemars::JsonSchema>::json_schema(generator);
                    schema.insert(::std::string::String::from("enum"), ::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter([#(#values),*])));
                    schema
                }
            }
        }
    }

    fn emit_union(&self, name: &Ident, doc: &TokenStream, variants: &[Variant]) -> TokenStream {
        let derives = self.derives(DATA_DERIVES);
        let variants = variants.iter().map(|variant| {
            let variant_name = Ident::new(&variant.name, Span::call_site());
            let ty = self.ty(&variant.ty);
            let doc = format!(" The `{}` form.", variant.name);
            quote! { #[doc = #doc] #variant_name(#ty), }
        });
        self.untagged_enum(name, doc, &derives, variants)
    }

    /// `#[serde(untagged)] enum` with these variants: how a union is declared and written.
    fn untagged_enum(
        &self,
        name: &Ident,
        doc: &TokenStream,
        derives: &TokenStream,
        variants: impl Iterator<Item = TokenStream>,
    ) -> TokenStream {
        let vis = &self.visibility;
        quote! {
            #doc
            #derives
            #[serde(untagged)]
            #vis enum #name {
                #(#variants)*
            }
        }
    }

    /// A union told apart by a property's constant: serialised as the object it holds,
    /// deserialised by reading the property first. Unknown values go to the catch-all member
    /// when there is one, and are an error naming the property and the known values otherwise.
    fn emit_tagged(&self, name: &Ident, doc: &TokenStream, tagged: &Tagged) -> TokenStream {
        let derives = self.derives(&[
            "Debug",
            "Clone",
            "PartialEq",
            "::serde::Serialize",
            "::schemars::JsonSchema",
        ]);
        let tag = &tagged.tag;
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        for (value, variant) in &tagged.variants {
            let variant_name = Ident::new(&variant.name, Span::call_site());
            let ty = self.ty(&variant.ty);
            let doc = format!(" {} is {}.", docs::code(tag), docs::code(value));
            variants.push(quote! { #[doc = #doc] #variant_name(#ty), });
            arms.push(quote! {
                ::core::option::Option::Some(#value) => ::serde_json::from_value(value).map(Self::#variant_name),
            });
        }
        let known: Vec<&str> = tagged
            .variants
            .iter()
            .map(|(value, _)| value.as_str())
            .collect();
        let otherwise = if let Some(variant) = &tagged.fallback {
            let variant_name = Ident::new(&variant.name, Span::call_site());
            let ty = self.ty(&variant.ty);
            let doc = format!(" Any other {}.", docs::code(tag));
            variants.push(quote! { #[doc = #doc] #variant_name(#ty), });
            quote! { _ => ::serde_json::from_value(value).map(Self::#variant_name), }
        } else {
            let message = format!("{tag:?} is not one of {known:?}: ");
            quote! {
                _ => return ::core::result::Result::Err(<D::Error as ::serde::de::Error>::custom(
                    ::std::format!("{}{}", #message, value)
                )),
            }
        };
        let declaration = self.untagged_enum(name, doc, &derives, variants.into_iter());
        quote! {
            #declaration

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let tag = value.get(#tag).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                    let parsed = match tag.as_deref() {
                        #(#arms)*
                        #otherwise
                    };
                    parsed.map_err(<D::Error as ::serde::de::Error>::custom)
                }
            }
        }
    }

    /// The tokens naming a type.
    pub(crate) fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::String => quote! { ::std::string::String },
            Ty::Bool => quote! { bool },
            Ty::I64 => quote! { i64 },
            Ty::U64 => quote! { u64 },
            Ty::Number => quote! { ::serde_json::Number },
            Ty::Unit => quote! { () },
            Ty::Value => quote! { ::serde_json::Value },
            Ty::JsonMap => quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> },
            Ty::Timestamp => quote! { Timestamp },
            Ty::Spelled { path } => {
                let inner = syn::parse_str::<syn::Type>(path).map_or_else(
                    |_| quote! { ::std::string::String },
                    ToTokens::into_token_stream,
                );
                quote! { Spelled<#inner> }
            }
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
                quote! { ::std::vec::Vec<#item> }
            }
            Ty::Map(value) => {
                let value = self.ty(value);
                quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
            }
            Ty::Option(inner) => {
                let inner = self.ty(inner);
                quote! { ::core::option::Option<#inner> }
            }
            Ty::Boxed(inner) => {
                let inner = self.ty(inner);
                quote! { ::std::boxed::Box<#inner> }
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
                        uses.deserialize_some |= matches!(
                            field.presence,
                            Presence::OptionalNullable | Presence::Defaulted { nullable: true, .. }
                        );
                    }
                    if let Extra::Typed { ty, .. } = &body.extra {
                        uses.note(ty);
                    }
                }
                Kind::Union(variants) => variants.iter().for_each(|variant| uses.note(&variant.ty)),
                Kind::Tagged(tagged) => {
                    for (_, variant) in &tagged.variants {
                        uses.note(&variant.ty);
                    }
                    if let Some(variant) = &tagged.fallback {
                        uses.note(&variant.ty);
                    }
                }
                Kind::Alias(ty) => uses.note(ty),
                Kind::Enum(_) | Kind::Pending => {}
            }
        }
        uses
    }
}

/// A JSON number as a Rust value of the field's number type.
fn number_expr(ty: &Ty, number: &serde_json::Number) -> TokenStream {
    match ty {
        // A `Path` default is an integer that fits the type (`convert` checks): the literal
        // takes its type from where it stands, as for `i64` and `u64`.
        Ty::I64 | Ty::U64 | Ty::Path { .. } => int_literal(number),
        _ => {
            if let Some(value) = number.as_u64() {
                quote! { ::serde_json::Number::from(#value) }
            } else if let Some(value) = number.as_i64() {
                quote! { ::serde_json::Number::from(#value) }
            } else {
                let literal = float_literal(number.as_f64().unwrap_or_default());
                // Only a NaN or an infinity has no JSON number, and JSON cannot spell either.
                quote! {
                    match ::serde_json::Number::from_f64(#literal) {
                        ::core::option::Option::Some(number) => number,
                        ::core::option::Option::None => ::serde_json::Number::from(0_u8),
                    }
                }
            }
        }
    }
}

/// An integer literal without suffix; a negative one as a negation, which every parser reads.
fn int_literal(number: &serde_json::Number) -> TokenStream {
    match (number.as_u64(), number.as_i64()) {
        (Some(value), _) => Literal::u64_unsuffixed(value).into_token_stream(),
        (None, Some(value)) => {
            let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
            quote! { -#magnitude }
        }
        _ => float_literal(number.as_f64().unwrap_or_default()),
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

/// A `serde_json::Value` built as written.
fn json_expr(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote! { ::serde_json::Value::Null },
        Value::Bool(flag) => quote! { ::serde_json::Value::Bool(#flag) },
        Value::Number(number) => {
            let number = number_expr(&Ty::Number, number);
            quote! { ::serde_json::Value::Number(#number) }
        }
        Value::String(text) => {
            quote! { ::serde_json::Value::String(::std::string::String::from(#text)) }
        }
        Value::Array(items) => {
            let items = items.iter().map(json_expr);
            quote! { ::serde_json::Value::Array(::std::vec![#(#items),*]) }
        }
        Value::Object(entries) => {
            let map = json_map_expr(entries);
            quote! { ::serde_json::Value::Object(#map) }
        }
    }
}

fn json_map_expr(entries: &serde_json::Map<String, Value>) -> TokenStream {
    let entries = entries.iter().map(|(key, value)| {
        let value = json_expr(value);
        quote! { (::std::string::String::from(#key), #value) }
    });
    quote! { ::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter([#(#entries),*])) }
}

/// Which support items the emitted types need: one flag per item.
#[derive(Default)]
#[allow(clippy::struct_excessive_bools)]
struct Uses {
    timestamp: bool,
    spelled: bool,
    deserialize_some: bool,
    deserialize_nullable: bool,
}

impl Uses {
    fn note(&mut self, ty: &Ty) {
        match ty {
            Ty::Timestamp => self.timestamp = true,
            Ty::Spelled { .. } => self.spelled = true,
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
            text: ::std::string::String,
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

        impl ::core::convert::From<::chrono::DateTime<::chrono::FixedOffset>> for Timestamp {
            fn from(instant: ::chrono::DateTime<::chrono::FixedOffset>) -> Self {
                Timestamp { text: instant.to_rfc3339(), instant }
            }
        }

        impl ::core::str::FromStr for Timestamp {
            type Err = ::chrono::ParseError;

            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                let instant = ::chrono::DateTime::parse_from_rfc3339(text)?;
                ::core::result::Result::Ok(Timestamp { instant, text: ::std::borrow::ToOwned::to_owned(text) })
            }
        }

        impl ::core::fmt::Display for Timestamp {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl ::serde::Serialize for Timestamp {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Timestamp {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let text = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::core::str::FromStr::from_str(&text).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }

        impl ::schemars::JsonSchema for Timestamp {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed("Timestamp")
            }

            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                let mut schema = <::std::string::String as ::schemars::JsonSchema>::json_schema(generator);
                schema.insert(::std::string::String::from("format"), ::serde_json::Value::from("date-time"));
                schema
            }
        }
    }
}

/// A string parsed as `T` (a `uuid`, an IP address), keeping the text as written.
fn spelled(vis: &syn::Visibility) -> TokenStream {
    quote! {
        /// A string value parsed as `T` (a `uuid`, an IP address), and the text exactly as the
        /// data wrote it.
        ///
        /// Keeping the text makes a record serialise back unchanged: `T`'s own formatting would
        /// re-spell an upper-case or braced UUID, or an IPv6 address written in full.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #vis struct Spelled<T> {
            value: T,
            text: ::std::string::String,
        }

        impl<T> Spelled<T> {
            /// The parsed value.
            #vis fn value(&self) -> &T {
                &self.value
            }

            /// The text as the data wrote it.
            #vis fn as_str(&self) -> &str {
                &self.text
            }
        }

        impl<T: ::core::fmt::Display> ::core::convert::From<T> for Spelled<T> {
            fn from(value: T) -> Self {
                Spelled { text: ::std::string::ToString::to_string(&value), value }
            }
        }

        impl<T: ::core::str::FromStr> ::core::str::FromStr for Spelled<T> {
            type Err = T::Err;

            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                let value = T::from_str(text)?;
                ::core::result::Result::Ok(Spelled { value, text: ::std::borrow::ToOwned::to_owned(text) })
            }
        }

        impl<T> ::core::fmt::Display for Spelled<T> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl<T> ::serde::Serialize for Spelled<T> {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de, T> ::serde::Deserialize<'de> for Spelled<T>
        where
            T: ::core::str::FromStr,
            T::Err: ::core::fmt::Display,
        {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let text = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::core::str::FromStr::from_str(&text).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }

        impl<T: ::schemars::JsonSchema> ::schemars::JsonSchema for Spelled<T> {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                T::schema_name()
            }

            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                T::json_schema(generator)
            }
        }
    }
}

/// Keeps an absent field (`None`) apart from an explicit `null` (`Some(None)`).
fn deserialize_some() -> TokenStream {
    quote! {
        /// Deserialises a field that is present, `null` included, as `Some`; with
        /// `#[serde(default)]` an absent field stays `None`, so absent and `null` stay apart.
        fn deserialize_some<'de, T, D>(deserializer: D) -> ::core::result::Result<::core::option::Option<T>, D::Error>
        where
            T: ::serde::Deserialize<'de>,
            D: ::serde::Deserializer<'de>,
        {
            T::deserialize(deserializer).map(::core::option::Option::Some)
        }
    }
}

/// Makes a required nullable field required: `null` is `None`, absence is an error.
fn deserialize_nullable() -> TokenStream {
    quote! {
        /// Deserialises a required field that may be `null`. Named in `deserialize_with`, it makes
        /// serde report the field when it is missing, instead of reading it as `None`.
        fn deserialize_nullable<'de, T, D>(deserializer: D) -> ::core::result::Result<::core::option::Option<T>, D::Error>
        where
            T: ::serde::Deserialize<'de>,
            D: ::serde::Deserializer<'de>,
        {
            <::core::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)
        }
    }
}
