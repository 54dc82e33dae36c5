//! The schema graph: the documents read from disk, and `$ref` resolution between them.
//!
//! References resolve locally and only locally. A relative `$ref` (`common.schema.json#/$defs/X`)
//! is first resolved against the referring document's `$id`, and matched against the `$id`s of
//! the documents already loaded; failing that, it names a file next to the referring file, which
//! is read from disk (`name`, or `name.json` when `name` has no extension and no such file). An absolute `http(s)` reference that no loaded document claims as its `$id`
//! is an error: nothing is ever fetched. Fragments are JSON pointers (`#/$defs/X`) or
//! `$anchor` or `$dynamicAnchor` names (`#name`).
//!
//! A document may bundle several schema resources, each with its own `$id` inside `$defs` (the
//! compound documents of draft 2020-12). Every embedded `$id` is indexed when the document is
//! read: a reference inside an embedded resource resolves against that resource's `$id`, and a
//! reference to an embedded `$id` finds it in place, before any file is looked for.
//!
//! `$dynamicRef` and `$recursiveRef` are resolved statically: to the anchor they name in their
//! own resource (`$recursiveRef: "#"` to the resource root), which is where they point unless
//! another schema extends the resource through the dynamic scope. Such an extension is not
//! followed; `convert` warns when a document declares a dynamic anchor name more than once.
//!
//! A file a `$ref` names is read only when it lies inside a directory of the inputs (the schema
//! set's directory), is a regular file (never a FIFO or a device, which could block or never
//! end), and is at most [`MAX_SCHEMA_BYTES`] long: a schema cannot make the generator read
//! `/etc/passwd`, hang on a pipe, or fill memory from `/dev/zero`.

use crate::error::Error;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest schema file read.
pub(crate) const MAX_SCHEMA_BYTES: u64 = 16 << 20;

/// Index of a document in the graph.
pub(crate) type DocId = usize;

/// A place in the graph: a document and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Loc {
    pub(crate) doc: DocId,
    pub(crate) pointer: String,
}

impl Loc {
    /// The location of `key` under this one (`/properties` + `Foo` → `/properties/Foo`).
    pub(crate) fn join(&self, key: &str) -> Loc {
        let escaped = key.replace('~', "~0").replace('/', "~1");
        Loc {
            doc: self.doc,
            pointer: format!("{}/{escaped}", self.pointer),
        }
    }

    /// The location of a chain of keys under this one.
    pub(crate) fn join_all(&self, keys: &[&str]) -> Loc {
        keys.iter().fold(self.clone(), |loc, key| loc.join(key))
    }
}

/// One schema file.
#[derive(Debug)]
pub(crate) struct Document {
    /// Absolute, canonical path.
    pub(crate) path: PathBuf,
    /// The path as shown to people: an input as it was given, a file a `$ref` reads from the
    /// input's directory as that was given (see [`SchemaGraph::display_path`]).
    pub(crate) display: PathBuf,
    /// The document's `$id`, without fragment.
    pub(crate) id: Option<String>,
    /// Every schema resource inside the document with an `$id` of its own: (JSON pointer,
    /// absolute `$id`), outermost first. The root is one when it has an `$id`.
    pub(crate) resources: Vec<(String, String)>,
    /// The parsed JSON.
    pub(crate) root: Value,
}

/// Every document read, in the order read.
#[derive(Debug)]
pub(crate) struct SchemaGraph {
    base_dir: PathBuf,
    docs: Vec<Document>,
    by_path: HashMap<PathBuf, DocId>,
    /// Every `$id` read, root or embedded, to where its resource is.
    by_id: HashMap<String, Loc>,
    /// The directories of the inputs: the only places a `$ref` may read from, and where the
    /// paths shown to people start.
    input_dirs: Vec<InputDir>,
}

/// The directory of an input file.
#[derive(Debug)]
struct InputDir {
    /// Absolute and canonical.
    canonical: PathBuf,
    /// As the input was given: relative to the base directory, or absolute.
    shown: PathBuf,
}

impl SchemaGraph {
    pub(crate) fn new(base_dir: PathBuf) -> Self {
        SchemaGraph {
            base_dir,
            docs: Vec::new(),
            by_path: HashMap::new(),
            by_id: HashMap::new(),
            input_dirs: Vec::new(),
        }
    }

    pub(crate) fn doc(&self, doc: DocId) -> &Document {
        &self.docs[doc]
    }

    pub(crate) fn docs(&self) -> &[Document] {
        &self.docs
    }

    /// The path shown to people for an absolute `path` that is not an input (a file a `$ref`
    /// reads): from the input directory it lies in (or nearest to, with `..`), spelled as that
    /// input was given. A relative input's neighbours are shown relative to the base directory,
    /// so messages and generated docs do not depend on the machine; an absolute input's are
    /// absolute, as the person who typed it expects.
    pub(crate) fn display_path(&self, path: &Path) -> PathBuf {
        let path = normalise(path);
        let shared = |dir: &InputDir| {
            dir.canonical
                .components()
                .zip(path.components())
                .take_while(|(a, b)| a == b)
                .count()
        };
        let Some(nearest) = self.input_dirs.iter().rev().max_by_key(|dir| shared(dir)) else {
            return path;
        };
        let common = shared(nearest);
        if common == 0 {
            return path;
        }
        let mut shown = nearest.shown.clone();
        for _ in common..nearest.canonical.components().count() {
            shown.push("..");
        }
        shown.extend(path.components().skip(common));
        tidy(&shown)
    }

    /// Resolves an input path against the base directory.
    pub(crate) fn absolute(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.base_dir.join(path)
        }
    }

    /// The URI relative references at `at` resolve against: the `$id` of the innermost resource
    /// holding it, else the document's path.
    pub(crate) fn base_uri(&self, at: &Loc) -> String {
        let document = &self.docs[at.doc];
        self.resource_of(at).map_or_else(
            || format!("file://{}", document.path.display()),
            |(_, id)| id.to_owned(),
        )
    }

    /// The innermost resource with an `$id` that holds `at`: (its pointer, its `$id`).
    fn resource_of(&self, at: &Loc) -> Option<(&str, &str)> {
        self.docs[at.doc]
            .resources
            .iter()
            .rev()
            .find(|(pointer, _)| is_within(&at.pointer, pointer))
            .map(|(pointer, id)| (pointer.as_str(), id.as_str()))
    }

    /// The value at a location, if there is one.
    pub(crate) fn get(&self, loc: &Loc) -> Option<&Value> {
        self.docs.get(loc.doc)?.root.pointer(&loc.pointer)
    }

    /// Reads and parses an input file (as given: relative to the base directory, or absolute),
    /// or returns the document already read from it. Its directory becomes one that `$ref`s
    /// may read from, and the file is shown as given.
    pub(crate) fn load(&mut self, path: &Path) -> Result<DocId, Error> {
        let shown = tidy(path);
        let canonical = std::fs::canonicalize(self.absolute(path)).map_err(|source| Error::Io {
            path: shown.clone(),
            source,
        })?;
        if let Some(dir) = canonical.parent()
            && !self.input_dirs.iter().any(|known| known.canonical == dir)
        {
            self.input_dirs.push(InputDir {
                canonical: dir.to_path_buf(),
                shown: shown.parent().map(Path::to_path_buf).unwrap_or_default(),
            });
        }
        let doc = self.load_canonical(canonical, shown)?;
        // An input must be a schema; a file a `$ref` points into need not be one at its root.
        let document = &self.docs[doc];
        if !(document.root.is_object() || document.root.is_boolean()) {
            return Err(Error::Schema {
                file: document.display.clone(),
                pointer: String::new(),
                message: format!(
                    "not a JSON Schema: a schema is an object or a boolean, and this file holds {}",
                    match document.root {
                        Value::Null => "null",
                        Value::Number(_) => "a number",
                        Value::String(_) => "a string",
                        Value::Array(_) => "an array",
                        Value::Bool(_) | Value::Object(_) => "a schema",
                    }
                ),
            });
        }
        Ok(doc)
    }

    /// Reads a file a `$ref` names: only inside the inputs' directories.
    fn load_reference(&mut self, path: &Path) -> Result<DocId, Error> {
        let absolute = self.absolute(path);
        // Confinement is decided before the file's existence: a reference out of the directory
        // is refused whether or not its target happens to exist on this machine.
        let (resolved, missing) = match std::fs::canonicalize(&absolute) {
            Ok(canonical) => (canonical, None),
            Err(source) => (canonical_prefix(&normalise(&absolute)), Some(source)),
        };
        if !self
            .input_dirs
            .iter()
            .any(|dir| resolved.starts_with(&dir.canonical))
        {
            return Err(Error::Io {
                path: self.display_path(&absolute),
                source: std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    "outside the schema set's directory; references stay inside it",
                ),
            });
        }
        if let Some(source) = missing {
            return Err(Error::Io {
                path: self.display_path(&absolute),
                source,
            });
        }
        let display = self.display_path(&resolved);
        self.load_canonical(resolved, display)
    }

    fn load_canonical(&mut self, canonical: PathBuf, display: PathBuf) -> Result<DocId, Error> {
        if let Some(&doc) = self.by_path.get(&canonical) {
            return Ok(doc);
        }
        let text = read_schema_file(&canonical).map_err(|source| Error::Io {
            path: display.clone(),
            source,
        })?;
        // A byte order mark is not JSON, but editors on Windows write one; `check` reads past it.
        let json = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let root: Value =
            serde_json::from_str(json).map_err(|error| Error::json(&display, &error))?;
        let id = root
            .get("$id")
            .and_then(Value::as_str)
            .map(|id| id.split('#').next().unwrap_or_default().to_owned())
            .filter(|id| !id.is_empty());
        let doc = self.docs.len();
        let mut resources = Vec::new();
        let base = id
            .clone()
            .unwrap_or_else(|| format!("file://{}", canonical.display()));
        collect_resources(&root, "", &base, &mut resources);
        for (pointer, resource_id) in &resources {
            self.by_id.entry(resource_id.clone()).or_insert(Loc {
                doc,
                pointer: pointer.clone(),
            });
        }
        self.by_path.insert(canonical.clone(), doc);
        self.docs.push(Document {
            path: canonical,
            display,
            id,
            resources,
            root,
        });
        Ok(doc)
    }

    /// Resolves the `$ref` (or `$dynamicRef` / `$recursiveRef`) found at `at` (the location of
    /// the schema holding it).
    pub(crate) fn resolve(&mut self, at: &Loc, reference: &str) -> Result<Loc, Error> {
        let error = |graph: &SchemaGraph, message: String| Error::Schema {
            file: graph.docs[at.doc].display.clone(),
            pointer: format!("{}/$ref", at.pointer),
            message,
        };
        let (resource, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let resource_root = if resource.is_empty() {
            // `#...` is relative to the innermost resource, not necessarily the file's root.
            Loc {
                doc: at.doc,
                pointer: self
                    .resource_of(at)
                    .map_or_else(String::new, |(pointer, _)| pointer.to_owned()),
            }
        } else {
            let absolute = join_reference(&self.base_uri(at), resource);
            let found = self
                .by_id
                .get(&absolute)
                .or_else(|| self.by_id.get(resource))
                .cloned();
            if let Some(found) = found {
                found
            } else {
                // Name the `$id` looked for only when it is not the file's own path.
                let by_id = !has_scheme(resource) && !absolute.starts_with("file://");
                let doc = self.resolve_resource(at, resource).map_err(|message| {
                    let message = if by_id {
                        format!(
                            "$ref {reference:?}: no schema read so far has the $id {absolute:?}, \
                             and as a file: {message}"
                        )
                    } else {
                        format!("$ref {reference:?}: {message}")
                    };
                    error(self, message)
                })?;
                Loc {
                    doc,
                    pointer: String::new(),
                }
            }
        };
        let fragment = percent_decode(fragment);
        let doc = resource_root.doc;
        let pointer = if fragment.is_empty() || fragment.starts_with('/') {
            format!("{}{fragment}", resource_root.pointer)
        } else {
            let scope = self.get(&resource_root).unwrap_or(&Value::Null);
            let found = find_anchor(scope, &fragment, "").ok_or_else(|| {
                error(
                    self,
                    format!(
                        "$ref {reference:?}: {}#{} has no $anchor or $dynamicAnchor {fragment:?}",
                        self.docs[doc].display.display(),
                        resource_root.pointer
                    ),
                )
            })?;
            format!("{}{found}", resource_root.pointer)
        };
        if self.docs[doc].root.pointer(&pointer).is_none() {
            return Err(error(
                self,
                format!(
                    "$ref {reference:?} does not resolve: {} has nothing at {pointer:?}",
                    self.docs[doc].display.display()
                ),
            ));
        }
        Ok(Loc { doc, pointer })
    }

    /// How many subschemas of a document declare `$dynamicAnchor: name`: more than one is a
    /// bundle in which one resource may extend another through the dynamic scope.
    pub(crate) fn dynamic_anchor_count(&self, doc: DocId, name: &str) -> usize {
        count_dynamic_anchors(&self.docs[doc].root, name)
    }

    /// Finds (or loads) the document a `$ref`'s resource part names.
    fn resolve_resource(&mut self, at: &Loc, resource: &str) -> Result<DocId, String> {
        let from = at.doc;
        if let Some(path) = resource.strip_prefix("file://") {
            return self
                .load_reference(Path::new(&percent_decode(path)))
                .map_err(|e| e.to_string());
        }
        if has_scheme(resource) {
            // An absolute reference under the referring document's own `$id` base names a
            // sibling file, which can be read locally.
            if let Some(relative) = self.docs[from]
                .id
                .as_deref()
                .and_then(|id| resource.strip_prefix(parent_uri(id)))
            {
                return self.load_relative(from, relative);
            }
            return Err(
                "no loaded schema has this $id, and remote references are never fetched".to_owned(),
            );
        }
        self.load_relative(from, resource)
    }

    fn load_relative(&mut self, from: DocId, relative: &str) -> Result<DocId, String> {
        let dir = self.docs[from]
            .path
            .parent()
            .map_or_else(PathBuf::new, Path::to_path_buf);
        let path = normalise(&dir.join(percent_decode(relative)));
        // Schema sets whose `$id`s drop the extension (`links/embeddedlinksarray`) keep their
        // files as `.json`.
        let with_extension = path.with_file_name(format!(
            "{}.json",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        if !path.is_file() && path.extension().is_none() && with_extension.is_file() {
            return self
                .load_reference(&with_extension)
                .map_err(|error| error.to_string());
        }
        self.load_reference(&path)
            .map_err(|error| error.to_string())
    }
}

/// Reads a schema file: a regular file (checked before opening, so a FIFO is never opened) of
/// at most [`MAX_SCHEMA_BYTES`] (checked while reading too, should it grow).
fn read_schema_file(path: &Path) -> std::io::Result<String> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file; only regular files are read as schemas",
        ));
    }
    let too_large = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {MAX_SCHEMA_BYTES} bytes; not read as a schema"),
        )
    };
    if metadata.len() > MAX_SCHEMA_BYTES {
        return Err(too_large());
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(MAX_SCHEMA_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_SCHEMA_BYTES {
        return Err(too_large());
    }
    Ok(text)
}

/// Makes a `$ref` absolute against the base URI of the document holding it, so it resolves the
/// same wherever the schema is copied to (when a target is merged with keywords beside its `$ref`).
pub(crate) fn absolute_reference(base: &str, reference: &str) -> String {
    if has_scheme(reference) {
        return reference.to_owned();
    }
    if reference.starts_with('#') {
        return format!("{base}{reference}");
    }
    let (resource, fragment) = reference
        .split_once('#')
        .map_or((reference, String::new()), |(resource, fragment)| {
            (resource, format!("#{fragment}"))
        });
    if let Some(path) = base.strip_prefix("file://") {
        let dir = Path::new(path)
            .parent()
            .map_or_else(PathBuf::new, Path::to_path_buf);
        let joined = normalise(&dir.join(percent_decode(resource)));
        return format!("file://{}{fragment}", joined.display());
    }
    format!("{}{fragment}", join_uri(base, resource))
}

/// Whether a reference starts with a URI scheme (`https:`, `urn:`).
fn has_scheme(reference: &str) -> bool {
    reference.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// A reference's resource part made absolute against a base URI; a base without a scheme (a
/// relative `$id` such as `common/user.schema.json`) leaves the reference as written.
fn join_reference(base: &str, reference: &str) -> String {
    if has_scheme(reference) || !has_scheme(base) {
        reference.to_owned()
    } else if let Some(path) = base.strip_prefix("file://") {
        let dir = Path::new(path)
            .parent()
            .map_or_else(PathBuf::new, Path::to_path_buf);
        format!(
            "file://{}",
            normalise(&dir.join(percent_decode(reference))).display()
        )
    } else {
        join_uri(base, reference)
    }
}

/// Whether `pointer` is `ancestor` or lies under it.
fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer
        .strip_prefix(ancestor)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Every subschema with an `$id` under `value` (at `pointer`), its `$id` made absolute
/// against the enclosing resource's.
fn collect_resources(value: &Value, pointer: &str, base: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            let mut base = base.to_owned();
            if let Some(id) = map.get("$id").and_then(Value::as_str) {
                let id = id.split('#').next().unwrap_or_default();
                if !id.is_empty() {
                    base = join_reference(&base, id);
                    out.push((pointer.to_owned(), base.clone()));
                }
            }
            for (key, child) in map {
                // `enum`, `const` and examples hold data, not schemas.
                if matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    continue;
                }
                let escaped = key.replace('~', "~0").replace('/', "~1");
                collect_resources(child, &format!("{pointer}/{escaped}"), &base, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_resources(item, &format!("{pointer}/{index}"), base, out);
            }
        }
        _ => {}
    }
}

fn count_dynamic_anchors(value: &Value, name: &str) -> usize {
    match value {
        Value::Object(map) => {
            usize::from(map.get("$dynamicAnchor").and_then(Value::as_str) == Some(name))
                + map
                    .values()
                    .map(|child| count_dynamic_anchors(child, name))
                    .sum::<usize>()
        }
        Value::Array(items) => items
            .iter()
            .map(|child| count_dynamic_anchors(child, name))
            .sum(),
        _ => 0,
    }
}

/// `https://h/a/b.json` → `https://h/a/`.
fn parent_uri(uri: &str) -> &str {
    uri.rfind('/').map_or(uri, |slash| &uri[..=slash])
}

/// Resolves a relative reference against a base URI (RFC 3986, the cases schemas use).
fn join_uri(base: &str, relative: &str) -> String {
    if relative.starts_with('/') {
        let authority_end = base
            .find("://")
            .and_then(|start| base[start + 3..].find('/').map(|slash| start + 3 + slash))
            .unwrap_or(base.len());
        return format!("{}{relative}", &base[..authority_end]);
    }
    let mut segments: Vec<&str> = parent_uri(base).trim_end_matches('/').split('/').collect();
    for segment in relative.split('/') {
        match segment {
            "." => {}
            ".." => {
                if segments.len() > 3 {
                    segments.pop();
                }
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

/// A lexically normalised absolute path with symbolic links resolved in the part of it that
/// exists: what the path would name if the rest were created.
fn canonical_prefix(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(ToOwned::to_owned),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut resolved = std::fs::canonicalize(&existing).unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

/// A path as shown: `.` components removed, and each `..` with the name before it, without
/// touching the file system; the `..`s a relative path starts with stay (`../a/./b/../c` is
/// `../a/c`).
fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::CurDir | Component::ParentDir) | None => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

/// Removes `.` and `..` components without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let decoded = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(byte) = decoded {
            out.push(byte);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The JSON pointer of the subschema declaring `$anchor: name` or `$dynamicAnchor: name`.
fn find_anchor(value: &Value, name: &str, pointer: &str) -> Option<String> {
    match value {
        Value::Object(map) => {
            let declares = |keyword| map.get(keyword).and_then(Value::as_str) == Some(name);
            if declares("$anchor") || declares("$dynamicAnchor") {
                return Some(pointer.to_owned());
            }
            map.iter().find_map(|(key, child)| {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                find_anchor(child, name, &format!("{pointer}/{escaped}"))
            })
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, child)| find_anchor(child, name, &format!("{pointer}/{index}"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_references_against_ids() {
        let base = "https://acs-logs.invalid/schemas/acs/SMS.schema.json";
        assert_eq!(
            join_uri(base, "common.schema.json"),
            "https://acs-logs.invalid/schemas/acs/common.schema.json"
        );
        assert_eq!(
            join_uri(base, "../x.json"),
            "https://acs-logs.invalid/schemas/x.json"
        );
        assert_eq!(join_uri(base, "/y.json"), "https://acs-logs.invalid/y.json");
    }

    #[test]
    fn recognises_schemes() {
        assert!(has_scheme("https://example.com/a.json"));
        assert!(has_scheme("urn:example:a"));
        assert!(!has_scheme("common.schema.json"));
        assert!(!has_scheme("C:/x.json"));
    }

    #[test]
    fn displays_paths_from_the_input_directory_as_it_was_given() {
        let mut graph = SchemaGraph::new(PathBuf::from("/no/such/base"));
        graph.input_dirs.push(InputDir {
            canonical: PathBuf::from("/no/such/base/schemas"),
            shown: PathBuf::from("schemas"),
        });
        graph.input_dirs.push(InputDir {
            canonical: PathBuf::from("/elsewhere/set"),
            shown: PathBuf::from("/elsewhere/set"),
        });
        graph.input_dirs.push(InputDir {
            canonical: PathBuf::from("/no/such/sibling"),
            shown: PathBuf::from("../sibling"),
        });
        let display = |path: &str| graph.display_path(Path::new(path));
        assert_eq!(
            display("/no/such/base/schemas/a.json"),
            Path::new("schemas/a.json")
        );
        assert_eq!(
            display("/no/such/base/schemas/./x/../b.json"),
            Path::new("schemas/b.json")
        );
        assert_eq!(
            display("/no/such/base/common/c.json"),
            Path::new("common/c.json")
        );
        assert_eq!(
            display("/elsewhere/set/d.json"),
            Path::new("/elsewhere/set/d.json")
        );
        assert_eq!(display("/elsewhere/e.json"), Path::new("/elsewhere/e.json"));
        assert_eq!(
            display("/no/such/sibling/f.json"),
            Path::new("../sibling/f.json")
        );
    }

    #[test]
    fn tidies_paths_keeping_leading_parents() {
        assert_eq!(tidy(Path::new("../a/./b/../c")), Path::new("../a/c"));
        assert_eq!(tidy(Path::new("a/../../b")), Path::new("../b"));
        assert_eq!(tidy(Path::new("./a.json")), Path::new("a.json"));
        assert_eq!(tidy(Path::new("/../a")), Path::new("/a"));
    }

    #[test]
    fn a_reference_out_of_the_directory_is_refused_whether_or_not_its_target_exists() {
        let root = std::env::temp_dir().join(format!("acs-codegen-confine-{}", std::process::id()));
        let schemas = root.join("schemas");
        std::fs::create_dir_all(&schemas).unwrap();
        std::fs::write(root.join("outside.json"), "{}").unwrap();
        std::fs::write(schemas.join("a.json"), "{}").unwrap();
        let mut graph = SchemaGraph::new(schemas.clone());
        graph.load(&schemas.join("a.json")).unwrap();
        for reference in ["../outside.json", "../no-such-dir/../../missing.json"] {
            let error = graph.load_reference(&schemas.join(reference)).unwrap_err();
            assert!(
                error.to_string().contains("references stay inside it"),
                "{reference}: {error}"
            );
        }
        let missing = graph
            .load_reference(&schemas.join("missing.json"))
            .unwrap_err();
        assert!(missing.to_string().contains("No such file"), "{missing}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/$defs/a%20b"), "/$defs/a b");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
