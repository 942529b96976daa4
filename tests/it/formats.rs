//! Every container and encoding scour reads, and the bad input it must
//! survive: each case checks its document or its errors row, and that the
//! good file beside it is unaffected.

use std::io::Write;
use std::path::Path;

use crate::common::{Output, Row, run_with};

const PAGE: &str = "Harbour news\n\nThe harbour authority extended the evening ferry timetable for the whole summer season.";

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Runs over `dir` (with a good page added) and checks the good page is there.
fn run_dir(dir: &Path, config: scour::Config) -> Output {
    write(dir, "zz-good.txt", PAGE.as_bytes());
    let out = run_with(dir, 2, config);
    let good = out.document("zz-good.txt");
    assert_eq!(
        good["text"],
        "The harbour authority extended the evening ferry timetable for the whole summer season."
    );
    let c = &out.manifest.counts;
    assert_eq!(
        c.records,
        c.documents + c.documents_dropped + c.record_errors,
        "counts add up"
    );
    out
}

fn errors_of(out: &Output, source: &str) -> Vec<Row> {
    out.table("errors")
        .into_iter()
        .filter(|e| e["source"] == source)
        .collect()
}

fn one_error(out: &Output, source: &str, kind: &str, record: &str) -> Row {
    let errors = errors_of(out, source);
    assert_eq!(errors.len(), 1, "{source}: {errors:#?}");
    assert_eq!(
        (errors[0]["kind"].as_str(), errors[0]["record"].as_str()),
        (kind, record),
        "{source}: {}",
        errors[0]["message"]
    );
    errors[0].clone()
}

#[test]
fn compressed_inputs_are_recognised_by_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = br#"{"text": "A first page of text, long enough to be kept in the output table."}"#;
    write(dir.path(), "a.jsonl.gz", &gzip(jsonl));
    write(
        dir.path(),
        "b.jsonl.zst",
        &zstd::encode_all(&jsonl[..], 3).unwrap(),
    );
    // Compressed, but named as plain text: the bytes decide.
    let other =
        "Market news\n\nThe night market returns to the old quay every Thursday evening from May.";
    write(dir.path(), "c.txt", &gzip(other.as_bytes()));
    let out = run_dir(dir.path(), scour::Config::default());
    for source in ["a.jsonl.gz", "b.jsonl.zst", "c.txt"] {
        assert!(errors_of(&out, source).is_empty(), "{source}");
    }
    assert!(
        out.table("documents")
            .iter()
            .any(|d| d["source"] == "a.jsonl.gz")
    );
    assert_eq!(
        out.document("c.txt")["text"],
        "The night market returns to the old quay every Thursday evening from May."
    );
}

#[test]
fn truncated_gzip_and_gzip_bomb_become_errors() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..200)
        .map(|i| format!("{{\"text\": \"Record number {i} with enough words to be a page.\"}}\n"))
        .collect();
    let gz = gzip(lines.as_bytes());
    write(dir.path(), "cut.jsonl.gz", &gz[..gz.len() / 2]);
    write(dir.path(), "bomb.txt.gz", &gzip(&vec![b'a'; 4 << 20]));
    let mut config = scour::Config::default();
    config.read.max_decompressed_bytes = 1 << 20;
    let out = run_dir(dir.path(), config);
    let cut = errors_of(&out, "cut.jsonl.gz");
    assert_eq!(cut.len(), 1);
    assert_eq!(
        (cut[0]["kind"].as_str(), cut[0]["record"].as_str()),
        ("unreadable", "")
    );
    assert!(
        cut[0]["message"].contains("reading stopped after line"),
        "{}",
        cut[0]["message"]
    );
    let bomb = one_error(&out, "bomb.txt.gz", "unreadable", "1");
    assert!(
        bomb["message"].contains("max_decompressed_bytes"),
        "{}",
        bomb["message"]
    );
}

#[test]
fn legacy_encodings_are_detected_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let zh = "江城市发布公共图书馆改造方案\n\n近日,江城市文化和旅游局发布《公共图书馆改造方案》,对全市十二个图书馆的空间布局、数字服务和开放时间作出安排。";
    let zh_tw = "江城市發布公共圖書館改造方案\n\n近日,江城市文化和旅遊局發布《公共圖書館改造方案》,對全市十二個圖書館的空間布局、數字服務和開放時間作出安排。";
    let ja = "港のフェリー時刻表\n\n港湾局は月曜日、夏の間は夜のフェリーを深夜まで運航すると発表した。住民や観光客が利用できる便が増える。";
    let ru = "Расписание парома\n\nУправление порта объявило в понедельник, что вечерний паром будет ходить до полуночи всё лето, и жители смогут возвращаться позже.";
    let cases = [
        ("gbk.txt", encoding_rs::GBK, zh, "gbk"),
        ("big5.txt", encoding_rs::BIG5, zh_tw, "big5"),
        ("sjis.txt", encoding_rs::SHIFT_JIS, ja, "shift_jis"),
        ("cp1251.txt", encoding_rs::WINDOWS_1251, ru, "windows-1251"),
    ];
    for (name, encoding, text, _) in cases {
        write(dir.path(), name, &encoding.encode(text).0);
    }
    let mut utf16 = vec![0xFF, 0xFE];
    // Not the cp1251 text again: it would be dropped as a near-duplicate.
    let ru2 = "Библиотека\n\nГородская библиотека открывает новый читальный зал на втором этаже, где можно работать до десяти вечера.";
    utf16.extend(ru2.encode_utf16().flat_map(u16::to_le_bytes));
    write(dir.path(), "utf16.txt", &utf16);
    let out = run_dir(dir.path(), scour::Config::default());
    for (name, _, text, label) in cases {
        let doc = out.document(name);
        assert_eq!(doc["encoding"], label, "{name}");
        assert_eq!(doc["decode_errors"], "0");
        assert_eq!(doc["text"], text.split("\n\n").nth(1).unwrap(), "{name}");
    }
    assert_eq!(out.document("utf16.txt")["encoding"], "utf-16le");
}

#[test]
fn broken_bytes_are_counted_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Mostly UTF-8 with one bad byte: kept as UTF-8, the byte counted.
    let mut mostly = format!("{PAGE} Café crème. {}", "More text here. ".repeat(100)).into_bytes();
    mostly.insert(40, 0xFF);
    write(dir.path(), "mostly.txt", &mostly);
    // A GBK file the config says is UTF-8: refused, too much is undecodable.
    std::fs::create_dir_all(dir.path().join("forced")).unwrap();
    write(
        dir.path(),
        "forced/latin.txt",
        &encoding_rs::GBK
            .encode("全是中文的一页文字,没有一个英文字母,用来检验编码错误的比例。")
            .0,
    );
    let mut config = scour::Config::default();
    config
        .read
        .encodings
        .insert("forced/*.txt".into(), "utf-8".into());
    let out = run_dir(dir.path(), config);
    let doc = out.document("mostly.txt");
    assert_eq!(
        (doc["encoding"].as_str(), doc["decode_errors"].as_str()),
        ("utf-8", "1")
    );
    let e = one_error(&out, "forced/latin.txt", "undecodable", "1");
    assert!(e["message"].contains("read.encodings"), "{}", e["message"]);
}

#[test]
fn files_that_are_not_text_or_are_empty() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    );
    write(dir.path(), "nuls.txt", &[b'a', 0, b'b', 0, 0, 0, b'c', 0]);
    write(dir.path(), "empty.txt", b"");
    write(
        dir.path(),
        "nul-inside.txt",
        format!("{PAGE} and a NUL\0 in it").as_bytes(),
    );
    let out = run_dir(dir.path(), scour::Config::default());
    assert!(one_error(&out, "photo.txt", "not_text", "1")["message"].contains("PNG"));
    one_error(&out, "nuls.txt", "not_text", "1");
    let empty: Vec<Row> = out
        .table("removed")
        .into_iter()
        .filter(|r| r["source"] == "empty.txt")
        .collect();
    assert_eq!((empty.len(), empty[0]["reason"].as_str()), (1, "doc.empty"));
    assert!(out.document("nul-inside.txt")["text"].ends_with("and a NUL in it"));
}

#[test]
fn json_lines_records_good_and_bad() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "{{\"text\": \"x\", \"deep\": {}{}}}",
        "[".repeat(500),
        "]".repeat(500)
    );
    let lines = [
        "\u{feff}{\"text\": \"A page from a BOM-led file, long enough to be kept.\", \"lang_hint\": \"en\"}",
        "{\"content\": \"A page whose text sits in a content field, as some scrapers write it.\"}",
        "null",
        "[1, 2]",
        "{\"text\": \"unterminated",
        "{\"title\": \"no text here\"}",
        "{\"text\": {\"nested\": true}}",
        &deep,
        "",
        "{\"text\": \"The last good page of the file, after all the broken ones.\"}",
    ];
    write(dir.path(), "feed.jsonl", lines.join("\n").as_bytes());
    let mut latin = b"{\"text\": \"caf".to_vec();
    latin.extend(b"\xe9 au lait\"}\n");
    write(dir.path(), "latin.jsonl", &latin);
    let out = run_dir(dir.path(), scour::Config::default());
    let kinds: Vec<(String, String)> = errors_of(&out, "feed.jsonl")
        .into_iter()
        .map(|e| (e["record"].clone(), e["kind"].clone()))
        .collect();
    let want = [
        ("3", "bad_record"),
        ("4", "bad_record"),
        ("5", "bad_json"),
        ("6", "missing_field"),
        ("7", "bad_field"),
        ("8", "bad_json"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(kinds, want);
    let docs: Vec<Row> = out
        .table("documents")
        .into_iter()
        .filter(|d| d["source"] == "feed.jsonl")
        .collect();
    let records: Vec<&str> = docs.iter().map(|d| d["record"].as_str()).collect();
    assert_eq!(records, ["1", "2", "10"]);
    assert_eq!(docs[0]["metadata"], r#"{"lang_hint":"en"}"#);
    one_error(&out, "latin.jsonl", "invalid_utf8", "1");
}

#[test]
fn a_line_over_the_size_limit_is_an_error_not_a_memory_spike() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{{\"text\": \"{}\"}}\n", "word ".repeat(400_000));
    let lines =
        format!("{big}{{\"text\": \"The page after the huge one is read as usual, and kept.\"}}\n");
    write(dir.path(), "huge.jsonl", lines.as_bytes());
    write(dir.path(), "huge.txt", "x".repeat(3 << 20).as_bytes());
    let mut config = scour::Config::default();
    config.read.max_document_bytes = 1 << 20;
    let out = run_dir(dir.path(), config);
    one_error(&out, "huge.jsonl", "too_large", "1");
    one_error(&out, "huge.txt", "too_large", "1");
    assert!(
        out.table("documents")
            .iter()
            .any(|d| d["source"] == "huge.jsonl" && d["record"] == "2")
    );
}

#[test]
fn csv_tsv_and_json_arrays() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "\u{feff}id,title,text,views\n\
        1,First,\"A page whose text spans\nseveral lines, with \"\"quotes\"\", inside one field.\",10\n\
        2,Second,too,many,fields\n\
        3,Third,\"The third row is fine again, and its text is long enough.\",30\n";
    write(dir.path(), "pages.csv", csv.as_bytes());
    write(dir.path(), "pages.tsv", b"body\turl\nA page read from a tab separated file, with its url.\thttps://example.test/t\n");
    write(
        dir.path(),
        "unclosed.csv",
        b"text,id\n\"A quoted field that never closes, to the end of the file,9\n",
    );
    let json = r#"[{"text": "A page from a JSON array, long enough to be kept here."}, 42, {"body": "Another page from the same array, with its text in body."}]"#;
    write(dir.path(), "pages.json", json.as_bytes());
    write(dir.path(), "broken.json", b"[{\"text\": \"never closed\"");
    let out = run_dir(dir.path(), scour::Config::default());
    let csv_docs: Vec<Row> = out
        .table("documents")
        .into_iter()
        .filter(|d| d["source"] == "pages.csv")
        .collect();
    assert_eq!(csv_docs.len(), 2);
    assert_eq!(
        (
            csv_docs[0]["record_id"].as_str(),
            csv_docs[0]["title"].as_str()
        ),
        ("1", "First")
    );
    assert_eq!(csv_docs[0]["metadata"], r#"{"views":"10"}"#);
    assert!(csv_docs[0]["text"].contains("spans\n\nseveral lines, with \"quotes\""));
    one_error(&out, "pages.csv", "bad_csv", "2");
    assert_eq!(out.document("pages.tsv")["url"], "https://example.test/t");
    assert_eq!(errors_of(&out, "unclosed.csv").len(), 1);
    let json_docs: Vec<Row> = out
        .table("documents")
        .into_iter()
        .filter(|d| d["source"] == "pages.json")
        .collect();
    assert_eq!(
        json_docs
            .iter()
            .map(|d| d["record"].as_str())
            .collect::<Vec<_>>(),
        ["1", "3"]
    );
    one_error(&out, "pages.json", "bad_record", "2");
    one_error(&out, "broken.json", "bad_json", "");
}

#[test]
fn parquet_input_and_a_parquet_file_cut_short() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let mut df = df!(
        "id" => [1i64, 2],
        "text" => ["A page read from a Parquet file, long enough to be kept.", "Another Parquet row, with a different text in it entirely."],
        "score" => [0.5f64, 0.9],
    )
    .unwrap();
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).finish(&mut df).unwrap();
    write(dir.path(), "rows.parquet", &bytes);
    write(dir.path(), "cut.parquet", &bytes[..bytes.len() / 2]);
    let out = run_dir(dir.path(), scour::Config::default());
    let docs: Vec<Row> = out
        .table("documents")
        .into_iter()
        .filter(|d| d["source"] == "rows.parquet")
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["record_id"], "2");
    assert_eq!(docs[1]["metadata"], r#"{"score":0.9}"#);
    one_error(&out, "cut.parquet", "bad_parquet", "");
}

#[test]
fn a_parquet_file_larger_than_one_slice_gives_every_row_in_order() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    // Rows are decoded 4096 at a time, across row groups of 1000.
    let n = 9000usize;
    let ids: Vec<i64> = (1..=n as i64).collect();
    let texts: Vec<String> = (1..=n)
        .map(|i| format!("Row {i} of a large Parquet table, with a sentence long enough to keep."))
        .collect();
    let mut df = df!("id" => ids, "text" => texts).unwrap();
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .with_row_group_size(Some(1000))
        .finish(&mut df)
        .unwrap();
    write(dir.path(), "big.parquet", &bytes);
    // The rows differ by a number only: not near-duplicates for this test.
    let mut config = scour::Config::default();
    config.dedup.near_documents = false;
    let out = run_dir(dir.path(), config);
    let docs: Vec<Row> = out
        .table("documents")
        .into_iter()
        .filter(|d| d["source"] == "big.parquet")
        .collect();
    assert_eq!(docs.len(), n);
    for (i, d) in docs.iter().enumerate().step_by(997) {
        assert_eq!(d["record"], (i + 1).to_string());
        assert_eq!(d["record_id"], (i + 1).to_string());
        assert!(d["text"].starts_with(&format!("Row {} of", i + 1)), "{d:?}");
    }
}

fn warc(kind: &str, uri: &str, body: &str) -> String {
    format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-15T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
        body.len()
    )
}

#[test]
fn wet_files_give_one_document_per_conversion_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut wet =
        String::from("WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n");
    wet += &warc(
        "conversion",
        "https://example.test/a",
        "Bridge works\n\nRepairs to the old bridge start in spring and last for six weeks, the council said.",
    );
    wet += "WARC/1.0\r\nWARC-Type conversion without a colon\r\n\r\nsome body\r\n\r\n";
    wet += &warc(
        "conversion",
        "https://example.test/b",
        "Night market\n\nStalls return to the old quay every Thursday evening from May onwards.",
    );
    write(dir.path(), "crawl.warc.wet.gz", &gzip(wet.as_bytes()));
    write(
        dir.path(),
        "cut.warc.wet",
        &wet.as_bytes()[..wet.len() - 40],
    );
    let out = run_dir(dir.path(), scour::Config::default());
    let docs: Vec<Row> = out
        .table("documents")
        .into_iter()
        .filter(|d| d["source"] == "crawl.warc.wet.gz")
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(
        (docs[0]["record"].as_str(), docs[0]["url"].as_str()),
        ("2", "https://example.test/a")
    );
    assert_eq!(docs[0]["metadata"], r#"{"date":"2024-03-15T10:00:00Z"}"#);
    assert_eq!(docs[1]["record"], "4");
    let e = one_error(&out, "crawl.warc.wet.gz", "bad_warc", "3");
    assert!(e["message"].contains("at byte"), "{}", e["message"]);
    let cut: Vec<(String, String)> = errors_of(&out, "cut.warc.wet")
        .into_iter()
        .map(|e| (e["record"].clone(), e["kind"].clone()))
        .collect();
    assert_eq!(
        cut,
        [
            ("3".to_string(), "bad_warc".to_string()),
            ("4".to_string(), "truncated".to_string())
        ]
    );
}

#[test]
fn odd_names_and_invisible_characters() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(
        dir.path().join(name),
        "Menu\n\nA page whose file name is not valid UTF-8, read all the same.",
    )
    .unwrap();
    write(
        dir.path(),
        "bom-inside.txt",
        "Notes\n\nA byte-order mark\u{feff} in the middle of a line is dropped.".as_bytes(),
    );
    let out = run_dir(dir.path(), scour::Config::default());
    assert_eq!(
        out.document("caf\u{fffd}.txt")["text"],
        "A page whose file name is not valid UTF-8, read all the same."
    );
    assert_eq!(
        out.document("bom-inside.txt")["text"],
        "A byte-order mark in the middle of a line is dropped."
    );
}
