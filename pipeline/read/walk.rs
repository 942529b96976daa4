//! Walking the input: every file below a folder, in a sorted, stable order.

use std::path::{Path, PathBuf};

use super::{InputError, source_name};

/// A file found below the input root.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its name in the outputs: relative to the input root.
    pub source: String,
    /// Why it is not read, when it is not a file scour can open (a broken
    /// link, a link to a folder, a pipe or device).
    pub skip: Option<String>,
}

/// Lists the files below `root` (or `root` itself when it is a file), sorted
/// by their relative path so that corpus order never depends on the file
/// system. Hidden entries (names starting with `.`) are passed over. Folders
/// that cannot be listed become errors instead of stopping the walk.
/// Symbolic links to folders are not followed, so a link loop cannot trap
/// the walk; they, broken links and special files are listed with the
/// reason they are skipped.
pub fn walk(root: &Path) -> std::io::Result<(Vec<InputFile>, Vec<InputError>)> {
    let meta = std::fs::metadata(root)?;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if meta.is_file() {
        files.push(InputFile {
            path: root.to_path_buf(),
            source: source_name(root, root),
            skip: None,
        });
        return Ok((files, errors));
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                let source = source_name(root, &dir);
                errors.push(InputError::new(
                    &source,
                    None,
                    "unreadable",
                    format!("cannot list folder: {e}"),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let source = source_name(root, &path);
            let skip = match entry.file_type() {
                Err(e) => Some(format!("cannot tell what it is: {e}")),
                Ok(t) if t.is_dir() => {
                    stack.push(path);
                    continue;
                }
                Ok(t) if t.is_file() => None,
                Ok(t) if t.is_symlink() => match std::fs::metadata(&path) {
                    Err(_) => Some("broken symbolic link".to_string()),
                    Ok(m) if m.is_dir() => {
                        Some("symbolic link to a folder (not followed)".to_string())
                    }
                    Ok(m) if m.is_file() => None,
                    Ok(_) => Some("symbolic link to something that is not a file".to_string()),
                },
                Ok(_) => Some("not a regular file (a pipe, socket or device)".to_string()),
            };
            files.push(InputFile { path, source, skip });
        }
    }
    files.sort_by(|a, b| a.source.cmp(&b.source));
    errors.sort_by(|a, b| a.source.cmp(&b.source));
    Ok((files, errors))
}
