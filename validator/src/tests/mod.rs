//! Tests of private steps that need more than one module's internals, and more than the facade
//! lets a caller do.

// The Azurite harness of the Blob Storage tests (`tests/azurite/mod.rs`), one copy for all.
#[path = "../../tests/azurite/mod.rs"]
mod azurite;
mod blob_storage;
mod drift_recall;
