//! Loading a config: the file, then `--set` overrides, checked key by key
//! against the defaults before serde sees them, so that a typo or a value
//! of the wrong type is reported with its dotted key and, for a typo, the
//! nearest valid key.

use std::path::Path;

use toml::{Table, Value};

use super::Config;
use crate::error::{Result, ScourError};

/// The default configuration with a comment on every key (`scour config
/// --default` prints it); a test holds it equal to `Config::default()`.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

impl Config {
    /// The config of a run: `file` (TOML, keys left out keep their
    /// defaults) with the `KEY=VALUE` overrides applied on top. An unknown
    /// key, a value of the wrong type or an impossible value is an error
    /// naming the key.
    pub fn load(file: Option<&Path>, overrides: &[String]) -> Result<Config> {
        let mut table = match file {
            Some(path) => read_table(path)?,
            None => Table::new(),
        };
        for assignment in overrides {
            merge(&mut table, parse_override(assignment)?);
        }
        Config::from_table(table, file.unwrap_or(Path::new("--set")))
    }

    /// The config of a JSON object (nested as the TOML file is; the Python
    /// package passes a dict this way), checked as [`Config::load`] checks
    /// a file. `origin` names it in errors.
    pub fn from_json(json: &str, origin: &str) -> Result<Config> {
        let bad = |message: String| ScourError::ConfigFile {
            path: origin.into(),
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
        let table = Table::try_from(value).map_err(|e| {
            bad(format!(
                "not a table of settings: {e} (null is not a value)"
            ))
        })?;
        Config::from_table(table, Path::new(origin))
    }

    fn from_table(table: Table, origin: &Path) -> Result<Config> {
        let defaults = Table::try_from(Config::default()).expect("the default config serializes");
        check_keys(&table, &defaults, "", &defaults)?;
        let config =
            Config::deserialize_table(table).map_err(|message| ScourError::ConfigFile {
                path: origin.to_path_buf(),
                message,
            })?;
        config.check()?;
        Ok(config)
    }

    fn deserialize_table(table: Table) -> std::result::Result<Config, String> {
        serde::Deserialize::deserialize(Value::Table(table))
            .map_err(|e: toml::de::Error| e.to_string())
    }

    /// Refuses values that the types allow but the stages cannot use.
    pub fn check(&self) -> Result<()> {
        self.dedup.minhash.check()?;
        self.quality.check()?;
        let share = self.read.max_undecodable_share;
        if !(0.0..=1.0).contains(&share) {
            return Err(ScourError::Config {
                key: "read.max_undecodable_share".into(),
                message: format!("{share} is not a share between 0 and 1"),
            });
        }
        Ok(())
    }
}

fn read_table(path: &Path) -> Result<Table> {
    let bad = |message: String| ScourError::ConfigFile {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    text.parse::<Table>().map_err(|e| bad(e.to_string()))
}

/// `dedup.minhash.threshold=0.8` as a one-key table. The key is a TOML
/// dotted key (quotes allowed, for globs); a value that is not TOML is
/// taken as a string, so `read.id_field=doc_id` needs no quotes.
fn parse_override(assignment: &str) -> Result<Table> {
    let bad = |message: &str| ScourError::Config {
        key: assignment.to_string(),
        message: message.to_string(),
    };
    let (key, value) = assignment
        .split_once('=')
        .ok_or_else(|| bad("an override is KEY=VALUE, e.g. dedup.near_documents=false"))?;
    let (key, value) = (key.trim(), value.trim());
    if key.is_empty() {
        return Err(bad("the key is missing"));
    }
    format!("{key} = {value}")
        .parse::<Table>()
        .or_else(|_| format!("{key} = {}", Value::String(value.to_string())).parse())
        .map_err(|e| bad(&e.to_string()))
}

/// Deep merge: tables merge key by key, anything else is replaced.
fn merge(into: &mut Table, from: Table) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(Value::Table(old)), Value::Table(new)) => merge(old, new),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// Every key of `table` must exist in `defaults` (except inside tables that
/// are free-form maps, empty by default) with a value of the same type.
fn check_keys(table: &Table, defaults: &Table, prefix: &str, root: &Table) -> Result<()> {
    for (key, value) in table {
        let path = format!("{prefix}{key}");
        let Some(default) = defaults.get(key) else {
            return Err(ScourError::Config {
                message: unknown_key_message(&path, root),
                key: path,
            });
        };
        match (default, value) {
            (Value::Table(d), Value::Table(t)) if !d.is_empty() => {
                check_keys(t, d, &format!("{path}."), root)?
            }
            (Value::Table(_), Value::Table(t)) => check_map(t, &path)?,
            (Value::Integer(_), Value::Integer(n)) if *n < 0 => {
                return Err(ScourError::Config {
                    key: path,
                    message: format!("{n} is negative; the value is a count or a size"),
                });
            }
            (Value::Float(_), Value::Integer(_)) => {}
            (Value::Array(d), Value::Array(items)) => {
                if let Some(first) = d.first()
                    && let Some(item) = items.iter().find(|i| i.type_str() != first.type_str())
                {
                    return Err(type_error(
                        &path,
                        &format!("an array of {}s", first.type_str()),
                        item,
                    ));
                }
            }
            (d, v) if d.type_str() != v.type_str() => {
                return Err(type_error(&path, &article(d.type_str()), v));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A free-form map (glob → encoding): its values are strings.
fn check_map(table: &Table, path: &str) -> Result<()> {
    match table.iter().find(|(_, v)| !v.is_str()) {
        Some((key, value)) => Err(type_error(&format!("{path}.\"{key}\""), "a string", value)),
        None => Ok(()),
    }
}

fn article(type_str: &str) -> String {
    match type_str {
        "integer" | "array" => format!("an {type_str}"),
        other => format!("a {other}"),
    }
}

fn type_error(path: &str, expected: &str, found: &Value) -> ScourError {
    ScourError::Config {
        key: path.to_string(),
        message: format!(
            "must be {expected}, not {} ({found})",
            article(found.type_str())
        ),
    }
}

/// "unknown key", with the nearest valid key: one with the same last part
/// anywhere (a key put in the wrong table), else the closest spelling of
/// the last part (Jaro-Winkler, which favours a shared start), preferring
/// keys of the same table.
fn unknown_key_message(path: &str, root: &Table) -> String {
    let mut keys = Vec::new();
    all_keys(root, "", &mut keys);
    let split = |k: &str| match k.rsplit_once('.') {
        Some((parent, leaf)) => (parent.to_string(), leaf.to_string()),
        None => (String::new(), k.to_string()),
    };
    let (parent, leaf) = split(path);
    let same_leaf = keys.iter().find(|k| split(k).1 == leaf);
    let closest = || {
        let score = |k: &String| {
            let (p, l) = split(k);
            strsim::jaro_winkler(&l, &leaf) + if p == parent { 0.05 } else { 0.0 }
        };
        keys.iter()
            .map(|k| (score(k), k))
            .filter(|(s, _)| *s >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, k)| k)
    };
    match same_leaf.or_else(closest) {
        Some(k) => {
            format!("unknown key; did you mean `{k}`? (`scour config --default` lists every key)")
        }
        None => "unknown key (`scour config --default` lists every key)".to_string(),
    }
}

fn all_keys(table: &Table, prefix: &str, out: &mut Vec<String>) {
    for (key, value) in table {
        let path = format!("{prefix}{key}");
        if let Value::Table(t) = value
            && !t.is_empty()
        {
            all_keys(t, &format!("{path}."), out);
        }
        out.push(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str, overrides: &[&str]) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scour.toml");
        std::fs::write(&path, text).unwrap();
        let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
        Config::load(Some(&path), &overrides)
    }

    fn error(text: &str, overrides: &[&str]) -> String {
        load_text(text, overrides).unwrap_err().to_string()
    }

    #[test]
    fn the_commented_default_is_the_default() {
        let parsed: Config = toml::from_str(DEFAULT_TOML).unwrap();
        assert_eq!(parsed, Config::default());
        // Every key of the config is written out (and so commented).
        let mut written = Vec::new();
        all_keys(&DEFAULT_TOML.parse::<Table>().unwrap(), "", &mut written);
        let mut expected = Vec::new();
        all_keys(
            &Table::try_from(Config::default()).unwrap(),
            "",
            &mut expected,
        );
        written.sort();
        expected.sort();
        assert_eq!(written, expected);
    }

    #[test]
    fn every_key_in_the_default_has_a_comment_above_it() {
        let lines: Vec<&str> = DEFAULT_TOML.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let is_key = !line.starts_with('#') && line.contains(" = ");
            let is_table = line.starts_with('[');
            if is_key || is_table {
                assert!(
                    n > 0 && lines[n - 1].starts_with('#'),
                    "no comment above line {}: {line}",
                    n + 1
                );
            }
        }
    }

    #[test]
    fn a_typo_names_the_key_and_the_nearest_valid_one() {
        let e = error("[dedup.minhsh]\nbands = 10\n", &[]);
        assert!(e.contains("`dedup.minhsh`"), "{e}");
        assert!(e.contains("did you mean `dedup.minhash`"), "{e}");
        let e = error("[dedup]\nthreshold = 0.8\n", &[]);
        assert!(e.contains("did you mean `dedup.minhash.threshold`"), "{e}");
        let e = error("[read]\ntext_feilds = [\"body\"]\n", &[]);
        assert!(e.contains("did you mean `read.text_fields`"), "{e}");
        let e = error("[dedup]\nmin_paragraf = 3\n", &[]);
        assert!(
            e.contains("did you mean `dedup.min_paragraph_bytes`"),
            "{e}"
        );
        let e = error("[bolierplate]\nrules = false\n", &[]);
        assert!(e.contains("did you mean `boilerplate`"), "{e}");
        let e = error("zzzzzzzzzz = 1\n", &[]);
        assert!(
            e.contains("unknown key") && !e.contains("did you mean"),
            "{e}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_names_the_key() {
        let e = error("[dedup]\nmin_paragraph_bytes = \"sixty\"\n", &[]);
        assert!(
            e.contains("`dedup.min_paragraph_bytes`: must be an integer, not a string"),
            "{e}"
        );
        let e = error("[dedup]\nmin_paragraph_bytes = -5\n", &[]);
        assert!(
            e.contains("`dedup.min_paragraph_bytes`") && e.contains("negative"),
            "{e}"
        );
        let e = error("[read]\ntext_fields = [\"a\", 3]\n", &[]);
        assert!(
            e.contains("`read.text_fields`: must be an array of strings"),
            "{e}"
        );
        let e = error("[read.encodings]\n\"*.txt\" = 3\n", &[]);
        assert!(
            e.contains("`read.encodings.\"*.txt\"`: must be a string"),
            "{e}"
        );
        let e = error("[read]\nmax_undecodable_share = 2.0\n", &[]);
        assert!(e.contains("`read.max_undecodable_share`"), "{e}");
        let e = error("[dedup.minhash]\nhashes = 100\nbands = 14\n", &[]);
        assert!(e.contains("`dedup.minhash."), "{e}");
        let e = error("[quality]\nsets = [\"c4\", \"c5\"]\n", &[]);
        assert!(e.contains("`quality.sets`: no rule set `c5`"), "{e}");
        let e = error("[dedup\n", &[]);
        assert!(e.contains("scour.toml") && e.contains("line 1"), "{e}");
    }

    #[test]
    fn overrides_win_over_the_file() {
        let text = "[dedup]\nnear_documents = true\nmin_paragraph_bytes = 10\n";
        let config = load_text(
            text,
            &[
                "dedup.near_documents=false",
                "read.id_field=doc_id",
                "read.encodings.\"*.txt\" = \"gbk\"",
                "dedup.minhash.threshold=0.8",
            ],
        )
        .unwrap();
        assert!(!config.dedup.near_documents);
        assert_eq!(config.dedup.min_paragraph_bytes, 10);
        assert_eq!(config.read.id_field, "doc_id");
        assert_eq!(config.read.encodings["*.txt"], "gbk");
        assert_eq!(config.dedup.minhash.threshold, 0.8);
        assert_eq!(config.dedup.minhash.bands, 14);
        let e = error("", &["dedup.near_document=false"]);
        assert!(e.contains("did you mean `dedup.near_documents`"), "{e}");
        let e = error("", &["dedup.near_documents"]);
        assert!(e.contains("KEY=VALUE"), "{e}");
    }

    #[test]
    fn no_file_and_no_overrides_is_the_default() {
        assert_eq!(Config::load(None, &[]).unwrap(), Config::default());
    }
}
