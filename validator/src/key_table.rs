//! The key table: every record key the schema index knows (documented fields and their recorded
//! spellings, table-reference columns, workspace columns, envelope keys and columns), numbered
//! once, with what each key is for every category decided ahead of time. The hot path hashes a
//! record's key once and reads the rest from arrays: no per-category lookups, no string
//! comparisons beyond the hash table's own.

use crate::classify::Classifier;
use crate::inventory::{CategoryInventory, KeyClass};
use crate::normalise::{CLI_TABLE_COLUMN, EnvelopeMap};
use rustc_hash::FxHashMap;

/// A key's number in the [`KeyTable`].
pub(crate) type KeyId = u16;

/// What a key is to one category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyRole {
    /// A documented field, by inventory index.
    Documented(u8),
    /// A column the Log Analytics workspace adds.
    Workspace,
    /// A near-miss spelling of a documented field, by inventory index.
    Near(u8),
    /// Anything else: undocumented.
    Undocumented,
    /// Past what the table numbers: for the full check.
    Unsure,
}

/// What a key is at the top level of a resource-log record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnvelopeRole {
    /// An envelope key, spelled exactly, for the column of this id (`time` → `TimeGenerated`).
    Column(KeyId),
    /// An envelope key with no column (`resourceId`).
    Only,
    /// An envelope key spelled otherwise (`correlationID`).
    Misspelled,
    /// Not an envelope key.
    None,
}

/// What a key is for, beyond being a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// A key the full reader handles specially (`records`, `tables`, the CLI's `TableName`).
    Special,
    /// The key that holds the service fields (`properties`).
    Properties,
    /// The column naming the category (`Category`).
    CategoryColumn,
    /// The column naming the table (`Type`).
    TableColumn,
    /// A column like any other.
    Column,
}

/// Facts about a key that do not depend on the category.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyFacts {
    pub(crate) purpose: Purpose,
    /// Marks a record as being in the resource-log common schema (`properties`, `time`).
    pub(crate) marker: bool,
    /// Its role at the top level of a resource-log record.
    pub(crate) envelope: EnvelopeRole,
}

/// Every known key, numbered, with its facts and its role in each category.
#[derive(Debug)]
pub(crate) struct KeyTable {
    ids: FxHashMap<Box<str>, KeyId>,
    names: Vec<String>,
    facts: Vec<KeyFacts>,
    /// `roles[id * categories + category]`.
    roles: Vec<KeyRole>,
    categories: usize,
}

impl KeyTable {
    /// The most keys the table numbers; a larger schema set leaves the rest to be looked up
    /// per record.
    pub(crate) const MAX_KEYS: usize = 512;

    /// Numbers every key the inventories, the envelope and the classifier name.
    pub(crate) fn build(
        inventories: &[CategoryInventory],
        envelope: &EnvelopeMap,
        classifier: &Classifier,
    ) -> KeyTable {
        KeyTable::build_up_to(inventories, envelope, classifier, KeyTable::MAX_KEYS)
    }

    /// The same, numbering at most `limit` keys.
    fn build_up_to(
        inventories: &[CategoryInventory],
        envelope: &EnvelopeMap,
        classifier: &Classifier,
        limit: usize,
    ) -> KeyTable {
        let mut names: Vec<String> = Vec::new();
        let mut add = |name: &str| {
            if !names.iter().any(|known| known == name) {
                names.push(name.to_owned());
            }
        };
        // The keys that decide a record's shape and category come first: past `MAX_KEYS`, only
        // ordinary columns are left out, and those the hot path looks up per record instead.
        envelope.known_keys().for_each(&mut add);
        add(classifier.category_column());
        add(classifier.table_column());
        for special in ["records", "tables", CLI_TABLE_COLUMN] {
            add(special);
        }
        for inventory in inventories {
            for field in &inventory.fields {
                field.spellings.iter().for_each(|name| add(name));
            }
            inventory.known_columns().for_each(&mut add);
        }
        names.truncate(limit.min(KeyTable::MAX_KEYS));
        let ids: FxHashMap<Box<str>, KeyId> = names
            .iter()
            .enumerate()
            .filter_map(|(id, name)| Some((name.as_str().into(), KeyId::try_from(id).ok()?)))
            .collect();
        let facts = names
            .iter()
            .map(|name| KeyFacts {
                purpose: if matches!(name.as_str(), "records" | "tables" | CLI_TABLE_COLUMN) {
                    Purpose::Special
                } else if name == envelope.properties_key() {
                    Purpose::Properties
                } else if name == classifier.category_column() {
                    Purpose::CategoryColumn
                } else if name == classifier.table_column() {
                    Purpose::TableColumn
                } else {
                    Purpose::Column
                },
                marker: envelope.is_marker(name),
                envelope: match envelope.column_of(name) {
                    Some(column) => ids
                        .get(column)
                        .map_or(EnvelopeRole::Misspelled, |&id| EnvelopeRole::Column(id)),
                    None if envelope.is_envelope_only(name) => EnvelopeRole::Only,
                    None if envelope.near_envelope_key(name) => EnvelopeRole::Misspelled,
                    None => EnvelopeRole::None,
                },
            })
            .collect();
        let mut roles = Vec::with_capacity(names.len() * inventories.len());
        for name in &names {
            for inventory in inventories {
                roles.push(role_of(inventory, name));
            }
        }
        KeyTable {
            ids,
            names,
            facts,
            roles,
            categories: inventories.len(),
        }
    }

    /// A key's number, if the table knows it.
    #[inline]
    pub(crate) fn id(&self, key: &str) -> Option<KeyId> {
        self.ids.get(key).copied()
    }

    /// A key's number, trying first the key that followed the key `after` (a [`Follows`]
    /// slot) the last time: records of one table name their keys in one order, so most keys
    /// are found with one comparison and no hashing.
    // Measured: left out of line by a thin-LTO partition, it cost 3% more instructions a record.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub(crate) fn id_following(
        &self,
        key: &str,
        after: usize,
        follows: &mut Follows,
    ) -> Option<KeyId> {
        let slot = follows.next.get_mut(after)?;
        if let Some(guess) = *slot
            && self.name(guess) == key
        {
            return Some(guess);
        }
        let id = self.id(key);
        if id.is_some() {
            *slot = id;
        }
        id
    }

    /// A known key's name.
    #[inline]
    pub(crate) fn name(&self, id: KeyId) -> &str {
        &self.names[usize::from(id)]
    }

    /// A known key's facts.
    #[inline]
    pub(crate) fn facts(&self, id: KeyId) -> KeyFacts {
        self.facts[usize::from(id)]
    }

    /// A known key's role in a category.
    #[inline]
    pub(crate) fn role(&self, id: KeyId, category: usize) -> KeyRole {
        self.roles[usize::from(id) * self.categories + category]
    }
}

/// What key followed each known key last time, learnt as records are read (see
/// [`KeyTable::id_following`]). Slot 0 is the start of a record; slot `id + 1` follows key `id`.
pub(crate) struct Follows {
    next: Vec<Option<KeyId>>,
}

impl Follows {
    /// The slot after a key (or after the start, for `None`).
    #[inline]
    pub(crate) fn after(id: Option<KeyId>) -> usize {
        id.map_or(0, |id| usize::from(id) + 1)
    }
}

impl Default for Follows {
    fn default() -> Follows {
        Follows {
            next: vec![None; KeyTable::MAX_KEYS + 1],
        }
    }
}

/// What a key is to a category, as the full check's key rule decides it.
pub(crate) fn role_of(inventory: &CategoryInventory, key: &str) -> KeyRole {
    let index = |field: usize| u8::try_from(field).ok();
    match inventory.classify_key(key) {
        Some(KeyClass::Documented(field)) => {
            index(field).map_or(KeyRole::Unsure, KeyRole::Documented)
        }
        Some(KeyClass::Workspace) => KeyRole::Workspace,
        None => match inventory.near_match(key) {
            Some(field) => index(field).map_or(KeyRole::Unsure, KeyRole::Near),
            None => KeyRole::Undocumented,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::SchemaIndex;
    use acs_log_schemas::SchemaSet;

    /// A schema set with more keys than the table numbers loses ordinary columns from it, never
    /// the keys that decide a record's shape, category or special reading.
    #[test]
    fn past_the_limit_only_ordinary_columns_are_left_out() {
        let index = SchemaIndex::new(SchemaSet::acs(), &Config::default(), None).unwrap();
        let classifier = index.classifier();
        let table = KeyTable::build_up_to(&index.inventories, &index.envelope, classifier, 40);
        for key in [
            "properties",
            "time",
            "resourceId",
            "category",
            "Category",
            "Type",
            "records",
            "tables",
            CLI_TABLE_COLUMN,
        ] {
            assert!(table.id(key).is_some(), "{key} left out");
        }
        assert!(
            table.id("ChatThreadId").is_none(),
            "the limit was not applied"
        );
    }
}
