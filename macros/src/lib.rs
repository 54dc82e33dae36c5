//! The `import_log_schema!` proc-macro: a thin door onto `acs-log-codegen`.
