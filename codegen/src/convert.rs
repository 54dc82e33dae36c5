//! From JSON Schema to the type model: decides, for every schema, which Rust type represents it.
//!
//! The rules, in the order they apply to one schema:
//! - **`$ref`** names the target's type. Keywords beside it that only annotate (`description`,
//!   `title`, `x-*`, ...) or only validate (`maxLength`, `minimum`, ...) keep that type; keywords
//!   that change the shape (`enum`, `const`, `type`, `properties`, ...) are merged into the
//!   target, and the result is a new type named after where it is used.
//! - **`allOf`** merges its members into one schema.
//! - **`oneOf` / `anyOf`** become a `#[serde(untagged)]` enum, except that a `null` member makes
//!   the type optional, and members that are all strings (however they differ in `format`,
//!   `maxLength` or `pattern`) collapse to `String` — so "ipv4, ipv6 or empty" is a `String`.
//! - **`enum`** of strings becomes an enum with a catch-all variant; of integers, numbers or
//!   booleans, the primitive type. **`const`** becomes its primitive type, and an object
//!   property with a `const` also gets an associated constant.
//! - **`type`** decides the rest: `object` with properties → struct, without → map; `array` →
//!   `Vec`; `string` → by `format`; `integer` → `u64` when `minimum >= 0`, else `i64`;
//!   `number` → `f64`; `null` → `()`; a list with `null` → `Option`; a list of several → union.
//! - Anything else that leaves the shape unknown is `serde_json::Value`, with a warning.

use crate::error::{Error, Warning};
use crate::names::{Namespace, pascal, screaming};
use crate::resolve::{DocId, Loc, SchemaGraph};
use crate::settings::{MissingRequired, Settings, UnknownFields};
use crate::types::{
    Constant, DefaultValue, Extra, Field, Kind, Presence, StringEnum, Struct, Ty, TypeDef, TypeId,
    Variant,
};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Names generated code relies on, so no schema type may take them.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Err",
    "None",
    "Ok",
    "Option",
    "Result",
    "Self",
    "Some",
    "String",
    "Timestamp",
    "Vec",
];

/// Keywords that change which Rust type represents a schema. Beside a `$ref`, any of these
/// makes a new, merged type; other keywords there keep the target's type.
const SHAPE_KEYWORDS: &[&str] = &[
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "items",
    "prefixItems",
    "additionalProperties",
    "anyOf",
    "oneOf",
    "allOf",
    "format",
];

/// How deep schemas may nest (through references and merges) before the generator gives up on
/// a branch; protects against reference cycles that never reach a named type.
const MAX_DEPTH: usize = 64;

/// Converts the documents of a graph into type definitions.
pub(crate) struct Converter<'a> {
    graph: &'a mut SchemaGraph,
    settings: &'a Settings,
    pub(crate) types: Vec<TypeDef>,
    type_names: Namespace,
    /// The type of every `$ref` target converted so far.
    by_target: HashMap<Loc, Ty>,
    /// Targets being converted, to stop a cycle that never reaches a named type.
    resolving: HashSet<Loc>,
    /// Structs whose fields are being converted: a field naming one of them needs a `Box`.
    open_structs: Vec<TypeId>,
    depth: usize,
    pub(crate) warnings: Vec<Warning>,
    /// (document, root type) for every document whose root became a type.
    pub(crate) roots: Vec<(DocId, TypeId)>,
}

impl<'a> Converter<'a> {
    pub(crate) fn new(graph: &'a mut SchemaGraph, settings: &'a Settings) -> Self {
        Converter {
            graph,
            settings,
            types: Vec::new(),
            type_names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
            by_target: HashMap::new(),
            resolving: HashSet::new(),
            open_structs: Vec::new(),
            depth: 0,
            warnings: Vec::new(),
            roots: Vec::new(),
        }
    }

    /// Converts a document given as input: its root (when it is a schema of something) and
    /// every entry of its `$defs` / `definitions`.
    pub(crate) fn convert_document(&mut self, doc: DocId) -> Result<(), Error> {
        let root = self.graph.doc(doc).root.clone();
        let loc = Loc {
            doc,
            pointer: String::new(),
        };
        if has_shape(&root) {
            let name = document_stem(self.graph, doc);
            let ty = self.target_type(&loc, &name)?;
            let id = match ty {
                Ty::Named(id) if self.types[id].origin == self.origin(&loc) => id,
                other => self.add_type(&name, &loc, description(&root), Kind::Alias(other)),
            };
            self.roots.push((doc, id));
        }
        for defs in ["$defs", "definitions"] {
            let Some(Value::Object(entries)) = root.get(defs) else {
                continue;
            };
            for key in entries.keys() {
                self.target_type(&loc.join_all(&[defs, key]), key)?;
            }
        }
        Ok(())
    }

    fn origin(&self, at: &Loc) -> String {
        format!(
            "{}#{}",
            self.graph.doc(at.doc).display.display(),
            at.pointer
        )
    }

    fn warn(&mut self, at: &Loc, message: impl Into<String>) {
        self.warnings.push(Warning {
            file: self.graph.doc(at.doc).display.clone(),
            pointer: at.pointer.clone(),
            message: message.into(),
        });
    }

    fn add_type(&mut self, hint: &str, at: &Loc, doc: Option<String>, kind: Kind) -> TypeId {
        let name = self.type_names.claim_pascal(hint);
        let origin = self.origin(at);
        self.types.push(TypeDef {
            name,
            origin,
            doc,
            kind,
        });
        self.types.len() - 1
    }

    /// Reserves a named type for the schema `map` at `at`, before its contents are worked
    /// out, and registers it as the type of `register` so references back to it resolve.
    fn open_type(
        &mut self,
        hint: &str,
        at: &Loc,
        map: &Map<String, Value>,
        register: Option<&Loc>,
    ) -> TypeId {
        let id = self.add_type(
            hint,
            at,
            description(&Value::Object(map.clone())),
            Kind::Pending,
        );
        if let Some(target) = register {
            self.by_target.insert(target.clone(), Ty::Named(id));
        }
        id
    }

    /// The type of a `$ref` target (or a definition), converted once and shared.
    fn target_type(&mut self, target: &Loc, hint: &str) -> Result<Ty, Error> {
        if let Some(ty) = self.by_target.get(target) {
            return Ok(ty.clone());
        }
        if !self.resolving.insert(target.clone()) {
            self.warn(
                target,
                "this schema refers to itself without passing through an object, enum or union; \
                 represented as serde_json::Value",
            );
            return Ok(Ty::Value);
        }
        let schema = self.graph.get(target).cloned().unwrap_or(Value::Bool(true));
        let ty = self.ty_of(target, &schema, hint, Some(target));
        self.resolving.remove(target);
        let ty = ty?;
        self.by_target.insert(target.clone(), ty.clone());
        Ok(ty)
    }

    /// The type of one schema found at `at`. `hint` names any type this creates; `register`
    /// is the `$ref` target this schema is, so a recursive reference finds the type early.
    fn ty_of(
        &mut self,
        at: &Loc,
        schema: &Value,
        hint: &str,
        register: Option<&Loc>,
    ) -> Result<Ty, Error> {
        if self.depth >= MAX_DEPTH {
            self.warn(at, "schemas nest too deeply here (a reference cycle?); represented as serde_json::Value");
            return Ok(Ty::Value);
        }
        self.depth += 1;
        let ty = self.ty_of_inner(at, schema, hint, register);
        self.depth -= 1;
        ty
    }

    fn ty_of_inner(
        &mut self,
        at: &Loc,
        schema: &Value,
        hint: &str,
        register: Option<&Loc>,
    ) -> Result<Ty, Error> {
        let map = match schema {
            Value::Object(map) => map,
            Value::Bool(true) => return Ok(Ty::Value),
            Value::Bool(false) => {
                self.warn(
                    at,
                    "the schema `false` matches nothing; represented as serde_json::Value",
                );
                return Ok(Ty::Value);
            }
            _ => {
                self.warn(
                    at,
                    "a schema must be an object or a boolean; represented as serde_json::Value",
                );
                return Ok(Ty::Value);
            }
        };
        if let Some(reference) = map.get("$ref") {
            return self.ref_ty(at, map, reference, hint, register);
        }
        if let Some(members) = map.get("allOf") {
            let merged = self.merge_all_of(at, map, members)?;
            return self.ty_of(at, &Value::Object(merged), hint, register);
        }
        let union_key = ["oneOf", "anyOf"]
            .into_iter()
            .find(|key| map.contains_key(*key));
        if let Some(key) = union_key {
            let has_own_shape = ["type", "properties", "enum", "const", "items"]
                .iter()
                .any(|keyword| map.contains_key(*keyword));
            if !has_own_shape {
                return self.union_ty(at, map, key, hint, register);
            }
            let branches_shape = map
                .get(key)
                .and_then(Value::as_array)
                .is_some_and(|branches| branches.iter().any(has_shape));
            if branches_shape {
                self.warn(
                    &at.join(key),
                    format!(
                        "{key} beside `type` is not represented; the type follows `type` alone"
                    ),
                );
            }
        }
        if let Some(values) = map.get("enum") {
            return Ok(self.enum_ty(at, map, values, hint, register));
        }
        if let Some(value) = map.get("const") {
            return Ok(const_ty(value));
        }
        match map.get("type") {
            Some(Value::String(name)) => self.typed(at, map, name, hint, register),
            Some(Value::Array(names)) => self.type_list(at, map, names, hint, register),
            Some(_) => {
                self.warn(&at.join("type"), "`type` must be a string or an array of strings; represented as serde_json::Value");
                Ok(Ty::Value)
            }
            None => {
                let inferred = if [
                    "properties",
                    "additionalProperties",
                    "patternProperties",
                    "required",
                ]
                .iter()
                .any(|keyword| map.contains_key(*keyword))
                {
                    Some("object")
                } else if map.contains_key("items") || map.contains_key("prefixItems") {
                    Some("array")
                } else {
                    None
                };
                if let Some(name) = inferred {
                    return self.typed(at, map, name, hint, register);
                }
                for keyword in ["not", "if"] {
                    if map.contains_key(keyword) {
                        self.warn(
                            &at.join(keyword),
                            format!(
                                "`{keyword}` is not represented; the value is serde_json::Value"
                            ),
                        );
                    }
                }
                Ok(Ty::Value)
            }
        }
    }

    fn ref_ty(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        reference: &Value,
        hint: &str,
        register: Option<&Loc>,
    ) -> Result<Ty, Error> {
        let Some(reference) = reference.as_str() else {
            return Err(Error::Schema {
                file: self.graph.doc(at.doc).display.clone(),
                pointer: format!("{}/$ref", at.pointer),
                message: "$ref must be a string".to_owned(),
            });
        };
        let target = self.graph.resolve(at, reference)?;
        let reshapes = map
            .keys()
            .any(|key| key != "$ref" && SHAPE_KEYWORDS.contains(&key.as_str()));
        if !reshapes {
            let target_hint = target_name(self.graph, &target);
            return self.target_type(&target, &target_hint);
        }
        let mut merged = self.absolute_copy(&target, at.doc);
        let siblings: Map<String, Value> = map
            .iter()
            .filter(|(key, _)| key.as_str() != "$ref")
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        merge_into(&mut merged, &siblings);
        // A target merged into itself (through its own `$ref` with siblings) would be copied
        // without end: found by fuzzing, where it grew past 2 GB.
        if !self.resolving.insert(target.clone()) {
            return Err(Error::Schema {
                file: self.graph.doc(at.doc).display.clone(),
                pointer: format!("{}/$ref", at.pointer),
                message: format!(
                    "$ref {reference:?} with sibling keywords leads back to itself: a cycle that never reaches a named type"
                ),
            });
        }
        let ty = self.ty_of(at, &Value::Object(merged), hint, register);
        self.resolving.remove(&target);
        ty
    }

    /// A copy of the object schema at `target`, with its relative `$ref`s made absolute so the
    /// copy still resolves when merged into a schema of document `into`.
    fn absolute_copy(&self, target: &Loc, into: DocId) -> Map<String, Value> {
        let mut value = self.graph.get(target).cloned().unwrap_or(Value::Bool(true));
        if target.doc != into {
            absolutise_refs(&mut value, &self.graph.base_uri(target.doc));
        }
        match value {
            Value::Object(map) => map,
            Value::Bool(false) => Map::from_iter([("not".to_owned(), Value::Bool(true))]),
            _ => Map::new(),
        }
    }

    fn merge_all_of(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        members: &Value,
    ) -> Result<Map<String, Value>, Error> {
        let mut merged: Map<String, Value> = map
            .iter()
            .filter(|(key, _)| key.as_str() != "allOf")
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let Some(members) = members.as_array() else {
            self.warn(&at.join("allOf"), "allOf must be an array; ignored");
            return Ok(merged);
        };
        for (index, member) in members.iter().enumerate() {
            let member_at = at.join_all(&["allOf", &index.to_string()]);
            let resolved = match member {
                Value::Object(member_map) => match member_map.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        let target = self.graph.resolve(&member_at, reference)?;
                        let mut copy = self.absolute_copy(&target, at.doc);
                        let siblings: Map<String, Value> = member_map
                            .iter()
                            .filter(|(key, _)| key.as_str() != "$ref")
                            .map(|(key, value)| (key.clone(), value.clone()))
                            .collect();
                        merge_into(&mut copy, &siblings);
                        copy
                    }
                    None => member_map.clone(),
                },
                Value::Bool(true) => Map::new(),
                _ => {
                    self.warn(
                        &member_at,
                        "only object members of allOf are merged; this one is ignored",
                    );
                    Map::new()
                }
            };
            merge_into(&mut merged, &resolved);
        }
        Ok(merged)
    }

    fn union_ty(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        key: &str,
        hint: &str,
        register: Option<&Loc>,
    ) -> Result<Ty, Error> {
        let Some(branches) = map.get(key).and_then(Value::as_array) else {
            self.warn(
                &at.join(key),
                format!("{key} must be an array; represented as serde_json::Value"),
            );
            return Ok(Ty::Value);
        };
        let mut nullable = false;
        let mut tys: Vec<Ty> = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            if is_null_schema(branch) {
                nullable = true;
                continue;
            }
            let branch_at = at.join_all(&[key, &index.to_string()]);
            let branch_hint = branch.get("title").and_then(Value::as_str).map_or_else(
                || format!("{hint}Variant{}", index + 1),
                |title| format!("{hint}{}", pascal(title)),
            );
            let ty = self.ty_of(&branch_at, branch, &branch_hint, None)?;
            let ty = match ty {
                Ty::Option(inner) => {
                    nullable = true;
                    *inner
                }
                other => other,
            };
            if !tys.contains(&ty) {
                tys.push(ty);
            }
        }
        let ty = self.union_of(at, map, tys, hint, register);
        Ok(if nullable { option(ty) } else { ty })
    }

    /// One type for several alternatives: the single one, a collapsed primitive, or a union.
    fn union_of(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        mut tys: Vec<Ty>,
        hint: &str,
        register: Option<&Loc>,
    ) -> Ty {
        if tys.is_empty() {
            return Ty::Unit;
        }
        if tys.len() == 1 {
            return tys.remove(0);
        }
        if tys.iter().all(Ty::is_string_like) {
            return Ty::String;
        }
        if tys.iter().all(|ty| matches!(ty, Ty::I64 | Ty::U64)) {
            return Ty::I64;
        }
        // Untagged enums try variants in order: specific before general, and integers before
        // numbers, so `3` stays an integer and a `date-time` string stays a Timestamp.
        tys.sort_by_key(|ty| match ty {
            Ty::F64 => 1,
            Ty::String => 2,
            Ty::Value => 3,
            _ => 0,
        });
        let id = self.open_type(hint, at, map, register);
        let mut names = Namespace::default();
        let variants = tys
            .into_iter()
            .map(|ty| {
                // A variant holding `UnionsShapeCircle` in `UnionsShape` is just `Circle`.
                let type_name = self.variant_name(&ty);
                let short = type_name
                    .strip_prefix(self.types[id].name.as_str())
                    .filter(|rest| !rest.is_empty())
                    .unwrap_or(&type_name);
                let name = names.claim_pascal(short);
                let ty = self.boxed_if_open(ty);
                Variant { name, ty }
            })
            .collect();
        self.types[id].kind = Kind::Union(variants);
        Ty::Named(id)
    }

    fn variant_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::String => "String".to_owned(),
            Ty::Bool => "Boolean".to_owned(),
            Ty::I64 | Ty::U64 => "Integer".to_owned(),
            Ty::F64 => "Number".to_owned(),
            Ty::Unit => "Null".to_owned(),
            Ty::Value => "Value".to_owned(),
            Ty::JsonMap | Ty::Map(_) => "Object".to_owned(),
            Ty::Timestamp => "Timestamp".to_owned(),
            Ty::Path { path, .. } => path.rsplit("::").next().unwrap_or(path).to_owned(),
            Ty::Named(id) => self.types[*id].name.clone(),
            Ty::Vec(_) => "Array".to_owned(),
            Ty::Option(inner) | Ty::Boxed(inner) => self.variant_name(inner),
        }
    }

    fn enum_ty(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        values: &Value,
        hint: &str,
        register: Option<&Loc>,
    ) -> Ty {
        let Some(values) = values.as_array() else {
            self.warn(
                &at.join("enum"),
                "enum must be an array; represented as serde_json::Value",
            );
            return Ty::Value;
        };
        let nullable = values.iter().any(Value::is_null);
        let values: Vec<&Value> = values.iter().filter(|value| !value.is_null()).collect();
        let ty = if values.is_empty() {
            Ty::Unit
        } else if values.iter().all(|value| value.is_string()) {
            let id = self.open_type(hint, at, map, register);
            let mut names = Namespace::default();
            let mut variants: Vec<(String, String)> = Vec::new();
            for value in values.iter().filter_map(|value| value.as_str()) {
                if variants.iter().any(|(_, existing)| existing == value) {
                    continue;
                }
                variants.push((names.claim_pascal(value), value.to_owned()));
            }
            let other = names.claim_pascal("Other");
            self.types[id].kind = Kind::Enum(StringEnum { variants, other });
            Ty::Named(id)
        } else if values.iter().all(|value| value.is_i64() || value.is_u64()) {
            if values.iter().all(|value| value.is_u64()) {
                Ty::U64
            } else {
                Ty::I64
            }
        } else if values.iter().all(|value| value.is_number()) {
            Ty::F64
        } else if values.iter().all(|value| value.is_boolean()) {
            Ty::Bool
        } else {
            self.warn(
                &at.join("enum"),
                "an enum whose values are not all strings, all numbers or all booleans is represented as serde_json::Value",
            );
            Ty::Value
        };
        if nullable { option(ty) } else { ty }
    }

    fn type_list(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        names: &[Value],
        hint: &str,
        register: Option<&Loc>,
    ) -> Result<Ty, Error> {
        let mut nullable = false;
        let mut tys = Vec::new();
        for name in names {
            match name.as_str() {
                Some("null") => nullable = true,
                Some(name) => {
                    let ty = self.typed(at, map, name, hint, None)?;
                    if !tys.contains(&ty) {
                        tys.push(ty);
                    }
                }
                None => self.warn(
                    &at.join("type"),
                    "a `type` list must hold strings; the entry is ignored",
                ),
            }
        }
        let ty = self.union_of(at, map, tys, hint, register);
        Ok(if nullable { option(ty) } else { ty })
    }

    /// The type for one `type` name.
    fn typed(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        name: &str,
        hint: &str,
        register: Option<&Loc>,
    ) -> Result<Ty, Error> {
        let format = map.get("format").and_then(Value::as_str);
        if let Some(path) = format.and_then(|format| self.settings.formats.get(format)) {
            return Ok(Ty::Path {
                path: path.clone(),
                string: name == "string",
            });
        }
        Ok(match name {
            "string" => match format {
                Some("date-time") => Ty::Timestamp,
                Some("ipv4") => path_ty("::std::net::Ipv4Addr"),
                Some("ipv6") => path_ty("::std::net::Ipv6Addr"),
                Some("uuid") => path_ty("::uuid::Uuid"),
                _ => Ty::String,
            },
            "integer" => match format {
                Some(
                    width @ ("int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32"
                    | "uint64"),
                ) => Ty::Path {
                    path: width.replace("uint", "u").replace("int", "i"),
                    string: false,
                },
                _ if is_non_negative(map) => Ty::U64,
                _ => Ty::I64,
            },
            "number" => match format {
                Some("float") => Ty::Path {
                    path: "f32".to_owned(),
                    string: false,
                },
                _ => Ty::F64,
            },
            "boolean" => Ty::Bool,
            "null" => Ty::Unit,
            "array" => self.array_ty(at, map, hint)?,
            "object" => self.object_ty(at, map, hint, register)?,
            other => {
                self.warn(
                    &at.join("type"),
                    format!("unknown type {other:?}; represented as serde_json::Value"),
                );
                Ty::Value
            }
        })
    }

    fn array_ty(&mut self, at: &Loc, map: &Map<String, Value>, hint: &str) -> Result<Ty, Error> {
        if map.contains_key("prefixItems") || map.get("items").is_some_and(Value::is_array) {
            self.warn(at, "tuple arrays (prefixItems, or items as an array) are represented as serde_json::Value");
            return Ok(Ty::Value);
        }
        match map.get("items") {
            Some(items) => {
                let item = self.ty_of(&at.join("items"), items, &format!("{hint}Item"), None)?;
                Ok(Ty::Vec(Box::new(item)))
            }
            None => Ok(Ty::Vec(Box::new(Ty::Value))),
        }
    }

    fn object_ty(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        hint: &str,
        register: Option<&Loc>,
    ) -> Result<Ty, Error> {
        let properties = match map.get("properties") {
            Some(Value::Object(properties)) if !properties.is_empty() => properties,
            _ => {
                return Ok(match map.get("additionalProperties") {
                    Some(values @ Value::Object(values_map)) if !values_map.is_empty() => {
                        let value = self.ty_of(
                            &at.join("additionalProperties"),
                            values,
                            &format!("{hint}Value"),
                            None,
                        )?;
                        Ty::Map(Box::new(value))
                    }
                    _ => Ty::JsonMap,
                });
            }
        };
        let id = self.open_type(hint, at, map, register);
        let struct_name = self.types[id].name.clone();
        let required: HashSet<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|keys| keys.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        self.open_structs.push(id);
        let mut field_names = Namespace::default();
        let mut item_names = Namespace::default();
        let mut fields = Vec::new();
        let mut constants = Vec::new();
        for (key, schema) in properties {
            let field_at = at.join_all(&["properties", key]);
            let name = field_names.claim_snake(key);
            let ty = self.ty_of(
                &field_at,
                schema,
                &format!("{struct_name}{}", pascal(key)),
                None,
            );
            let ty = match ty {
                Ok(ty) => self.boxed_if_open(ty),
                Err(error) => {
                    self.open_structs.pop();
                    return Err(error);
                }
            };
            if let Some(value) = schema.get("const").filter(|value| is_scalar(value)) {
                constants.push(Constant {
                    name: item_names.claim(&screaming(key), "_"),
                    key: key.clone(),
                    value: value.clone(),
                });
            }
            let doc = self.field_doc(&field_at, schema);
            let tolerate = self.settings.missing_required == MissingRequired::Tolerate;
            let (ty, presence) = if required.contains(key.as_str()) && tolerate {
                (option(ty), Presence::Tolerated)
            } else if required.contains(key.as_str()) {
                (ty, Presence::Required)
            } else {
                self.optional_field(&field_at, schema, ty, &name, &mut item_names)
            };
            fields.push(Field {
                name,
                key: key.clone(),
                doc,
                ty,
                presence,
            });
        }
        let extra = self.extra_fields(at, map, &mut field_names, &struct_name);
        self.open_structs.pop();
        let extra = extra?;
        self.types[id].kind = Kind::Struct(Struct {
            fields,
            extra,
            constants,
        });
        Ok(Ty::Named(id))
    }

    /// The type and presence of a field that is not required.
    fn optional_field(
        &mut self,
        at: &Loc,
        schema: &Value,
        ty: Ty,
        name: &str,
        item_names: &mut Namespace,
    ) -> (Ty, Presence) {
        // A type that can itself hold `null` keeps absent (`None`) and `null` (`Some(..)`) apart.
        if matches!(ty, Ty::Option(_) | Ty::Value | Ty::Unit) {
            return (Ty::Option(Box::new(ty)), Presence::OptionalNullable);
        }
        let Some(default) = schema.get("default") else {
            return (option(ty), Presence::Optional);
        };
        if let Some(value) = self.default_value(&ty, default) {
            let function = item_names.claim(&format!("default_{name}"), "_");
            return (ty, Presence::Defaulted { function, value });
        }
        self.warn(
            &at.join("default"),
            format!("the default {default} cannot be written as a Rust value of this field's type; the field stays optional"),
        );
        (option(ty), Presence::Optional)
    }

    fn default_value(&self, ty: &Ty, value: &Value) -> Option<DefaultValue> {
        Some(match (ty, value) {
            (Ty::String, Value::String(text)) => DefaultValue::Str(text.clone()),
            (Ty::I64, Value::Number(number)) => DefaultValue::I64(number.as_i64()?),
            (Ty::U64, Value::Number(number)) => DefaultValue::U64(number.as_u64()?),
            (Ty::F64, Value::Number(number)) => DefaultValue::F64(number.as_f64()?),
            (Ty::Bool, Value::Bool(flag)) => DefaultValue::Bool(*flag),
            (Ty::Vec(_), Value::Array(items)) if items.is_empty() => DefaultValue::EmptyVec,
            (Ty::JsonMap | Ty::Map(_), Value::Object(entries)) if entries.is_empty() => {
                DefaultValue::EmptyMap
            }
            (Ty::Named(id), Value::String(text)) => match &self.types[*id].kind {
                Kind::Enum(found) => {
                    let (variant, _) = found.variants.iter().find(|(_, known)| known == text)?;
                    DefaultValue::Variant {
                        ty: *id,
                        variant: variant.clone(),
                    }
                }
                _ => return None,
            },
            _ => return None,
        })
    }

    fn extra_fields(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        field_names: &mut Namespace,
        struct_name: &str,
    ) -> Result<Extra, Error> {
        let additional = map.get("additionalProperties");
        let denied = self.settings.unknown_fields == UnknownFields::Deny
            || additional == Some(&Value::Bool(false))
            || map.get("unevaluatedProperties") == Some(&Value::Bool(false));
        if denied {
            return Ok(Extra::Deny);
        }
        if map.contains_key("patternProperties") {
            self.warn(
                &at.join("patternProperties"),
                "patternProperties is not represented; keys it matches are kept in the extra map",
            );
        }
        match additional {
            Some(values @ Value::Object(values_map)) if !values_map.is_empty() => {
                let ty = self.ty_of(
                    &at.join("additionalProperties"),
                    values,
                    &format!("{struct_name}Value"),
                    None,
                )?;
                Ok(Extra::Typed {
                    name: field_names.claim_snake("extra"),
                    ty,
                })
            }
            _ => Ok(Extra::Capture {
                name: field_names.claim_snake("extra"),
            }),
        }
    }

    /// A property's documentation: its own description or title, else its `$ref` target's.
    fn field_doc(&mut self, at: &Loc, schema: &Value) -> Option<String> {
        if let Some(text) = description(schema) {
            return Some(text);
        }
        let reference = schema.get("$ref")?.as_str()?;
        let target = self.graph.resolve(at, reference).ok()?;
        self.graph.get(&target).and_then(description)
    }

    /// Wraps a reference to a struct still being built in a `Box`, so the type has a size.
    fn boxed_if_open(&self, ty: Ty) -> Ty {
        match ty {
            Ty::Named(id) if self.open_structs.contains(&id) => Ty::Boxed(Box::new(Ty::Named(id))),
            Ty::Option(inner) => option(self.boxed_if_open(*inner)),
            other => other,
        }
    }
}

fn option(ty: Ty) -> Ty {
    match ty {
        Ty::Option(_) | Ty::Value | Ty::Unit => ty,
        other => Ty::Option(Box::new(other)),
    }
}

fn path_ty(path: &str) -> Ty {
    Ty::Path {
        path: path.to_owned(),
        string: true,
    }
}

fn const_ty(value: &Value) -> Ty {
    match value {
        Value::String(_) => Ty::String,
        Value::Bool(_) => Ty::Bool,
        Value::Number(number) if number.is_u64() => Ty::U64,
        Value::Number(number) if number.is_i64() => Ty::I64,
        Value::Number(_) => Ty::F64,
        Value::Null => Ty::Unit,
        Value::Array(_) | Value::Object(_) => Ty::Value,
    }
}

fn is_scalar(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Bool(_) | Value::Number(_))
}

fn is_non_negative(map: &Map<String, Value>) -> bool {
    let at_least = |keyword: &str, bound: f64| {
        map.get(keyword)
            .and_then(Value::as_f64)
            .is_some_and(|value| value >= bound)
    };
    at_least("minimum", 0.0) || at_least("exclusiveMinimum", -1.0)
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        || schema.get("const").is_some_and(Value::is_null)
        || schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.len() == 1 && values[0].is_null())
}

/// Whether a schema says anything about the shape of its values (rather than only holding
/// `$defs`, or not being a schema at all, like a catalog file next to the schemas).
pub(crate) fn has_shape(schema: &Value) -> bool {
    schema.as_object().is_some_and(|map| {
        map.keys()
            .any(|key| SHAPE_KEYWORDS.contains(&key.as_str()) || key == "$ref" || key == "not")
    })
}

/// The description of a schema, or its title.
fn description(schema: &Value) -> Option<String> {
    ["description", "title"]
        .iter()
        .find_map(|key| schema.get(*key).and_then(Value::as_str))
        .map(str::to_owned)
}

/// `SMSOperational.schema.json` → `SMSOperational`.
pub(crate) fn document_stem(graph: &SchemaGraph, doc: DocId) -> String {
    let file = graph
        .doc(doc)
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file.strip_suffix(".json").unwrap_or(&file);
    stem.strip_suffix(".schema").unwrap_or(stem).to_owned()
}

/// The name a `$ref` target suggests: its last pointer segment, or its file's stem.
fn target_name(graph: &SchemaGraph, target: &Loc) -> String {
    match target.pointer.rsplit('/').next() {
        Some(segment) if !target.pointer.is_empty() => {
            segment.replace("~1", "/").replace("~0", "~")
        }
        _ => document_stem(graph, target.doc),
    }
}

/// Merges `extra` into `base`: `properties` by key, `required` as a union, `allOf` appended,
/// anything else overwritten.
fn merge_into(base: &mut Map<String, Value>, extra: &Map<String, Value>) {
    for (key, value) in extra {
        match (key.as_str(), base.get_mut(key), value) {
            ("properties", Some(Value::Object(existing)), Value::Object(more)) => {
                for (name, schema) in more {
                    existing.insert(name.clone(), schema.clone());
                }
            }
            ("required" | "allOf", Some(Value::Array(existing)), Value::Array(more)) => {
                for item in more {
                    if !existing.contains(item) {
                        existing.push(item.clone());
                    }
                }
            }
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Rewrites every relative `$ref` under `value` to an absolute one against `base`.
fn absolutise_refs(value: &mut Value, base: &str) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "$ref" {
                    if let Value::String(reference) = child {
                        *reference = crate::resolve::absolute_reference(base, reference);
                    }
                } else {
                    absolutise_refs(child, base);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                absolutise_refs(item, base);
            }
        }
        _ => {}
    }
}
