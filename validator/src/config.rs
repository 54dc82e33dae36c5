//! The config file of the repository being checked (`.acs-logs.toml`): the level of each
//! finding id, so a team can make undocumented fields fail the build, or silence coverage notes.
//!
//! ```toml
//! [levels]
//! undocumented-field = "error"
//! documented-field-never-seen = "off"
//! ```

use crate::error::ConfigError;
use crate::finding::{FindingId, Level};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file looked for in the working directory when `--config` is not given.
pub(crate) const DEFAULT_CONFIG_FILE: &str = ".acs-logs.toml";

/// The level of every finding id; `None` turns an id off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    levels: BTreeMap<FindingId, Option<Level>>,
    /// The file the config came from, if any.
    pub source: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            levels: FindingId::ALL
                .into_iter()
                .map(|id| (id, Some(id.default_level())))
                .collect(),
            source: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    levels: BTreeMap<String, String>,
}

impl Config {
    /// The level of an id, or `None` when it is turned off.
    pub fn level(&self, id: FindingId) -> Option<Level> {
        self.levels
            .get(&id)
            .copied()
            .unwrap_or(Some(id.default_level()))
    }

    /// Reads a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Parses config text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|error| {
            let (line, column) = error
                .span()
                .map_or((0, 0), |span| line_column(text, span.start));
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: error.message().to_owned(),
            }
        })?;
        let mut config = Config {
            source: Some(path.to_path_buf()),
            ..Config::default()
        };
        for (key, value) in file.levels {
            let Some(id) = FindingId::parse(&key) else {
                return Err(ConfigError::Value {
                    path: path.to_path_buf(),
                    key: format!("levels.{key}"),
                    message: format!(
                        "unknown finding id; known: {}",
                        FindingId::ALL.map(FindingId::as_str).join(", ")
                    ),
                });
            };
            let level = match value.as_str() {
                "error" => Some(Level::Error),
                "warning" => Some(Level::Warning),
                "info" => Some(Level::Info),
                "off" => None,
                other => {
                    return Err(ConfigError::Value {
                        path: path.to_path_buf(),
                        key: format!("levels.{key}"),
                        message: format!(
                            "unknown level {other:?}; use error, warning, info or off"
                        ),
                    });
                }
            };
            config.levels.insert(id, level);
        }
        Ok(config)
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |rest| rest.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn levels_can_be_raised_lowered_and_turned_off() {
        let config = Config::parse(
            "[levels]\nundocumented-field = \"error\"\ndocumented-field-never-seen = \"off\"\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(
            config.level(FindingId::UndocumentedField),
            Some(Level::Error)
        );
        assert_eq!(config.level(FindingId::DocumentedFieldNeverSeen), None);
        assert_eq!(config.level(FindingId::TypeMismatch), Some(Level::Error));
    }

    #[test]
    fn unknown_ids_and_levels_name_the_key() {
        let error =
            Config::parse("[levels]\nno-such-id = \"error\"\n", Path::new("x.toml")).unwrap_err();
        assert!(error.to_string().contains("levels.no-such-id"), "{error}");
        let error =
            Config::parse("[levels]\ntype-mismatch = \"loud\"\n", Path::new("x.toml")).unwrap_err();
        assert!(
            error.to_string().contains("levels.type-mismatch"),
            "{error}"
        );
        let error = Config::parse("[levels\n", Path::new("x.toml")).unwrap_err();
        assert!(error.to_string().starts_with("x.toml:1:"), "{error}");
    }
}
