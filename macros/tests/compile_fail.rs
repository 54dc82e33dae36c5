//! Compile-fail tests: a bad schema is a compile error on the macro's argument, naming the file,
//! the JSON pointer and what is wrong. Each case is `tests/ui/<case>.rs` with its expected
//! `.stderr`; `TRYBUILD=overwrite cargo test -p acs-log-macros` accepts new output.

#[test]
fn bad_schemas_are_compile_errors_at_the_argument() {
    // trybuild compiles each case in a scratch crate, whose manifest directory is not this one;
    // the macro reads this variable instead, so the cases name schemas relative to this crate.
    // SAFETY: this is the only test of this binary, so no other thread reads the environment.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var("ACS_LOG_MACROS_BASE_DIR", env!("CARGO_MANIFEST_DIR"));
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
