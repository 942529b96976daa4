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
}

/// Lists the files below `root` (or `root` itself when it is a file), sorted
/// by their relative path so that corpus order never depends on the file
/// system. Hidden entries (names starting with `.`) are skipped. Folders that
/// cannot be listed become errors instead of stopping the walk. Symbolic
/// links to folders are not followed, so a link loop cannot trap the walk.
pub fn walk(root: &Path) -> std::io::Result<(Vec<InputFile>, Vec<InputError>)> {
    let meta = std::fs::metadata(root)?;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if meta.is_file() {
        files.push(InputFile {
            path: root.to_path_buf(),
            source: source_name(root, root),
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
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                stack.push(path);
            } else if file_type.is_file() || (file_type.is_symlink() && path.is_file()) {
                let source = source_name(root, &path);
                files.push(InputFile { path, source });
            }
        }
    }
    files.sort_by(|a, b| a.source.cmp(&b.source));
    errors.sort_by(|a, b| a.source.cmp(&b.source));
    Ok((files, errors))
}
