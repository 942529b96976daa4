//! Duplicates across files and formats, near-duplicate pages, and what must
//! not be merged.

use std::path::Path;

use crate::common::{Output, run, run_with};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A page of the shape the seeds have: menu, title, date, body, footer.
fn page(title: &str, date: &str, body: &[&str]) -> String {
    format!(
        "Home | News | Sport | Weather\n\n{title}\n\n{date}\n\n{}\n\nShare this article\n\nCopyright 2024 Riverside Gazette. All rights reserved.\n",
        body.join("\n\n")
    )
}

const FERRY: [&str; 5] = [
    "The harbour board voted on Tuesday to keep the evening ferry running until midnight for the whole summer, after islanders asked for later crossings.",
    "Captain Moira Field, who has worked the route for eleven years, said the extra sailings would need a second crew and a longer refuelling stop at the pier.",
    "The board expects about four hundred more passengers a week and will review the numbers in September, before the winter timetable is printed.",
    "Shop owners on the island welcomed the decision, saying visitors had often left early to be sure of a seat on the last boat back to the mainland.",
    "Tickets for the late sailings go on sale next Monday at the harbour office and online, at the same price as the daytime crossings.",
];

const LIBRARY: [&str; 5] = [
    "The town library will close its reading room for three weeks in March while workers replace the roof and repair the old skylights above the stacks.",
    "Borrowers can still collect reserved books from a temporary desk in the community hall, which will open every weekday from nine in the morning.",
    "The librarian, Tom Avery, said the building had leaked during every storm last winter and that several shelves of local history had to be moved.",
    "Volunteers are needed to help carry boxes on the first weekend of the works, and the library will provide lunch for everyone who comes along.",
    "The children's story hour will move to the primary school hall until the reading room reopens in the first week of April.",
];

fn dropped(out: &Output, source: &str) -> Option<crate::common::Row> {
    out.removed_of(source)
        .into_iter()
        .find(|r| r["block_idx"].is_empty())
}

#[test]
fn a_paragraph_repeated_across_formats_is_kept_once() {
    let dir = tempfile::tempdir().unwrap();
    let shared = FERRY[1];
    write(dir.path(), "a.txt", &page("Ferry", "May 2, 2024", &FERRY));
    let record = serde_json::json!({"id": "1", "text": page("Library", "May 3, 2024", &[LIBRARY[0], shared, LIBRARY[2]])});
    write(dir.path(), "b.jsonl", &format!("{record}\n"));
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["id", "text"]).unwrap();
    csv.write_record([
        "7",
        &format!("{}\n\n{shared}\n\n{}", LIBRARY[3], LIBRARY[4]),
    ])
    .unwrap();
    write(
        dir.path(),
        "c.csv",
        &String::from_utf8(csv.into_inner().unwrap()).unwrap(),
    );
    let out = run(dir.path(), 2);
    let first = out.document("a.txt");
    let block = out
        .table("paragraphs")
        .into_iter()
        .find(|p| p["doc_id"] == first["doc_id"] && p["text"] == shared)
        .expect("kept in the first file")["block_idx"]
        .clone();
    for source in ["b.jsonl", "c.csv"] {
        let copies: Vec<_> = out
            .removed_of(source)
            .into_iter()
            .filter(|r| r["reason"] == "dedup.paragraph_corpus")
            .collect();
        assert_eq!(copies.len(), 1, "{source}");
        assert_eq!(copies[0]["text"], shared);
        assert_eq!(copies[0]["detail"], format!("{}#{block}", first["doc_id"]));
        // The rest of the page stays.
        assert!(!out.document(source)["text"].is_empty());
    }
}

#[test]
fn a_near_duplicate_page_goes_and_its_cluster_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut changed = FERRY;
    let edited = FERRY[2].replace("four hundred", "five hundred");
    changed[2] = &edited;
    write(
        dir.path(),
        "1-ferry.txt",
        &page("Late ferries", "May 2, 2024", &FERRY),
    );
    write(
        dir.path(),
        "2-library.txt",
        &page("Roof works", "May 2, 2024", &LIBRARY),
    );
    write(
        dir.path(),
        "3-ferry-again.txt",
        &page("Late ferries", "May 9, 2024", &changed),
    );
    let out = run(dir.path(), 2);
    let kept = out.document("1-ferry.txt");
    let gone = dropped(&out, "3-ferry-again.txt").expect("the copy is dropped");
    assert_eq!(gone["reason"], "dedup.near_document");
    assert_eq!(gone["kind"], "near_duplicate");
    assert_eq!(gone["detail"], kept["doc_id"]);
    let similarity: f64 = gone["similarity"].parse().unwrap();
    assert!((0.7..1.0).contains(&similarity), "{similarity}");
    assert_eq!(kept["cluster_id"], kept["doc_id"]);
    assert_eq!(kept["cluster_size"], "2");
    let other = out.document("2-library.txt");
    assert_eq!(
        (other["cluster_id"].as_str(), other["cluster_size"].as_str()),
        ("", "1")
    );

    // Switched off, both pages stay.
    let mut config = scour::Config::default();
    config.dedup.near_documents = false;
    let out = run_with(dir.path(), 1, config);
    assert!(dropped(&out, "3-ferry-again.txt").is_none());
}

#[test]
fn pages_that_share_only_their_template_are_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    // Same site template, same title pattern and date, two short bodies.
    write(
        dir.path(),
        "a.txt",
        &page("Town news", "May 2, 2024", &FERRY[..2]),
    );
    write(
        dir.path(),
        "b.txt",
        &page("Town news", "May 2, 2024", &LIBRARY[..2]),
    );
    let out = run(dir.path(), 1);
    assert!(dropped(&out, "b.txt").is_none());
    assert_eq!(out.document("a.txt")["cluster_size"], "1");
}

#[test]
fn chinese_near_duplicates_are_found_by_characters() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        "江城市文化和旅游局近日发布公共图书馆改造方案，对全市十二个图书馆的空间布局、数字服务和开放时间作出安排，改造工程将于明年三月全部完成。",
        "根据方案，各馆将增设自习区和儿童阅读区，延长周末开放时间，并为老年读者提供大字版图书和上门借阅服务，方便行动不便的市民。",
        "市民可以通过微信公众号预约座位，也可以在线续借图书；改造期间，部分图书馆将设立临时借阅点，借还书服务不受影响。",
    ];
    let mut edited = body;
    let changed = body[0].replace("十二个", "十三个").replace("三月", "四月");
    assert_ne!(changed, body[0]);
    edited[0] = &changed;
    let other = [
        "港口管理局宣布夏季夜间渡轮将运行到午夜，岛上居民和游客可以乘坐更晚的班次返回，新增班次的船票下周一开始发售。",
        "船长表示，增加班次需要第二组船员，并在码头延长加油时间；管理局预计每周将增加约四百名乘客，九月将再次评估。",
    ];
    write(
        dir.path(),
        "1.txt",
        &format!("图书馆改造\n\n{}\n", body.join("\n\n")),
    );
    write(
        dir.path(),
        "2.txt",
        &format!("夜间渡轮\n\n{}\n", other.join("\n\n")),
    );
    write(
        dir.path(),
        "3.txt",
        &format!("图书馆改造\n\n{}\n", edited.join("\n\n")),
    );
    let out = run(dir.path(), 1);
    let gone = dropped(&out, "3.txt").expect("the edited copy is a near-duplicate");
    assert_eq!(gone["reason"], "dedup.near_document");
    assert_eq!(gone["detail"], out.document("1.txt")["doc_id"]);
    assert!(dropped(&out, "2.txt").is_none());
}

#[test]
fn the_key_sees_through_width_case_and_punctuation_and_the_minimum_length_holds() {
    let dir = tempfile::tempdir().unwrap();
    let half =
        "市民可以通过微信公众号预约座位,也可以在线续借图书;改造期间,部分图书馆将设立临时借阅点。";
    let full = "市民可以通过微信公众号预约座位，也可以在线续借图书；改造期间，部分图书馆将设立临时借阅点。";
    let shout = FERRY[4].to_uppercase().replace(',', "");
    let record = |title: &str, body: &[&str]| {
        let text = body.join("\n\n");
        format!("{}\n", serde_json::json!({"title": title, "text": text}))
    };
    let pages = [
        record("Library", &[LIBRARY[0], half, FERRY[4]]),
        record("Ferry", &[FERRY[0], full]),
        record("Shop", &[LIBRARY[1], &shout]),
    ];
    write(dir.path(), "pages.jsonl", &pages.concat());
    let out = run(dir.path(), 1);
    let reasons = |record: &str| -> Vec<String> {
        out.table("removed")
            .into_iter()
            .filter(|r| r["record"] == record)
            .map(|r| r["reason"].clone())
            .collect()
    };
    assert_eq!(reasons("2"), ["dedup.paragraph_corpus"]);
    assert_eq!(reasons("3"), ["dedup.paragraph_corpus"]);

    // A minimum longer than the paragraph: no longer a duplicate.
    let mut config = scour::Config::default();
    config.dedup.min_paragraph_bytes = 1000;
    let out = run_with(dir.path(), 1, config);
    assert!(out.table("removed").is_empty());
}
