//! A run killed midway leaves no output that looks complete but is not,
//! and the next run succeeds.

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

fn scour(input: &std::path::Path, output: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scour"));
    cmd.args(["run", "-t", "2", "-i"])
        .arg(input)
        .arg("-o")
        .arg(output);
    cmd.stderr(std::process::Stdio::null());
    cmd
}

/// Every output the manifest lists has the bytes it records.
fn assert_consistent(out: &std::path::Path) {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    for o in manifest["outputs"].as_array().unwrap() {
        let bytes = std::fs::read(out.join(o["file"].as_str().unwrap())).unwrap();
        let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&bytes));
        assert_eq!(o["xxh3"].as_str().unwrap(), hash, "{}", o["file"]);
    }
}

#[test]
fn a_killed_run_leaves_the_previous_outputs_or_none() {
    let small = tempfile::tempdir().unwrap();
    std::fs::write(
        small.path().join("a.txt"),
        "Title\n\nA small page for the first, complete run.",
    )
    .unwrap();
    let big = tempfile::tempdir().unwrap();
    let mut jsonl = std::fs::File::create(big.path().join("pages.jsonl")).unwrap();
    for i in 0..40_000 {
        let text = format!(
            "Page {i}\n\nParagraph {i} of a large corpus, long enough to be hashed and kept by the run."
        );
        writeln!(jsonl, "{}", serde_json::json!({ "text": text })).unwrap();
    }
    drop(jsonl);
    let out = tempfile::tempdir().unwrap();
    assert!(scour(small.path(), out.path()).status().unwrap().success());
    assert_consistent(out.path());

    let mut child = scour(big.path(), out.path()).spawn().unwrap();
    let started = Instant::now();
    // Kill it once it has started writing (its temporary folder exists).
    loop {
        let writing = std::fs::read_dir(out.path()).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".scour-tmp-")
        });
        if writing || started.elapsed() > Duration::from_secs(30) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run finished before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    // Either the previous run's outputs, complete and consistent, or no manifest.
    if out.path().join("manifest.json").exists() {
        assert_consistent(out.path());
        let docs = crate::common::read_csv(&out.path().join("documents.csv"));
        assert_eq!(
            docs.len(),
            1,
            "the manifest describes the previous, complete run"
        );
    }
    assert!(scour(big.path(), out.path()).status().unwrap().success());
    assert_consistent(out.path());
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
