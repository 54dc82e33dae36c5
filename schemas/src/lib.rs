//! The Azure Communication Services resource-log schemas, embedded.
//!
//! A *schema set* is a directory holding a `catalog.json` and the JSON Schema (draft 2020-12)
//! files it names; files refer to each other with relative `$ref`s. The ACS set ships inside
//! this crate ([`SchemaSet::acs`]), so a binary needs nothing on disk; any other set laid out the
//! same way loads with [`SchemaSet::load_dir`].
//!
//! ```
//! let set = acs_log_schemas::SchemaSet::acs();
//! let sms = set.category("SMSOperational").unwrap();
//! assert_eq!(sms.table, "ACSSMSIncomingOperations");
//! assert_eq!(set.by_table("ACSSMSIncomingOperations").unwrap().category, "SMSOperational");
//! let schema = set.schema(&sms.category).unwrap();
//! assert!(schema["properties"]["NumberType"]["enum"].is_array());
//! ```

mod catalog;
mod error;
mod set;

pub use catalog::{Catalog, CategoryEntry, Envelope, PageTable};
pub use error::SchemaSetError;
pub use set::{ACS_SCHEMA_BASE, SchemaSet};
