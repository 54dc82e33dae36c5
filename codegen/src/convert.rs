//! From JSON Schema to the type model: decides, for every schema, which Rust type represents it.
//!
//! The rules, in the order they apply to one schema:
//! - **`$ref`** names the target's type (so do `$dynamicRef` and `$recursiveRef`, resolved
//!   statically: see `resolve`). Keywords beside it that only annotate (`description`,
//!   `title`, `x-*`, ...) or only validate (`maxLength`, `minimum`, ...) keep that type; keywords
//!   that change the shape (`enum`, `const`, `type`, `properties`, ...) are merged into the
//!   target, and the result is a new type named after where it is used.
//! - **`allOf`** of a single `$ref`, beside annotations only (how pydantic and schemars 0.8
//!   describe a reference), *is* that reference. Any other `allOf` merges its members into one
//!   schema (its `type` the types all members allow); a merged schema met again (same shape,
//!   same base) is the same type, so the output grows with the schema, never with the number of
//!   paths through it. Members that contradict each other (no `type` in common, two `const`s,
//!   a `false`) match nothing: `serde_json::Value` with a warning, as the schema `false` is.
//! - **`oneOf` / `anyOf`** whose object members each hold a different constant in one property
//!   (a `const` or one-value `enum`: an event `type`, a `kind`) become an enum read by that
//!   property; a member without it is the catch-all. Other unions become a `#[serde(untagged)]`
//!   enum, except that a `null` member makes the type optional, and members that are all
//!   strings (however they differ in `format`, `maxLength` or `pattern`) collapse to `String` —
//!   so "ipv4, ipv6 or empty" is a `String`. serde tries an untagged enum's members in order: an
//!   object member that would also take a later member's objects (it requires nothing they
//!   lack and keeps unknown keys) gets a warning.
//! - **Recursion** through a union or a chain of references: a reference back into a schema
//!   whose type is not made yet reserves that type's name, so the union is typed
//!   (`Vec<Expr>`), boxed where a value would otherwise contain itself.
//! - **`enum`** of strings becomes an enum with a catch-all variant; of integers, numbers or
//!   booleans, the primitive type. **`const`** becomes its primitive type, and an object
//!   property with a `const` also gets an associated constant.
//! - **`type`** decides the rest: `object` with properties → struct, without → map; `array` →
//!   `Vec`; `string` → by `format`; `integer` → the type its `format` names (`int32` → `i32`,
//!   `uint8` → `u8`, `uint` → `u64`), else `u64` when `minimum >= 0`, else `i64`; `number` →
//!   `serde_json::Number` whatever its `format` (an integer stays an integer, `0.1` stays `0.1`:
//!   `float` as `f32` would change values); `null` → `()`; a list with `null` → `Option`; a
//!   list of several → union.
//! - **`required`** makes a declared property a plain field; a key `properties` does not
//!   declare has no field to require it by, and gets a warning (unless `patternProperties` may
//!   allow it: patterns are not tested).
//! - **`patternProperties`** keep the keys they match, in the extra map typed by the patterns'
//!   schema when they share one, also beside `additionalProperties: false` (with a warning:
//!   the generated type cannot test a pattern, so other keys are no longer refused).
//! - **`default`** on an optional property is checked against the property's type; the field
//!   stays an `Option` (absent stays absent on the way back out) and gains an accessor that
//!   returns the value or the default.
//! - **`nullable: true`** (an `OpenAPI` 3.0 keyword, not JSON Schema) is ignored, with a
//!   warning, as JSON Schema validators ignore it: the type accepts `null` only where the
//!   schema does.
//! - Anything else that leaves the shape unknown is `serde_json::Value`, with a warning.

use crate::error::{Error, Warning};
use crate::names::{Namespace, pascal, screaming};
use crate::resolve::{DocId, Loc, SchemaGraph};
use crate::settings::{MissingRequired, Settings, UnknownFields};
use crate::types::{
    Constant, DefaultValue, Extra, Field, Kind, Presence, StringEnum, Struct, Tagged, Ty, TypeDef,
    TypeId, Variant,
};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Names of the support items the generated code defines beside the types. Every other path it
/// writes is fully qualified, so a schema type may be called `From`, `Option` or `String`.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &["Self", "Spelled", "Timestamp"];

/// Keywords that refer to another schema, resolved alike (`$dynamicRef` and `$recursiveRef`
/// statically: see `resolve`).
const REF_KEYWORDS: &[&str] = &["$ref", "$dynamicRef", "$recursiveRef"];

/// The JSON Schema annotation keywords (2020-12 core and meta-data vocabularies): they say
/// something about a schema, never about which instances it accepts. A merged schema that
/// differs from another only in these is the same type.
pub const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "$comment",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
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
    /// Types whose contents are being converted: a field naming one of them needs a `Box`.
    open_structs: Vec<TypeId>,
    /// Types reserved for a `$ref` target met again while it was being converted (recursion
    /// through a union or a chain of references), and whether the target's own type took the
    /// reservation over.
    reserved: HashMap<Loc, (TypeId, bool)>,
    /// The type of every merged schema (`allOf`, `$ref` with shape keywords), by base URI and
    /// shape, so the same merge is one type wherever it occurs.
    merged: HashMap<(String, String), Ty>,
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
            reserved: HashMap::new(),
            merged: HashMap::new(),
            depth: 0,
            warnings: Vec::new(),
            roots: Vec::new(),
        }
    }

    /// Keeps the names the inputs' own file names give their root types for them, so that a
    /// type met earlier that needs a collision suffix does not take one (names rule 6).
    pub(crate) fn expect_root_names(&mut self, docs: &[DocId]) {
        for &doc in docs {
            if has_shape(&self.graph.doc(doc).root) {
                let name = pascal(&document_stem(self.graph, doc));
                self.type_names.expect(name);
            }
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
        let doc = description(&Value::Object(map.clone()));
        if let Some((id, claimed)) = register.and_then(|target| self.reserved.get_mut(target)) {
            // The name was reserved when a reference came back here; this type is the one.
            *claimed = true;
            let id = *id;
            self.types[id].doc = doc;
            return id;
        }
        let id = self.add_type(hint, at, doc, Kind::Pending);
        if let Some(target) = register {
            self.by_target.insert(target.clone(), Ty::Named(id));
        }
        id
    }

    /// Ends the conversion of a type's contents (see `open_structs`).
    fn close(&mut self, id: TypeId) {
        if let Some(index) = self.open_structs.iter().rposition(|&open| open == id) {
            self.open_structs.remove(index);
        }
    }

    /// The type of a `$ref` target (or a definition), converted once and shared.
    fn target_type(&mut self, target: &Loc, hint: &str) -> Result<Ty, Error> {
        if let Some(ty) = self.by_target.get(target) {
            return Ok(ty.clone());
        }
        let schema = self.graph.get(target).cloned().unwrap_or(Value::Bool(true));
        if !self.resolving.insert(target.clone()) {
            // Back at a target whose type is not made yet (a union's members come first):
            // reserve its name now, so the recursion is typed.
            let id = self.add_type(hint, target, description(&schema), Kind::Pending);
            self.reserved.insert(target.clone(), (id, false));
            self.by_target.insert(target.clone(), Ty::Named(id));
            self.open_structs.push(id);
            return Ok(Ty::Named(id));
        }
        let ty = self.ty_of(target, &schema, hint, Some(target));
        self.resolving.remove(target);
        let mut ty = ty?;
        if let Some((id, claimed)) = self.reserved.remove(target) {
            self.close(id);
            if !claimed {
                // The target became another type (a reference, a collapsed union): the reserved
                // name is an alias of it, unless it only contains itself.
                let alias = if mentions(&ty, id) {
                    self.warn(
                        target,
                        "this schema contains itself only through arrays, maps or references, \
                         with no object or union to name; represented as serde_json::Value",
                    );
                    Ty::Value
                } else {
                    ty
                };
                self.types[id].kind = Kind::Alias(alias);
                ty = Ty::Named(id);
            }
        }
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
        if map.get("nullable") == Some(&Value::Bool(true)) {
            // OpenAPI 3.0's keyword, which JSON Schema (and the validator) ignores: honouring it
            // would make the types accept a `null` that validating the same schema refuses.
            let written = self.graph.get(&at.join("nullable")).is_some();
            self.warn(
                &if written { at.join("nullable") } else { at.clone() },
                "`nullable` is OpenAPI 3.0, not JSON Schema, and is ignored: null is not a value \
                 of this type (`\"type\": [..., \"null\"]` or an `anyOf` with `{\"type\": \"null\"}` \
                 allows it)",
            );
        }
        if let Some((keyword, reference)) = REF_KEYWORDS
            .iter()
            .find_map(|keyword| map.get(*keyword).map(|reference| (*keyword, reference)))
        {
            return self.ref_ty(at, map, keyword, reference, hint, register);
        }
        if let Some(members) = map.get("allOf") {
            if let Some(member) = single_reference(map, members) {
                return self.ty_of(&at.join_all(&["allOf", "0"]), member, hint, register);
            }
            return match self.merge_all_of(at, map, members)? {
                Some(merged) => self.shared_ty(at, merged, hint, register),
                // The schema `false`, in effect: said where the members contradict.
                None => Ok(Ty::Value),
            };
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
        keyword: &str,
        reference: &Value,
        hint: &str,
        register: Option<&Loc>,
    ) -> Result<Ty, Error> {
        let Some(reference) = reference.as_str() else {
            return Err(Error::Schema {
                file: self.graph.doc(at.doc).display.clone(),
                pointer: format!("{}/{keyword}", at.pointer),
                message: format!("{keyword} must be a string"),
            });
        };
        if keyword == "$dynamicRef" {
            let name = reference.rsplit_once('#').map_or("", |(_, name)| name);
            if !name.starts_with('/') && self.graph.dynamic_anchor_count(at.doc, name) > 1 {
                self.warn(
                    &at.join(keyword),
                    format!(
                        "$dynamicAnchor {name:?} is declared more than once in this document; \
                         resolved statically to the one in this resource (an extension through \
                         the dynamic scope is not followed)"
                    ),
                );
            }
        }
        let target = self.graph.resolve(at, reference)?;
        // `{"type": "object", "$ref": ...}` to an object says nothing new: only a keyword the
        // target does not already hold with that value changes the shape.
        let target_schema = self.graph.get(&target);
        let reshapes = map.iter().any(|(key, value)| {
            key != keyword
                && SHAPE_KEYWORDS.contains(&key.as_str())
                && target_schema.and_then(|schema| schema.get(key)) != Some(value)
        });
        if !reshapes {
            let target_hint = target_name(self.graph, &target);
            return self.target_type(&target, &target_hint);
        }
        let mut merged = self.absolute_copy(&target, at);
        let siblings: Map<String, Value> = map
            .iter()
            .filter(|(key, _)| key.as_str() != keyword)
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        if let Err(contradiction) = merge_into(&mut merged, &siblings) {
            self.warn(
                at,
                format!(
                    "{contradiction}, so nothing satisfies this {keyword} and the keywords beside \
                     it; represented as serde_json::Value"
                ),
            );
            return Ok(Ty::Value);
        }
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
        let ty = self.shared_ty(at, merged, hint, register);
        self.resolving.remove(&target);
        ty
    }

    /// The type of a merged schema: the one already made for the same shape under the same
    /// base, or a new one.
    fn shared_ty(
        &mut self,
        at: &Loc,
        merged: Map<String, Value>,
        hint: &str,
        register: Option<&Loc>,
    ) -> Result<Ty, Error> {
        let shape: Map<String, Value> = merged
            .iter()
            .filter(|(key, _)| !ANNOTATIONS.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let key = (self.graph.base_uri(at), Value::Object(shape).to_string());
        if let Some(ty) = self.merged.get(&key) {
            return Ok(ty.clone());
        }
        let ty = self.ty_of(at, &Value::Object(merged), hint, register)?;
        self.merged.insert(key, ty.clone());
        Ok(ty)
    }

    /// A copy of the object schema at `target`, with its relative `$ref`s made absolute so the
    /// copy still resolves when merged into the schema at `into`.
    fn absolute_copy(&self, target: &Loc, into: &Loc) -> Map<String, Value> {
        let mut value = self.graph.get(target).cloned().unwrap_or(Value::Bool(true));
        let base = self.graph.base_uri(target);
        if base != self.graph.base_uri(into) {
            absolutise_refs(&mut value, &base);
        }
        match value {
            Value::Object(map) => map,
            Value::Bool(false) => Map::from_iter([("not".to_owned(), Value::Bool(true))]),
            _ => Map::new(),
        }
    }

    /// The members of an `allOf` merged with the schema around them; `None`, with a warning
    /// naming the member, when they contradict each other, so nothing satisfies them.
    fn merge_all_of(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        members: &Value,
    ) -> Result<Option<Map<String, Value>>, Error> {
        let mut merged: Map<String, Value> = map
            .iter()
            .filter(|(key, _)| key.as_str() != "allOf")
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let Some(members) = members.as_array() else {
            self.warn(&at.join("allOf"), "allOf must be an array; ignored");
            return Ok(Some(merged));
        };
        for (index, member) in members.iter().enumerate() {
            let member_at = at.join_all(&["allOf", &index.to_string()]);
            let resolved = match member {
                Value::Object(member_map) => match member_map.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        let target = self.graph.resolve(&member_at, reference)?;
                        let mut copy = self.absolute_copy(&target, at);
                        let siblings: Map<String, Value> = member_map
                            .iter()
                            .filter(|(key, _)| key.as_str() != "$ref")
                            .map(|(key, value)| (key.clone(), value.clone()))
                            .collect();
                        merge_into(&mut copy, &siblings).map(|()| copy)
                    }
                    None => Ok(member_map.clone()),
                },
                Value::Bool(true) => Ok(Map::new()),
                Value::Bool(false) => Err(Contradiction::False),
                _ => {
                    self.warn(
                        &member_at,
                        "only object members of allOf are merged; this one is ignored",
                    );
                    Ok(Map::new())
                }
            };
            if let Err(contradiction) =
                resolved.and_then(|resolved| merge_into(&mut merged, &resolved))
            {
                self.warn(
                    &member_at,
                    format!(
                        "{contradiction}, so nothing satisfies the allOf; represented as \
                         serde_json::Value"
                    ),
                );
                return Ok(None);
            }
        }
        Ok(Some(merged))
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
        let tags = self.discriminator(at, key, branches);
        let mut nullable = false;
        let mut tys: Vec<Ty> = Vec::new();
        // The member each of `tys` comes from first.
        let mut origins: Vec<usize> = Vec::new();
        let mut tagged: Vec<(Option<String>, Ty)> = Vec::new();
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
            if let Some((_, values)) = &tags {
                tagged.push((values.get(&index).cloned(), ty.clone()));
            }
            if !tys.contains(&ty) {
                tys.push(ty);
                origins.push(index);
            }
        }
        let ty = match tags {
            Some((tag, _)) if self.all_tagged_structs(&tagged) => {
                self.tagged_of(at, map, tag, tagged, hint, register)
            }
            _ => {
                self.warn_swallowed(at, key, &tys, &origins);
                self.union_of(at, map, tys, hint, register)
            }
        };
        Ok(if nullable { option(ty) } else { ty })
    }

    /// Warns at each object member of an untagged union that also accepts the objects a later
    /// member describes: serde tries the members in order, so the later one never gets them
    /// (`{a} | {b}`, nothing required, other keys kept: `{"b": 1}` is read as the first, `b`
    /// in its extra map).
    fn warn_swallowed(&mut self, at: &Loc, key: &str, tys: &[Ty], origins: &[usize]) {
        let shapes: Vec<Option<ObjectShape>> = tys.iter().map(|ty| self.object_shape(ty)).collect();
        let mut taken = vec![false; tys.len()];
        for (earlier, shape) in shapes.iter().enumerate() {
            let Some(shape) = shape else {
                continue;
            };
            let mut swallowed = Vec::new();
            for later in earlier + 1..tys.len() {
                if let Some(later_shape) = &shapes[later]
                    && !taken[later]
                    && shape.accepts_objects_of(later_shape)
                {
                    taken[later] = true;
                    swallowed.push(format!("{key}/{}", origins[later]));
                }
            }
            if swallowed.is_empty() {
                continue;
            }
            let (those, describe) = match swallowed.as_slice() {
                [one] => (one.clone(), "describes"),
                _ => (swallowed.join(", "), "describe"),
            };
            self.warn(
                &at.join_all(&[key, &origins[earlier].to_string()]),
                format!(
                    "this member also accepts the objects {those} {describe} (it requires no \
                     key they lack, and keeps keys it does not declare); the generated \
                     untagged enum tries its members in order, so such an object is read as \
                     this one. A `required` key or `additionalProperties: false` would tell \
                     them apart"
                ),
            );
        }
    }

    /// What deserialising an object as `ty` asks of it, when `ty` is an object type.
    fn object_shape(&self, ty: &Ty) -> Option<ObjectShape> {
        let open_map = |open| ObjectShape {
            demands: Vec::new(),
            described: Vec::new(),
            fields: Vec::new(),
            open,
        };
        match ty {
            Ty::JsonMap => Some(open_map(true)),
            // Its values must all have one type: it refuses most objects of other members.
            Ty::Map(_) => Some(open_map(false)),
            Ty::Boxed(inner) => self.object_shape(inner),
            Ty::Named(id) => match &self.types[*id].kind {
                Kind::Alias(inner) => self.object_shape(inner),
                Kind::Struct(body) => Some(ObjectShape {
                    demands: body
                        .fields
                        .iter()
                        .filter(|field| matches!(field.presence, Presence::Required))
                        .map(|field| field.key.clone())
                        .collect(),
                    described: body
                        .fields
                        .iter()
                        .filter(|field| {
                            matches!(field.presence, Presence::Required | Presence::Tolerated)
                        })
                        .map(|field| field.key.clone())
                        .collect(),
                    fields: body
                        .fields
                        .iter()
                        .map(|field| (field.key.clone(), unwrap_option(&field.ty).clone()))
                        .collect(),
                    open: matches!(body.extra, Extra::Capture { .. }),
                }),
                _ => None,
            },
            _ => None,
        }
    }

    /// The property whose constant tells a union's object members apart, and the value of each
    /// member that has one (by member index). At most one member may lack it (the catch-all);
    /// at least two must have it, with distinct values.
    fn discriminator(
        &mut self,
        at: &Loc,
        key: &str,
        branches: &[Value],
    ) -> Option<(String, HashMap<usize, String>)> {
        let mut members: Vec<(usize, Vec<(String, String)>)> = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            if is_null_schema(branch) {
                continue;
            }
            let branch_at = at.join_all(&[key, &index.to_string()]);
            let mut found = Vec::new();
            self.constant_properties(&branch_at, branch, &mut found, 0);
            members.push((index, found));
        }
        let mut candidates: Vec<&str> = Vec::new();
        for (_, found) in &members {
            for (property, _) in found {
                if !candidates.contains(&property.as_str()) {
                    candidates.push(property);
                }
            }
        }
        let mut best: Option<(String, HashMap<usize, String>)> = None;
        for candidate in candidates {
            let values: HashMap<usize, String> = members
                .iter()
                .filter_map(|(index, found)| {
                    found
                        .iter()
                        .find(|(property, _)| property == candidate)
                        .map(|(_, value)| (*index, value.clone()))
                })
                .collect();
            let distinct: HashSet<&String> = values.values().collect();
            let good = values.len() >= 2
                && values.len() + 1 >= members.len()
                && distinct.len() == values.len();
            if good
                && best
                    .as_ref()
                    .is_none_or(|(_, most)| values.len() > most.len())
            {
                best = Some((candidate.to_owned(), values));
            }
        }
        best
    }

    /// The properties of an object schema (following `$ref` and `allOf`) that hold one
    /// constant string: `const`, or an `enum` of one value.
    fn constant_properties(
        &mut self,
        at: &Loc,
        schema: &Value,
        found: &mut Vec<(String, String)>,
        depth: usize,
    ) {
        let Some(map) = schema.as_object() else {
            return;
        };
        if depth > 8 {
            return;
        }
        if let Some(reference) = map.get("$ref").and_then(Value::as_str)
            && let Ok(target) = self.graph.resolve(at, reference)
        {
            let target_schema = self.graph.get(&target).cloned().unwrap_or(Value::Null);
            self.constant_properties(&target, &target_schema, found, depth + 1);
        }
        if let Some(Value::Array(members)) = map.get("allOf") {
            for (index, member) in members.iter().enumerate() {
                let member_at = at.join_all(&["allOf", &index.to_string()]);
                self.constant_properties(&member_at, member, found, depth + 1);
            }
        }
        let Some(Value::Object(properties)) = map.get("properties") else {
            return;
        };
        for (property, property_schema) in properties {
            let property_at = at.join_all(&["properties", property]);
            let resolved = match property_schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => self
                    .graph
                    .resolve(&property_at, reference)
                    .ok()
                    .and_then(|target| self.graph.get(&target).cloned()),
                None => Some(property_schema.clone()),
            };
            let value = resolved.as_ref().and_then(|schema| {
                schema.get("const").and_then(Value::as_str).or_else(|| {
                    match schema
                        .get("enum")
                        .and_then(Value::as_array)
                        .map(Vec::as_slice)
                    {
                        Some([only]) => only.as_str(),
                        _ => None,
                    }
                })
            });
            if let Some(value) = value {
                found.retain(|(existing, _)| existing != property);
                found.push((property.clone(), value.to_owned()));
            }
        }
    }

    /// Whether every member that has a tag value became a struct (a tagged union needs objects).
    fn all_tagged_structs(&self, tagged: &[(Option<String>, Ty)]) -> bool {
        tagged.iter().all(|(value, ty)| match (value, ty) {
            (None, _) => true,
            (Some(_), Ty::Named(id)) => {
                matches!(self.types[*id].kind, Kind::Struct(_) | Kind::Pending)
            }
            _ => false,
        })
    }

    fn tagged_of(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        tag: String,
        members: Vec<(Option<String>, Ty)>,
        hint: &str,
        register: Option<&Loc>,
    ) -> Ty {
        let id = self.open_type(hint, at, map, register);
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        let mut fallback = None;
        for (value, ty) in members {
            let ty = self.boxed_if_open(ty);
            if let Some(value) = value {
                let name = names.claim_pascal(&value);
                variants.push((value, Variant { name, ty }));
            } else {
                let name = names.claim_pascal(&self.variant_name(&ty));
                fallback = Some(Variant { name, ty });
            }
        }
        self.close(id);
        self.types[id].kind = Kind::Tagged(Tagged {
            tag,
            variants,
            fallback,
        });
        Ty::Named(id)
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
            Ty::Number => 1,
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
        self.close(id);
        self.types[id].kind = Kind::Union(variants);
        Ty::Named(id)
    }

    fn variant_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::String => "String".to_owned(),
            Ty::Bool => "Boolean".to_owned(),
            Ty::I64 | Ty::U64 => "Integer".to_owned(),
            Ty::Number => "Number".to_owned(),
            Ty::Unit => "Null".to_owned(),
            Ty::Value => "Value".to_owned(),
            Ty::JsonMap | Ty::Map(_) => "Object".to_owned(),
            Ty::Timestamp => "Timestamp".to_owned(),
            Ty::Path { path, .. } | Ty::Spelled { path } => {
                path.rsplit("::").next().unwrap_or(path).to_owned()
            }
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
            Ty::Number
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
                Some("ipv4") => spelled("::std::net::Ipv4Addr"),
                Some("ipv6") => spelled("::std::net::Ipv6Addr"),
                Some("uuid") => spelled("::uuid::Uuid"),
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
                // An unsigned integer of no stated width: `-1` is not one.
                Some("uint") => Ty::U64,
                _ if is_non_negative(map) => Ty::U64,
                _ => Ty::I64,
            },
            // Whatever the `format` (`float`, `double`): an `f32` or `f64` would write a value
            // back changed (`0.1` as `0.10000000149011612`, `16777217` as `16777216.0`, an
            // integer with a `.0`), and `Number` keeps it as written.
            "number" => Ty::Number,
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
                if let Some(Value::Object(patterns)) = map.get("patternProperties") {
                    let mut names = Namespace::default();
                    let denied = map.get("additionalProperties") == Some(&Value::Bool(false));
                    return Ok(
                        match self.pattern_fields(at, patterns, denied, &mut names, hint)? {
                            Extra::Typed { ty, .. } => Ty::Map(Box::new(ty)),
                            _ => Ty::JsonMap,
                        },
                    );
                }
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
                    self.close(id);
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
                // A tolerated field is skipped when `None`, so it must be an `Option` even when
                // its type (`Value`, `()`) could hold `null` itself.
                let ty = match ty {
                    Ty::Option(_) => ty,
                    other => Ty::Option(Box::new(other)),
                };
                (ty, Presence::Tolerated)
            } else if required.contains(key.as_str()) {
                (ty, Presence::Required)
            } else {
                self.optional_field(&field_at, schema, &ty, &name, &mut item_names)
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
        self.close(id);
        let extra = extra?;
        self.warn_undeclared_required(at, map, properties, &extra);
        self.types[id].kind = Kind::Struct(Struct {
            fields,
            extra,
            constants,
        });
        Ok(Ty::Named(id))
    }

    /// Warns at each `required` key that `properties` does not declare: the struct has no field
    /// to require it by, so an object without it is read all the same (and where unknown keys
    /// are refused, one with it is refused: nothing satisfies the schema). A key a
    /// `patternProperties` pattern may allow is left alone: the generator cannot test patterns.
    fn warn_undeclared_required(
        &mut self,
        at: &Loc,
        map: &Map<String, Value>,
        properties: &Map<String, Value>,
        extra: &Extra,
    ) {
        if map
            .get("patternProperties")
            .and_then(Value::as_object)
            .is_some_and(|patterns| !patterns.is_empty())
        {
            return;
        }
        let Some(required) = map.get("required").and_then(Value::as_array) else {
            return;
        };
        // A merged schema (`allOf`) has no `required` of its own in the file to point into.
        let written = self.graph.get(&at.join("required")).cloned();
        for key in required.iter().filter_map(Value::as_str) {
            if properties.contains_key(key) {
                continue;
            }
            let index = written
                .as_ref()
                .and_then(Value::as_array)
                .and_then(|keys| keys.iter().position(|written| written == key));
            let pointer = match index {
                Some(index) => at.join_all(&["required", &index.to_string()]),
                None => at.clone(),
            };
            let consequence = match extra {
                Extra::Deny => {
                    "and unknown keys are refused, so no object satisfies this schema; the \
                     generated struct refuses the key"
                }
                Extra::Capture { .. } | Extra::Typed { .. } => {
                    "so the generated struct does not require it; when present, it is kept in \
                     the extra map"
                }
            };
            self.warn(
                &pointer,
                format!(
                    "`required` names {key:?}, which `properties` does not declare, {consequence}"
                ),
            );
        }
    }

    /// The type and presence of a field that is not required.
    fn optional_field(
        &mut self,
        at: &Loc,
        schema: &Value,
        ty: &Ty,
        name: &str,
        item_names: &mut Namespace,
    ) -> (Ty, Presence) {
        // A type that can itself hold `null` keeps absent (`None`) and `null` (`Some(..)`) apart.
        let nullable = matches!(ty, Ty::Option(_) | Ty::Value | Ty::Unit);
        let field_ty = if nullable {
            Ty::Option(Box::new(ty.clone()))
        } else {
            option(ty.clone())
        };
        let plain = if nullable {
            Presence::OptionalNullable
        } else {
            Presence::Optional
        };
        let Some(default) = self.field_default(at, schema) else {
            return (field_ty, plain);
        };
        if let Some(value) = self.default_value(ty, &default, 0) {
            let function = item_names.claim(&format!("default_{name}"), "_");
            let accessor = item_names.claim(&format!("{name}_or_default"), "_");
            return (
                field_ty,
                Presence::Defaulted {
                    function,
                    accessor,
                    value,
                    nullable,
                },
            );
        }
        self.warn(
            &at.join("default"),
            format!("the default {default} is not a value of this field's type; the field stays optional, with no default"),
        );
        (field_ty, plain)
    }

    /// A property's `default`: its own, else its reference's (through a single-`$ref` `allOf`).
    fn field_default(&mut self, at: &Loc, schema: &Value) -> Option<Value> {
        if let Some(default) = schema.get("default") {
            return Some(default.clone());
        }
        let map = schema.as_object()?;
        let (member_at, member) = match map.get("allOf") {
            Some(members) => (
                at.join_all(&["allOf", "0"]),
                single_reference(map, members)?,
            ),
            None => (at.clone(), schema),
        };
        let reference = member.get("$ref")?.as_str()?;
        let target = self.graph.resolve(&member_at, reference).ok()?;
        self.graph.get(&target)?.get("default").cloned()
    }

    /// A `default` as a value of type `ty`, when it is one.
    fn default_value(&self, ty: &Ty, value: &Value, depth: usize) -> Option<DefaultValue> {
        if depth > MAX_DEPTH {
            return None;
        }
        let inner = |ty: &Ty, value: &Value| self.default_value(ty, value, depth + 1);
        Some(match (ty, value) {
            (Ty::String, Value::String(text)) => DefaultValue::Str(text.clone()),
            (Ty::I64, Value::Number(number)) if number.is_i64() => {
                DefaultValue::Number(number.clone())
            }
            (Ty::U64, Value::Number(number)) if number.is_u64() => {
                DefaultValue::Number(number.clone())
            }
            (Ty::Number, Value::Number(number)) => DefaultValue::Number(number.clone()),
            (
                Ty::Path {
                    path,
                    string: false,
                },
                Value::Number(number),
            ) if integer_fits(path, number) => DefaultValue::Number(number.clone()),
            (Ty::Bool, Value::Bool(flag)) => DefaultValue::Bool(*flag),
            (Ty::Unit, Value::Null) => DefaultValue::Json(Value::Null),
            (Ty::Value, _) | (Ty::JsonMap, Value::Object(_)) => DefaultValue::Json(value.clone()),
            (Ty::Option(_), Value::Null) => DefaultValue::None,
            (Ty::Option(ty), value) => DefaultValue::Some(Box::new(inner(ty, value)?)),
            (Ty::Boxed(ty), value) => DefaultValue::Boxed(Box::new(inner(ty, value)?)),
            (Ty::Vec(item), Value::Array(items)) => DefaultValue::Vec(
                items
                    .iter()
                    .map(|item_value| inner(item, item_value))
                    .collect::<Option<_>>()?,
            ),
            (Ty::Map(item), Value::Object(entries)) => DefaultValue::Map(
                entries
                    .iter()
                    .map(|(key, entry)| Some((key.clone(), inner(item, entry)?)))
                    .collect::<Option<_>>()?,
            ),
            (Ty::Named(id), value) => match &self.types[*id].kind {
                Kind::Enum(found) => {
                    let text = value.as_str()?;
                    let (variant, _) = found.variants.iter().find(|(_, known)| known == text)?;
                    DefaultValue::Variant {
                        ty: *id,
                        variant: variant.clone(),
                    }
                }
                Kind::Struct(body) => self.default_struct(*id, body, value.as_object()?, depth)?,
                Kind::Alias(ty) => inner(ty, value)?,
                _ => return None,
            },
            _ => return None,
        })
    }

    /// A default object as a literal of struct `id`: every required field given, the rest
    /// `None`, undeclared keys in the extra map where the struct keeps them.
    fn default_struct(
        &self,
        id: TypeId,
        body: &Struct,
        entries: &Map<String, Value>,
        depth: usize,
    ) -> Option<DefaultValue> {
        let mut fields = Vec::new();
        for field in &body.fields {
            let value = match (entries.get(&field.key), &field.presence) {
                (Some(value), _) => self.default_value(&field.ty, value, depth + 1)?,
                (None, Presence::Required) => return None,
                (None, _) => DefaultValue::None,
            };
            fields.push((field.name.clone(), value));
        }
        let undeclared: Vec<(&String, &Value)> = entries
            .iter()
            .filter(|(key, _)| !body.fields.iter().any(|field| &field.key == *key))
            .collect();
        let extra = match &body.extra {
            Extra::Deny if undeclared.is_empty() => None,
            Extra::Deny => return None,
            Extra::Capture { name } => Some((
                name.clone(),
                undeclared
                    .into_iter()
                    .map(|(key, value)| (key.clone(), DefaultValue::Json(value.clone())))
                    .collect(),
            )),
            Extra::Typed { name, ty } => Some((
                name.clone(),
                undeclared
                    .into_iter()
                    .map(|(key, value)| {
                        Some((key.clone(), self.default_value(ty, value, depth + 1)?))
                    })
                    .collect::<Option<_>>()?,
            )),
        };
        Some(DefaultValue::Struct {
            ty: id,
            fields,
            extra,
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
        let patterns = match map.get("patternProperties") {
            Some(Value::Object(patterns)) if !patterns.is_empty() => Some(patterns),
            _ => None,
        };
        if let Some(patterns) = patterns {
            return self.pattern_fields(at, patterns, denied, field_names, struct_name);
        }
        if denied {
            return Ok(Extra::Deny);
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

    /// The extra map of an object with `patternProperties`: keys matching a pattern are allowed,
    /// so they are kept, typed by the patterns' schema when they all have the same type (and
    /// `additionalProperties`, unless it is `false`, has it too).
    fn pattern_fields(
        &mut self,
        at: &Loc,
        patterns: &Map<String, Value>,
        denied: bool,
        field_names: &mut Namespace,
        struct_name: &str,
    ) -> Result<Extra, Error> {
        let mut tys = Vec::new();
        for (pattern, schema) in patterns {
            let pattern_at = at.join_all(&["patternProperties", pattern]);
            let ty = self.ty_of(&pattern_at, schema, &format!("{struct_name}Value"), None)?;
            tys.push(ty);
        }
        if !denied && let Some(additional) = at_additional(self.graph, at) {
            let ty = self.ty_of(
                &at.join("additionalProperties"),
                &additional,
                &format!("{struct_name}Value"),
                None,
            )?;
            tys.push(ty);
        }
        if denied {
            self.warn(
                &at.join("patternProperties"),
                "keys matching these patterns are kept in the extra map; the generated type \
                 cannot test a pattern, so other unknown keys are kept too instead of refused",
            );
        }
        let name = field_names.claim_snake("extra");
        let first = tys.first().cloned().unwrap_or(Ty::Value);
        if first != Ty::Value && tys.iter().all(|ty| *ty == first) {
            return Ok(Extra::Typed { name, ty: first });
        }
        Ok(Extra::Capture { name })
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

/// What deserialising an object as one member of an untagged union asks of the object.
struct ObjectShape {
    /// The keys the object must hold.
    demands: Vec<String>,
    /// The keys the schema requires (tolerated when absent or not): every object the member
    /// describes holds them.
    described: Vec<String>,
    /// Each declared key and the type of its value.
    fields: Vec<(String, Ty)>,
    /// Whether keys it does not declare are kept rather than refused.
    open: bool,
}

impl ObjectShape {
    /// Whether an object `later` describes is also accepted by this shape: it keeps unknown
    /// keys, demands only keys `later` requires, and types the same way (or as any JSON) each
    /// key `later` requires that it declares.
    fn accepts_objects_of(&self, later: &ObjectShape) -> bool {
        let same_value = |key: &String| {
            let declared = |shape: &ObjectShape| {
                shape
                    .fields
                    .iter()
                    .find(|(field, _)| field == key)
                    .map(|(_, ty)| ty.clone())
            };
            match (declared(self), declared(later)) {
                (Some(mine), Some(theirs)) => mine == Ty::Value || mine == theirs,
                (Some(mine), None) => mine == Ty::Value,
                (None, _) => true,
            }
        };
        self.open
            && self.demands.iter().all(|key| later.described.contains(key))
            && later.described.iter().all(same_value)
    }
}

/// `T` for `Option<T>`, else `ty` itself.
fn unwrap_option(ty: &Ty) -> &Ty {
    match ty {
        Ty::Option(inner) => inner,
        other => other,
    }
}

fn option(ty: Ty) -> Ty {
    match ty {
        Ty::Option(_) | Ty::Value | Ty::Unit => ty,
        other => Ty::Option(Box::new(other)),
    }
}

/// A string parsed as `path`, its text kept: `Uuid` and `Ipv6Addr` would otherwise re-spell it.
fn spelled(path: &str) -> Ty {
    Ty::Spelled {
        path: path.to_owned(),
    }
}

/// Whether `ty` names type `id` (directly or inside a container).
fn mentions(ty: &Ty, id: TypeId) -> bool {
    match ty {
        Ty::Named(named) => *named == id,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
            mentions(inner, id)
        }
        _ => false,
    }
}

/// The member of an `allOf` that is one `$ref` (with annotations at most), when the schema
/// around it only annotates too: the schema is then that reference.
fn single_reference<'v>(map: &Map<String, Value>, members: &'v Value) -> Option<&'v Value> {
    let [member] = members.as_array()?.as_slice() else {
        return None;
    };
    let member_map = member.as_object()?;
    let only_annotates = |map: &Map<String, Value>, except: &str| {
        map.keys()
            .all(|key| key == except || !SHAPE_KEYWORDS.contains(&key.as_str()))
    };
    (REF_KEYWORDS
        .iter()
        .any(|keyword| member_map.contains_key(*keyword))
        && only_annotates(member_map, "allOf")
        && only_annotates(map, "allOf"))
    .then_some(member)
}

fn const_ty(value: &Value) -> Ty {
    match value {
        Value::String(_) => Ty::String,
        Value::Bool(_) => Ty::Bool,
        Value::Number(number) if number.is_u64() => Ty::U64,
        Value::Number(number) if number.is_i64() => Ty::I64,
        Value::Number(_) => Ty::Number,
        Value::Null => Ty::Unit,
        Value::Array(_) | Value::Object(_) => Ty::Value,
    }
}

/// Whether `number` is a value of `path` when that is the Rust integer type an integer `format`
/// names (`i32` for `int32`, `u8` for `uint8`): a default must fit the field.
fn integer_fits(path: &str, number: &serde_json::Number) -> bool {
    let (min, max): (i128, i128) = match path {
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" => (i64::MIN.into(), i64::MAX.into()),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        _ => return false,
    };
    let value = number
        .as_i64()
        .map(i128::from)
        .or_else(|| number.as_u64().map(i128::from));
    value.is_some_and(|value| (min..=max).contains(&value))
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
        .find_map(|key| {
            schema
                .get(*key)
                .and_then(Value::as_str)
                .filter(|text| !text.trim().is_empty())
        })
        .map(str::to_owned)
}

/// The `additionalProperties` schema of the object at `at`, when it is a schema (not `true`,
/// `false` or absent), whose values then also go to the extra map.
fn at_additional(graph: &SchemaGraph, at: &Loc) -> Option<Value> {
    let additional = graph.get(&at.join("additionalProperties"))?;
    additional
        .as_object()
        .is_some_and(|map| !map.is_empty())
        .then(|| additional.clone())
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

/// Merges `extra` into `base`, as both must hold (`allOf`, or a `$ref` and the keywords beside
/// it): `properties` by key, `required` as a union, `allOf` appended, `type` as the types both
/// allow, anything else overwritten. Two `type`s with no type in common, or two different
/// `const`s, are a contradiction: no value satisfies both.
fn merge_into(
    base: &mut Map<String, Value>,
    extra: &Map<String, Value>,
) -> Result<(), Contradiction> {
    for (key, value) in extra {
        match (key.as_str(), base.get_mut(key), value) {
            ("type", Some(existing), more) => {
                // A `type` that is not a string or a list of them is reported where it is
                // converted; here the later one stands, as for any other keyword.
                *existing = match common_types(existing, more) {
                    Some(common) if common.is_empty() => {
                        return Err(Contradiction::Types {
                            earlier: existing.to_string(),
                            later: more.to_string(),
                        });
                    }
                    Some(common) => common_type_value(common),
                    None => more.clone(),
                };
            }
            ("const", Some(existing), more) if existing != more => {
                return Err(Contradiction::Consts {
                    earlier: existing.to_string(),
                    later: more.to_string(),
                });
            }
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
    Ok(())
}

/// Why no value can satisfy two schemas merged into one.
#[derive(Debug, Clone, PartialEq)]
enum Contradiction {
    /// Their `type`s have no type in common (each as its JSON text).
    Types { earlier: String, later: String },
    /// Their `const`s differ (each as its JSON text).
    Consts { earlier: String, later: String },
    /// One of them is the schema `false`.
    False,
}

impl std::fmt::Display for Contradiction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Contradiction::Types { earlier, later } => write!(
                f,
                "`type` {later} has no type in common with the `type` {earlier} before it"
            ),
            Contradiction::Consts { earlier, later } => write!(
                f,
                "`const` {later} differs from the `const` {earlier} before it"
            ),
            Contradiction::False => f.write_str("the schema `false` matches nothing"),
        }
    }
}

/// The type names both `type` keywords allow, in the order of `earlier` (an `integer` is also a
/// `number`); `None` when either is not a string or a list of strings.
fn common_types<'v>(earlier: &'v Value, later: &'v Value) -> Option<Vec<&'v str>> {
    let names = |value: &'v Value| -> Option<Vec<&'v str>> {
        match value {
            Value::String(name) => Some(vec![name.as_str()]),
            Value::Array(names) => names.iter().map(Value::as_str).collect(),
            _ => None,
        }
    };
    let (earlier, later) = (names(earlier)?, names(later)?);
    let mut common = Vec::new();
    for name in earlier {
        let shared = if later.contains(&name) {
            Some(name)
        } else if (name == "number" && later.contains(&"integer"))
            || (name == "integer" && later.contains(&"number"))
        {
            Some("integer")
        } else {
            None
        };
        if let Some(shared) = shared
            && !common.contains(&shared)
        {
            common.push(shared);
        }
    }
    Some(common)
}

/// A `type` keyword's value for `names`: the one name, or the list.
fn common_type_value(names: Vec<&str>) -> Value {
    match names.as_slice() {
        [name] => Value::String((*name).to_owned()),
        _ => Value::Array(
            names
                .into_iter()
                .map(|name| Value::String(name.to_owned()))
                .collect(),
        ),
    }
}

/// Rewrites every relative `$ref` under `value` to an absolute one against `base`.
fn absolutise_refs(value: &mut Value, base: &str) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if REF_KEYWORDS.contains(&key.as_str()) {
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
