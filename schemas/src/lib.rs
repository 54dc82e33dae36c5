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
//!
//! The same schemas, run through `acs-log-codegen` at build time, give typed records: one type
//! per category in [`records`], and [`AcsRecord`], which picks the type from the record itself.
//! A documented column the record lacks is `None` (reporting it is the validator's job), and a
//! column the docs do not list is kept in `extra`, so nothing is lost on the way back out.
//!
//! ```
//! use acs_log_schemas::AcsRecord;
//!
//! // The Rooms page's GetRoom example (less its trailing comma), as a Log Analytics row.
//! let record: AcsRecord = r#"{"Type": "ACSRoomsIncomingOperations", "CorrelationId": "c",
//!     "Level": "Informational", "OperationName": "GetRoom", "OperationVersion": "2023-10-30-preview",
//!     "ResultType": "Succeeded", "ResultSignature": "200", "RoomId": "99466387192310000",
//!     "RoomLifespan": 61, "TimeGenerated": "2022-08-19T17:07:30.2400300Z"}"#.parse()?;
//! let AcsRecord::RoomsOperational(rooms) = &record else { panic!("not a Rooms record") };
//! assert_eq!(rooms.time_generated.as_ref().unwrap().as_str(), "2022-08-19T17:07:30.2400300Z");
//! assert_eq!(rooms.pstn_dial_out_enabled, None);
//! assert_eq!(rooms.extra["Type"], "ACSRoomsIncomingOperations");
//! # Ok::<(), acs_log_schemas::RecordError>(())
//! ```

mod catalog;
mod error;
pub mod records;
mod set;
mod table_reference;

pub use catalog::{Catalog, CategoryEntry, Envelope, PageTable};
pub use error::{RecordError, SchemaSetError};
pub use records::{AcsRecord, ReadRecord, RecordShape};
pub use set::{ACS_SCHEMA_BASE, SchemaSet};
pub use table_reference::{
    KustoType, ReferenceColumn, ReferenceTable, TableReference, portal_date_as_iso,
    value_of_untyped_text,
};
