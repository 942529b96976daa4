//! The binary as users call it: exit codes, messages, atomic outputs.

use std::path::Path;
use std::process::Command;

use crate::common::fixtures;

fn scour(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scour"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_code_1_when_some_input_is_bad_and_the_rest_is_kept() {
    let out = tempfile::tempdir().unwrap();
    let input = fixtures("bad");
    let (code, stderr) = scour(&[
        "run",
        "--input",
        input.to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("errors.csv"), "{stderr}");
    let errors = crate::common::read_csv(&out.path().join("errors.csv"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["source"], "image.txt");
    assert_eq!(errors[0]["kind"], "not_text");
    assert!(
        errors[0]["message"].contains("PNG image"),
        "{}",
        errors[0]["message"]
    );
    let docs = crate::common::read_csv(&out.path().join("documents.csv"));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["source"], "good.txt");
}

#[test]
fn exit_code_2_when_it_cannot_run() {
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = scour(&[
        "run",
        "--input",
        "/no/such/folder",
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/no/such/folder"), "{stderr}");

    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("a.txt"), "text").unwrap();
    let inside = input.path().join("out");
    let (code, stderr) = scour(&[
        "run",
        "--input",
        input.path().to_str().unwrap(),
        "--output",
        inside.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("inside the input"), "{stderr}");
    assert!(!inside.exists());
}

#[test]
fn outputs_replace_the_previous_run_and_leave_no_temporary_files() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir(out.path().join(".scour-tmp-99999")).unwrap();
    let input = fixtures("site");
    for _ in 0..2 {
        let (code, stderr) = scour(&[
            "run",
            "-i",
            input.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "-t",
            "2",
        ]);
        assert_eq!(code, 1, "{stderr}");
    }
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = scour::write::schema::TABLES
        .iter()
        .flat_map(|t| [format!("{t}.csv"), format!("{t}.parquet")])
        .collect();
    want.extend(["manifest.json", "README.md", "report.html"].map(String::from));
    want.sort();
    assert_eq!(names, want);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("manifest.json")).unwrap())
            .unwrap();
    for output in manifest["outputs"].as_array().unwrap() {
        let bytes = std::fs::read(out.path().join(output["file"].as_str().unwrap())).unwrap();
        assert_eq!(output["bytes"].as_u64().unwrap(), bytes.len() as u64);
    }
}

#[test]
fn the_seed_pages_run_clean() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    assert!(
        seeds.is_dir(),
        "the seed pages are expected beside the repository, at {}",
        seeds.display()
    );
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = scour(&[
        "run",
        "--input",
        seeds.to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let docs = crate::common::read_csv(&out.path().join("documents.csv"));
    assert_eq!(docs.len(), 5);
}

#[test]
fn links_and_special_files_are_listed_as_skipped_not_lost() {
    let input = tempfile::tempdir().unwrap();
    let dir = input.path();
    std::fs::write(
        dir.join("page.txt"),
        "Title\n\nSome text of the page that is kept.",
    )
    .unwrap();
    std::fs::write(dir.join("notes.pdf"), "%PDF-1.4").unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.join("missing.txt"), dir.join("broken.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("sub"), dir.join("loop.txt")).unwrap();
    let fifo = dir.join("pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = scour(&[
        "run",
        "-i",
        dir.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("manifest.json")).unwrap())
            .unwrap();
    let skipped: Vec<(String, String)> = manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["format"] == "skipped")
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_string(),
                i["skipped"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let names: Vec<&str> = skipped.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, ["broken.txt", "loop.txt", "notes.pdf", "pipe.txt"]);
    assert!(skipped[0].1.contains("broken"));
    assert!(skipped[2].1.contains(".pdf"));
    assert_eq!(manifest["counts"]["files_skipped"], 4);
    assert_eq!(manifest["counts"]["documents"], 1);
}

#[test]
fn a_config_file_sets_options_and_an_unknown_key_is_named() {
    let input = tempfile::tempdir().unwrap();
    std::fs::create_dir(input.path().join("legacy")).unwrap();
    // Short GBK text that detection alone could take for another encoding.
    let text = "江城新闻\n\n江城市图书馆今天重新开放,市民可以预约座位和借阅图书。";
    std::fs::write(
        input.path().join("legacy/page.txt"),
        encoding_rs::GBK.encode(text).0,
    )
    .unwrap();
    let config = input.path().join("scour.toml");
    std::fs::write(
        &config,
        "[read]\nencodings = { \"legacy/**\" = \"gb18030\" }\n",
    )
    .unwrap();
    // Globs match paths relative to --input.
    let data = input.path();
    let out = tempfile::tempdir().unwrap();
    let run_with_config = || {
        scour(&[
            "run",
            "-i",
            data.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "-c",
            config.to_str().unwrap(),
        ])
    };
    let (code, stderr) = run_with_config();
    assert_eq!(code, 0, "{stderr}");
    let docs = crate::common::read_csv(&out.path().join("documents.csv"));
    assert_eq!(docs[0]["encoding"], "gb18030");
    assert_eq!(
        docs[0]["text"],
        "江城市图书馆今天重新开放,市民可以预约座位和借阅图书。"
    );

    std::fs::write(&config, "[dedup]\nmin_paragraf = 3\n").unwrap();
    let (code, stderr) = run_with_config();
    assert_eq!(code, 2);
    assert!(
        stderr.contains("min_paragraf") && stderr.contains("min_paragraph_bytes"),
        "{stderr}"
    );
}

#[test]
fn scour_toml_in_the_working_folder_is_read_and_set_flags_override_it() {
    let work = tempfile::tempdir().unwrap();
    let run_in = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_scour"))
            .args(args)
            .current_dir(work.path())
            .output()
            .unwrap();
        // 1 is a completed run with input errors: the fixture has some.
        let code = out.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // The documented starting point: the commented default, edited.
    let default = run_in(&["config", "--default"]);
    assert!(default.contains("# Drop a document that is a near-duplicate"));
    let edited = default.replace("near_documents = true", "near_documents = false");
    assert_ne!(edited, default);
    std::fs::write(work.path().join("scour.toml"), edited).unwrap();

    let input = fixtures("site");
    let set = ["--set", "dedup.min_paragraph_bytes=1000"];
    run_in(
        &[
            &["run", "-i", input.to_str().unwrap(), "-o", "out"][..],
            &set,
        ]
        .concat(),
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(work.path().join("out/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["config"]["dedup"]["near_documents"], false);
    assert_eq!(manifest["config"]["dedup"]["min_paragraph_bytes"], 1000);
    assert_eq!(manifest["run"]["config_file"], "scour.toml");

    // `scour config` shows the same effective config as TOML.
    let effective = run_in(&[&["config"][..], &set].concat());
    let effective: toml::Table = effective.parse().unwrap();
    assert_eq!(effective["dedup"]["near_documents"].as_bool(), Some(false));
    assert_eq!(
        effective["dedup"]["min_paragraph_bytes"].as_integer(),
        Some(1000)
    );
}

#[test]
fn rules_lists_every_rule_with_its_kind_language_and_pattern() {
    let out = Command::new(env!("CARGO_BIN_EXE_scour"))
        .arg("rules")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "id",
            "kind",
            "language",
            "where",
            "zone",
            "max_chars",
            "pattern"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 7));
    assert!(rows.iter().any(|r| r[0] == "en.nav_edge" && r[4] == "edge"));
    let book = scour::boilerplate::RuleBook::builtin().unwrap();
    assert_eq!(rows.len() - 1, book.rules().len());
    let byline = rows
        .iter()
        .find(|r| r[0] == "de.byline")
        .expect("German byline rule");
    assert_eq!(&byline[1..4], ["byline", "de", "line"]);
    let languages: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| r[2]).collect();
    assert_eq!(
        languages.into_iter().collect::<Vec<_>>(),
        ["de", "en", "es", "fr", "ja", "pt", "ru", "zh"]
    );
}

#[test]
fn progress_and_summary_go_to_stderr_and_quiet_silences_them() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(
        input.path().join("page.txt"),
        "A harbour town reopened its night market on the old quay this spring.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let args = [
        "run",
        "-i",
        input.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ];
    let (code, stderr) = scour(&args);
    assert_eq!(code, 0, "{stderr}");
    // Not a terminal: plain lines, one per pass, then the summary table.
    assert!(
        stderr.contains("scour: counting: 70 B of 70 B (100%), file 1 of 1, 1 documents"),
        "{stderr}"
    );
    assert!(
        stderr.contains("scour: processing: 70 B of 70 B (100%), file 1 of 1, 1 documents"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\r'),
        "{stderr}"
    );
    for label in [
        "inputs",
        "kept",
        "dropped",
        "duplicates",
        "removed",
        "errors",
        "time",
        "outputs",
    ] {
        assert!(
            stderr.contains(&format!("\n  {label:<12} ")),
            "{label}: {stderr}"
        );
    }
    assert!(
        stderr.contains("  inputs       1 files (0 skipped), 70 B, 1 records"),
        "{stderr}"
    );
    let (code, stderr) = scour(&[&args[..], &["--quiet"]].concat());
    assert_eq!(code, 0);
    assert_eq!(stderr, "");
}

#[test]
fn scan_counts_what_a_run_would_read_and_writes_nothing() {
    let input = fixtures("site");
    let out = Command::new(env!("CARGO_BIN_EXE_scour"))
        .args(["scan", "--json", "-i", input.to_str().unwrap()])
        .output()
        .unwrap();
    // The fixtures' three bad records: exit code 1, as for `run`.
    assert_eq!(out.status.code(), Some(1));
    let scan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = crate::common::run(&input, 1);
    let c = &run.manifest.counts;
    assert_eq!(scan["files"], c.files);
    assert_eq!(scan["records"], c.records - c.record_errors);
    assert_eq!(scan["errors"], c.errors);
    assert_eq!(scan["formats"]["jsonl"], 1);
    assert_eq!(scan["encodings"]["utf-8"], scan["records"]);
    assert_eq!(scan["error_kinds"]["bad_json"], 1);
    let first = scan["first_errors"][0].as_str().unwrap();
    assert!(first.starts_with("feed.jsonl record 2: "), "{first}");
}

#[test]
fn a_file_without_read_permission_is_an_error_row_and_the_rest_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    // Root reads anything: as root (CI), run scour as `nobody`, from a copy
    // of the binary that `nobody` can reach.
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let dir = tempfile::tempdir().unwrap();
    let mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    mode(dir.path(), 0o755);
    let (input, output) = (dir.path().join("input"), dir.path().join("output"));
    std::fs::create_dir(&input).unwrap();
    std::fs::create_dir(&output).unwrap();
    mode(&output, 0o777);
    std::fs::write(input.join("a-secret.txt"), "Nobody may read this page.").unwrap();
    mode(&input.join("a-secret.txt"), 0o000);
    std::fs::write(
        input.join("b-open.txt"),
        "The harbour authority extended the evening ferry timetable for the summer.",
    )
    .unwrap();
    let binary = dir.path().join("scour");
    std::fs::copy(env!("CARGO_BIN_EXE_scour"), &binary).unwrap();
    mode(&binary, 0o755);
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(&binary);
        c
    } else {
        Command::new(&binary)
    };
    let out = cmd
        .args(["run", "-q", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors = crate::common::read_csv(&output.join("errors.csv"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["source"], "a-secret.txt");
    assert_eq!(errors[0]["kind"], "unreadable");
    assert!(
        errors[0]["message"].contains("ermission denied"),
        "{errors:?}"
    );
    let docs = crate::common::read_csv(&output.join("documents.csv"));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["source"], "b-open.txt");
}

/// `scour run` from `input` into `out`, with more arguments.
fn run_into(input: &Path, out: &Path, more: &[&str]) -> (i32, String) {
    let mut args = vec![
        "run",
        "-i",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(more);
    scour(&args)
}

#[test]
fn formats_choose_the_files_and_the_errors_message_names_the_one_written() {
    let out = tempfile::tempdir().unwrap();
    let input = fixtures("bad");
    let (code, stderr) = run_into(&input, out.path(), &["-q", "--formats", "parquet"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("errors.parquet"), "{stderr}");
    assert!(out.path().join("documents.parquet").is_file());
    assert!(!out.path().join("documents.csv").exists());
    let (code, stderr) = run_into(&input, out.path(), &["--formats", "parquet,xml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("xml") && stderr.contains("csv"), "{stderr}");
}
