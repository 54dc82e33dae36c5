//! The Python package `acs_logs`: a thin door onto the validator library's facade
//! (`acs_log_validator`'s top level). Build an [`Index`] once, check lines, parsed records or whole
//! files into a [`Partial`], merge partials, render the report — the same code `acs-logs check`
//! and `acs-logs merge` run, so reports are identical byte for byte.
//!
//! Whatever Python hands over is input, not a reason to crash the interpreter: a line that is
//! not text, not UTF-8, not JSON or too long becomes an `unreadable-record` finding at its place;
//! only misuse of the API itself (a source name that is not a string, an unknown format) raises.

// pyo3 hands arguments over as owned values extracted from Python objects.
#![allow(clippy::needless_pass_by_value)]

use acs_log_schemas::SchemaSet;
use acs_log_validator::{
    self as validator, Baseline, Config, FailOn, Format, Line, LineText, RenderOptions, Report,
    RunOptions,
};
use clap::ValueEnum;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use std::path::{Path, PathBuf};

pyo3::create_exception!(
    acs_logs,
    AcsLogsError,
    PyValueError,
    "A schema set, config, baseline or partial that cannot be used; the message names the file and the place."
);

fn error(error: &dyn std::fmt::Display) -> PyErr {
    AcsLogsError::new_err(error.to_string())
}

/// The compiled schema set and config; build once per process and reuse.
#[pyclass(module = "acs_logs", name = "Index", frozen)]
struct Index {
    inner: validator::Index,
}

/// The mergeable result of checking some inputs.
#[pyclass(module = "acs_logs", name = "Partial", frozen)]
struct Partial {
    inner: validator::Partial,
}

/// Splits `(source, value)` or `(source, value, category)`.
fn item<'py>(
    entry: &Bound<'py, PyAny>,
    what: &str,
) -> PyResult<(String, Bound<'py, PyAny>, Option<String>)> {
    let tuple = entry.downcast::<PyTuple>().map_err(|_| {
        PyTypeError::new_err(format!(
            "each item must be a tuple (source, {what}) or (source, {what}, category), not {}",
            type_name(entry)
        ))
    })?;
    if !(2..=3).contains(&tuple.len()) {
        return Err(PyTypeError::new_err(format!(
            "each item must be a tuple of 2 or 3 elements, not {}",
            tuple.len()
        )));
    }
    let source = tuple.get_item(0)?;
    let source: String = source.extract().map_err(|_| {
        if source.is_instance_of::<PyString>() {
            // A str Rust cannot hold: one with a lone surrogate (`"\udc80"`).
            PyValueError::new_err(
                "the source name is not valid Unicode (it holds a lone surrogate)",
            )
        } else {
            PyTypeError::new_err(format!(
                "the source name must be a str, not {}",
                type_name(&source)
            ))
        }
    })?;
    let value = tuple.get_item(1)?;
    let category = if tuple.len() == 3 {
        let category = tuple.get_item(2)?;
        if category.is_none() {
            None
        } else {
            Some(category.extract::<String>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "the category hint must be a str or None, not {}",
                    type_name(&category)
                ))
            })?)
        }
    } else {
        None
    };
    Ok((source, value, category))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".into(), |name| name.to_string())
}

/// A line as text: `str` (UTF-8 encoded; lone surrogates pass through as the bytes they stand
/// for, so they become an invalid-UTF-8 finding) or bytes; anything else is not text.
fn line_text(value: &Bound<'_, PyAny>) -> LineText {
    if let Ok(bytes) = value.downcast::<PyBytes>() {
        return LineText::Text(bytes.as_bytes().to_vec());
    }
    if let Ok(text) = value.downcast::<PyString>() {
        return match text.to_cow() {
            Ok(text) => LineText::Text(text.as_bytes().to_vec()),
            Err(_) => match text
                .call_method1("encode", ("utf-8", "surrogateescape"))
                .and_then(|bytes| bytes.extract::<Vec<u8>>())
            {
                Ok(bytes) => LineText::Text(bytes),
                Err(_) => LineText::NotText("the line is a str that is not valid Unicode".into()),
            },
        };
    }
    if let Ok(bytes) = value.extract::<Vec<u8>>()
        && !value.is_instance_of::<PyList>()
    {
        return LineText::Text(bytes);
    }
    LineText::NotText(format!(
        "the line is a Python {}, not str or bytes",
        type_name(value)
    ))
}

/// Runs `check` over lines pulled from a Python iterable, stopping at the first misuse.
fn check_iterable(
    index: &validator::Index,
    items: &Bound<'_, PyAny>,
    what: &str,
    convert: impl Fn(&Bound<'_, PyAny>) -> LineText,
) -> PyResult<validator::Partial> {
    let mut failure: Option<PyErr> = None;
    let iterator = items.try_iter()?;
    let lines = iterator.map_while(|entry| {
        let parsed = entry.and_then(|entry| {
            let (source, value, category) = item(&entry, what)?;
            if let Some(name) = category.as_deref()
                && !index.knows_category(name)
            {
                return Err(PyValueError::new_err(format!(
                    "the category hint {name:?} is not a category of the schema set (acs_logs.catalog() lists them)"
                )));
            }
            Ok(Line {
                source,
                text: convert(&value),
                category,
            })
        });
        match parsed {
            Ok(line) => Some(line),
            Err(error) => {
                failure = Some(error);
                None
            }
        }
    });
    let partial = index.check_lines(lines);
    match failure {
        Some(error) => Err(error),
        None => Ok(partial),
    }
}

#[pymethods]
impl Index {
    /// Compiles a schema set: the embedded ACS set, or the one in directory `schemas`.
    /// `config` is an `.acs-logs.toml` with finding levels; `category` is the category of
    /// records that name none.
    #[new]
    #[pyo3(signature = (schemas = None, config = None, category = None))]
    fn new(
        schemas: Option<PathBuf>,
        config: Option<PathBuf>,
        category: Option<&str>,
    ) -> PyResult<Index> {
        let config = match config {
            Some(path) => Config::load(&path).map_err(|e| error(&e))?,
            None => Config::default(),
        };
        let inner = match schemas {
            Some(dir) => {
                let set = SchemaSet::load_dir(&dir).map_err(|e| error(&e))?;
                validator::Index::build(&set, config, category)
            }
            None => validator::Index::build(SchemaSet::acs(), config, category),
        }
        .map_err(|e| error(&e))?;
        Ok(Index { inner })
    }

    /// The schema set's fingerprint, which partials carry.
    #[getter]
    fn schema_set(&self) -> String {
        self.inner.identity().schema_set.clone()
    }

    /// Checks JSON Lines: an iterable of `(source, line)` or `(source, line, category)`.
    fn check_lines(&self, lines: &Bound<'_, PyAny>) -> PyResult<Partial> {
        let inner = check_iterable(&self.inner, lines, "line", line_text)?;
        Ok(Partial { inner })
    }

    /// Checks parsed records: an iterable of `(source, record)` or `(source, record, category)`,
    /// where a record is a dict (or any JSON-serialisable value, or a str of JSON).
    fn check_records(&self, py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<Partial> {
        let json = py.import("json")?;
        let dumps = json.getattr("dumps")?;
        let convert = |value: &Bound<'_, PyAny>| {
            if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
                return line_text(value);
            }
            let kwargs = PyDict::new(value.py());
            let dumped = kwargs
                .set_item("ensure_ascii", false)
                .and_then(|()| kwargs.set_item("allow_nan", false))
                .and_then(|()| dumps.call((value,), Some(&kwargs)));
            match dumped {
                Ok(text) => line_text(&text),
                Err(error) => LineText::NotText(format!(
                    "the record is not JSON-serialisable: {}",
                    error.value(value.py())
                )),
            }
        };
        let inner = check_iterable(&self.inner, records, "record", convert)?;
        Ok(Partial { inner })
    }

    /// Checks whole files held in memory: an iterable of `(source, bytes)`, each read exactly as
    /// `acs-logs check` reads a file (format detected, gzip, CSV, arrays), on `jobs` threads
    /// (default 1: under Spark, the engine runs one task per core; 0: one per core).
    #[pyo3(signature = (files, jobs = 1))]
    fn check_files(
        &self,
        py: Python<'_>,
        files: &Bound<'_, PyAny>,
        jobs: i64,
    ) -> PyResult<Partial> {
        let jobs = usize::try_from(jobs)
            .ok()
            .filter(|&jobs| jobs <= 256)
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "jobs must be 0 (one thread per core) or 1 to 256, not {jobs}"
                ))
            })?;
        let mut list = Vec::new();
        for entry in files.try_iter()? {
            let entry = entry?;
            let (source, value, _) = item(&entry, "bytes")?;
            let bytes: Vec<u8> = if let Ok(bytes) = value.downcast::<PyBytes>() {
                bytes.as_bytes().to_vec()
            } else {
                value.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "a file's content must be bytes, not {}",
                        type_name(&value)
                    ))
                })?
            };
            list.push((source, bytes));
        }
        let options = RunOptions {
            jobs,
            ..RunOptions::default()
        };
        let inner = py
            .detach(|| self.inner.check_files(list, &options))
            .map_err(|e| error(&e))?;
        Ok(Partial { inner })
    }

    /// An empty partial, the neutral element of `Partial.merge`.
    fn empty(&self) -> Partial {
        Partial {
            inner: validator::Partial::empty(self.inner.identity().clone()),
        }
    }

    /// Reads a partial from bytes (as `Partial.to_bytes` wrote) or from a file path, refusing
    /// one of another schema set or config, or one truncated or damaged.
    fn read_partial(&self, data: &Bound<'_, PyAny>) -> PyResult<Partial> {
        let identity = self.inner.identity();
        let inner = if let Ok(bytes) = data.downcast::<PyBytes>() {
            validator::Partial::from_bytes(bytes.as_bytes(), Path::new("<bytes>"), identity)
        } else {
            let path: PathBuf = data.extract().map_err(|_| {
                PyTypeError::new_err(format!("expected bytes or a path, not {}", type_name(data)))
            })?;
            validator::Partial::read(&path, identity)
        }
        .map_err(|e| error(&e))?;
        Ok(Partial { inner })
    }

    /// Renders the report of a partial in a format of `acs-logs check --format` (`text`,
    /// `json`, `markdown`, `sarif`, `junit`, `github`), without colour.
    #[pyo3(signature = (partial, format = "json", fail_on = "error", baseline = None))]
    fn report(
        &self,
        partial: &Partial,
        format: &str,
        fail_on: &str,
        baseline: Option<PathBuf>,
    ) -> PyResult<String> {
        let format = Format::from_str(format, true)
            .map_err(|_| PyValueError::new_err(format!("unknown report format {format:?}")))?;
        let report = self.build(partial, fail_on, baseline)?;
        Ok(validator::render(
            &report,
            format,
            RenderOptions { color: false },
        ))
    }

    /// The exit code `acs-logs check` would give: 1 when a finding reaches `fail_on`, else 0.
    #[pyo3(signature = (partial, fail_on = "error", baseline = None))]
    fn exit_code(
        &self,
        partial: &Partial,
        fail_on: &str,
        baseline: Option<PathBuf>,
    ) -> PyResult<u8> {
        Ok(self.build(partial, fail_on, baseline)?.exit_code())
    }
}

impl Index {
    fn build(
        &self,
        partial: &Partial,
        fail_on: &str,
        baseline: Option<PathBuf>,
    ) -> PyResult<Report> {
        let fail_on = FailOn::from_str(fail_on, true)
            .map_err(|_| PyValueError::new_err(format!("unknown fail_on level {fail_on:?}")))?;
        let baseline = baseline
            .map(|path| Baseline::load(&path))
            .transpose()
            .map_err(|e| error(&e))?;
        Ok(self
            .inner
            .report(&partial.inner, baseline.as_ref(), fail_on))
    }
}

#[pymethods]
impl Partial {
    /// A new partial holding both: associative and commutative, so partials can be merged in
    /// any order and any tree shape.
    fn merge(&self, other: &Partial) -> PyResult<Partial> {
        let mut inner = self.inner.clone();
        inner.merge(other.inner.clone()).map_err(|e| error(&e))?;
        Ok(Partial { inner })
    }

    /// The versioned file format `acs-logs merge` reads.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = self.inner.to_bytes().map_err(|e| error(&e))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Writes the partial to a file, for `acs-logs merge`.
    fn write(&self, path: PathBuf) -> PyResult<()> {
        self.inner.write(&path).map_err(|e| error(&e))
    }

    /// Every record counted.
    #[getter]
    fn records(&self) -> u64 {
        self.inner.records()
    }

    /// The input names, in canonical order.
    #[getter]
    fn inputs(&self) -> Vec<String> {
        self.inner
            .inputs
            .iter()
            .map(|input| input.name.clone())
            .collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "<acs_logs.Partial: {} input(s), {} record(s)>",
            self.inner.inputs.len(),
            self.inner.records()
        )
    }
}

/// The embedded ACS catalog: one dict per category (`category`, `title`, `table`, `schema`,
/// `pages`).
#[pyfunction]
fn catalog(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyDict>>> {
    SchemaSet::acs()
        .categories()
        .iter()
        .map(|entry| {
            let dict = PyDict::new(py);
            dict.set_item("category", &entry.category)?;
            dict.set_item("title", &entry.title)?;
            dict.set_item("table", &entry.table)?;
            dict.set_item("schema", &entry.schema)?;
            let pages: Vec<(String, String)> = entry
                .pages
                .iter()
                .map(|page| (page.page.clone(), page.table.clone()))
                .collect();
            dict.set_item("pages", pages)?;
            Ok(dict)
        })
        .collect()
}

/// The embedded JSON Schema of a category, as JSON text; `None` for an unknown category.
#[pyfunction]
fn schema(category: &str) -> Option<String> {
    SchemaSet::acs()
        .category(category)
        .and_then(|entry| SchemaSet::acs().document(&entry.schema))
        .map(ToString::to_string)
}

/// The native module.
#[pymodule]
fn acs_logs(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add("FORMAT_VERSION", validator::PARTIAL_FORMAT_VERSION)?;
    module.add("AcsLogsError", module.py().get_type::<AcsLogsError>())?;
    module.add_class::<Index>()?;
    module.add_class::<Partial>()?;
    module.add_function(wrap_pyfunction!(catalog, module)?)?;
    module.add_function(wrap_pyfunction!(schema, module)?)?;
    Ok(())
}
