//! Boilerplate, title, dedup and sections on pages shaped like the seeds.

use crate::common::{col, fixtures, run};

#[test]
fn each_boilerplate_kind_goes_with_its_rule_and_content_stays() {
    let out = run(&fixtures("site"), 2);
    let removed = out.removed_of("ferry.txt");
    let by_reason: Vec<(&str, &str)> = removed
        .iter()
        .map(|r| (r["reason"].as_str(), r["text"].as_str()))
        .collect();
    let expect = [
        (
            "en.breadcrumb",
            "Home » News » Harbour ferry timetable extended for the summer",
        ),
        (
            "title.line",
            "Harbour ferry timetable extended for the summer",
        ),
        ("en.byline", "by admin"),
        (
            "en.see_also",
            "See also Bridge repairs to start in the spring",
        ),
        ("en.ad_marker", "- Advertisement -"),
        ("en.attribution", "(Source: Harbour Authority)"),
        ("en.related", "You may also like"),
        ("en.comment_form", "Leave a Comment"),
        (
            "en.comment_notice",
            "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        ),
        (
            "en.cookie_banner",
            "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish. Accept Read More",
        ),
        ("en.policy_links", "Privacy & Cookies Policy"),
        (
            "en.copyright",
            "© 2024 Harbour Gazette. All rights reserved.",
        ),
    ];
    for (reason, text) in expect {
        assert!(
            by_reason.contains(&(reason, text)),
            "{text:?} not removed by {reason}: {by_reason:#?}"
        );
    }
    let doc = out.document("ferry.txt");
    assert_eq!(
        doc["title"],
        "Harbour ferry timetable extended for the summer"
    );
    assert_eq!(doc["source_attribution"], "Harbour Authority");
    assert_eq!(doc["lang"], "en");
    let paragraphs: Vec<_> = out
        .table("paragraphs")
        .into_iter()
        .filter(|p| p["doc_id"] == doc["doc_id"])
        .collect();
    let texts = col(&paragraphs, "text");
    assert_eq!(
        texts,
        [
            "The harbour authority announced on Monday that the evening ferry will run until midnight from June to September, doubling the number of late crossings available to residents and visitors.",
            "Officials said the longer timetable follows a survey in which most commuters asked for later departures, especially on Fridays and Saturdays when the waterfront is busiest.",
            "Timetable changes",
            "The first extended crossing leaves the north pier at 22:30, and the last one returns from the island at 23:40, according to the schedule published by the authority.",
        ]
    );
    assert_eq!(
        col(&paragraphs, "role"),
        ["body", "body", "heading", "body"]
    );
    assert_eq!(doc["text"], texts.join("\n\n"));
}

#[test]
fn a_paragraph_repeated_in_a_page_names_the_original() {
    let out = run(&fixtures("site"), 2);
    let doc = out.document("ferry.txt");
    let dup: Vec<_> = out
        .removed_of("ferry.txt")
        .into_iter()
        .filter(|r| r["reason"] == "dedup.paragraph_in_document")
        .collect();
    assert_eq!(dup.len(), 1);
    let original = out
        .table("paragraphs")
        .into_iter()
        .find(|p| p["doc_id"] == doc["doc_id"] && p["text"] == dup[0]["text"])
        .expect("the first copy is kept");
    assert_eq!(
        dup[0]["detail"],
        format!("{}#{}", doc["doc_id"], original["block_idx"])
    );
    assert_eq!(dup[0]["kind"], "duplicate");
}

#[test]
fn a_paragraph_seen_on_an_earlier_page_goes_and_names_it() {
    let out = run(&fixtures("site"), 2);
    let ferry = out.document("ferry.txt");
    let dup: Vec<_> = out
        .removed_of("market.txt")
        .into_iter()
        .filter(|r| r["reason"] == "dedup.paragraph_corpus")
        .collect();
    assert_eq!(dup.len(), 1);
    assert!(dup[0]["text"].starts_with("The first extended crossing"));
    assert!(dup[0]["detail"].starts_with(&format!("{}#", ferry["doc_id"])));
}

#[test]
fn a_footer_shared_by_two_pages_goes_from_both_by_the_same_rules() {
    let out = run(&fixtures("site"), 2);
    let footer = |source: &str| {
        let mut rows: Vec<(String, String)> = out
            .removed_of(source)
            .into_iter()
            .filter(|r| {
                r["kind"] != "duplicate"
                    && !r["reason"].starts_with("title")
                    && r["reason"] != "en.byline"
            })
            .filter(|r| !r["reason"].contains("breadcrumb"))
            .map(|r| (r["reason"].clone(), r["text"].clone()))
            .collect();
        rows.retain(|(reason, _)| {
            !["en.see_also", "en.ad_marker", "en.attribution"].contains(&reason.as_str())
        });
        rows
    };
    assert_eq!(footer("ferry.txt"), footer("market.txt"));
    assert_eq!(footer("ferry.txt").len(), 6);
    // Nothing of the footer is left in either text.
    for source in ["ferry.txt", "market.txt"] {
        let text = out.document(source)["text"].clone();
        assert!(
            !text.contains("Akismet") && !text.contains("cookies") && !text.contains("©"),
            "{source}: {text}"
        );
    }
}

#[test]
fn breadcrumb_without_separators_and_named_byline_go() {
    let out = run(&fixtures("site"), 2);
    let removed = out.removed_of("market.txt");
    let reasons = col(&removed, "reason");
    assert_eq!(
        &reasons[..3],
        ["title.breadcrumb", "title.line", "en.byline"]
    );
    assert_eq!(
        out.document("market.txt")["title"],
        "Night market returns to the old quay"
    );
}

#[test]
fn chinese_page_is_cleaned_and_its_headings_are_sections() {
    let out = run(&fixtures("site"), 2);
    // The copy sorts first, so it is the one kept; the other goes whole.
    let doc = out.document("library-zh-copy.txt");
    assert_eq!(doc["lang"], "zh");
    assert_eq!(doc["title"], "江城市发布公共图书馆改造方案");
    assert_eq!(doc["source_attribution"], "江城市文化和旅游局");
    assert_eq!(doc["date"], "2024-03-15");
    let reasons: Vec<(String, String)> = out
        .removed_of("library-zh-copy.txt")
        .into_iter()
        .map(|r| (r["reason"].clone(), r["text"].clone()))
        .collect();
    let expect = [
        ("title.line", "江城市发布公共图书馆改造方案"),
        ("meta.date", "2024/03/15"),
        ("zh.image_placeholder", "江城市发布公共图书馆改造方案(图1)"),
        ("zh.byline", "责任编辑:王明"),
        ("zh.related", "相关阅读:江城市启动全民阅读季活动"),
        ("zh.prev_next", "上一篇:江城市博物馆新展开幕"),
        (
            "zh.copyright",
            "版权所有 © 2024 江城市人民政府 京ICP备12345678号",
        ),
        ("zh.attribution", "内容来源:江城市文化和旅游局"),
    ];
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(reasons, expect);
    let sections: Vec<_> = out
        .table("sections")
        .into_iter()
        .filter(|s| s["doc_id"] == doc["doc_id"])
        .collect();
    let headings: Vec<(&str, &str)> = sections
        .iter()
        .map(|s| (s["heading"].as_str(), s["level"].as_str()))
        .collect();
    assert_eq!(
        headings,
        [
            ("", "0"),
            ("工作目标", "1"),
            ("01 优化空间布局", "2"),
            ("02 提升数字服务", "2")
        ]
    );
    assert!(sections[3]["text"].starts_with("建设统一的借阅平台"));
    // Section offsets slice the document text.
    let text: Vec<char> = doc["text"].chars().collect();
    for s in &sections {
        let (a, b): (usize, usize) = (
            s["char_start"].parse().unwrap(),
            s["char_end"].parse().unwrap(),
        );
        let slice: String = text[a..b].iter().collect();
        assert!(
            slice.ends_with(s["text"].as_str()),
            "section {} does not slice",
            s["section_idx"]
        );
    }
}

#[test]
fn an_exact_copy_of_a_page_is_dropped_whole() {
    let out = run(&fixtures("site"), 2);
    let copy = out.document("library-zh-copy.txt");
    let dropped: Vec<_> = out
        .removed_of("library-zh.txt")
        .into_iter()
        .filter(|r| r["block_idx"].is_empty())
        .collect();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0]["reason"], "dedup.document");
    assert_eq!(dropped[0]["detail"], copy["doc_id"]);
    assert!(
        out.table("documents")
            .iter()
            .all(|d| d["source"] != "library-zh.txt")
    );
}

#[test]
fn jsonl_records_keep_their_fields_and_bad_lines_become_errors() {
    let out = run(&fixtures("site"), 2);
    let docs: Vec<_> = out
        .table("documents")
        .into_iter()
        .filter(|d| d["source"] == "feed.jsonl")
        .collect();
    assert_eq!(col(&docs, "record"), ["1", "3"]);
    assert_eq!(col(&docs, "record_id"), ["a1", "a3"]);
    assert_eq!(docs[0]["url"], "https://example.test/a1");
    assert_eq!(
        docs[0]["title"],
        "Orchard growers report a strong apple harvest"
    );
    let errors = out.table("errors");
    let kinds: Vec<(&str, &str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["source"].as_str(),
                e["record"].as_str(),
                e["kind"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("feed.jsonl", "2", "bad_json"),
            ("feed.jsonl", "4", "missing_field"),
            ("feed.jsonl", "5", "bad_field")
        ]
    );
    assert!(errors[0]["message"].contains("line 2"));
}

#[test]
fn short_repeated_lines_are_not_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let long = "A paragraph that is long enough to be a duplicate, repeated on both pages.";
    std::fs::write(
        dir.path().join("a.txt"),
        format!("Page A\n\n{long}\n\nNo\n\nNo\n\nAbstract\n\nOnly on page A, a paragraph of text."),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        format!("Page B\n\nNo\n\nAbstract\n\n{long}\n\nOnly on page B, a paragraph of text."),
    )
    .unwrap();
    let out = run(dir.path(), 1);
    let reasons = col(&out.table("removed"), "reason").join(",");
    assert_eq!(reasons, "title.line,title.line,dedup.paragraph_corpus");
}

#[test]
fn a_record_page_gives_fields_and_a_date_and_keeps_its_abstract() {
    let dir = tempfile::tempdir().unwrap();
    let abstract_text = "This strategy, adopted by the city council, sets the framework for transport investment until 2035 and commits the council to two tram lines and a network of protected cycle routes.";
    let page = format!(
        "Riverton Active Travel Strategy 2024-2035.\nCountry\nNorthvale\nType of law\nPolicy\nAbstract\n{abstract_text}\nAttached files\nWeb site\nDate of text\n2024-09-17\nRepealed\nNo\nOriginal title\nRiverton Active Travel Strategy 2024-2035.\n"
    );
    std::fs::write(dir.path().join("record.txt"), page).unwrap();
    let out = run(dir.path(), 1);
    let doc = out.document("record.txt");
    assert_eq!(
        doc["fields"],
        r#"{"Country":"Northvale","Type of law":"Policy","Attached files":null,"Web site":null,"Date of text":"2024-09-17","Repealed":"No","Original title":"Riverton Active Travel Strategy 2024-2035."}"#
    );
    // In Parquet the same entries, as a list of key-value structs.
    use polars::prelude::{ParquetReader, SerReader};
    let file = std::fs::File::open(out.dir.path().join("documents.parquet")).unwrap();
    let df = ParquetReader::new(file).finish().unwrap();
    let row = df.column("source").unwrap().str().unwrap();
    let row = row.iter().position(|s| s == Some("record.txt")).unwrap();
    let lists = df.column("fields").unwrap().list().unwrap().clone();
    let entries = lists.get_as_series(row).unwrap();
    let entries = entries.struct_().unwrap();
    let strings = |name: &str| -> Vec<Option<String>> {
        let field = entries.field_by_name(name).unwrap();
        let strings = field.str().unwrap().clone();
        strings.iter().map(|s| s.map(str::to_string)).collect()
    };
    let (keys, values) = (strings("key"), strings("value"));
    assert_eq!(keys.len(), 7);
    assert_eq!(keys[1].as_deref(), Some("Type of law"));
    assert_eq!(values[1].as_deref(), Some("Policy"));
    assert_eq!(
        (keys[2].as_deref(), values[2].as_deref()),
        (Some("Attached files"), None)
    );
    assert_eq!(doc["date"], "2024-09-17");
    // The abstract stays text ("Abstract" itself is not a field label).
    assert!(doc["text"].ends_with(abstract_text), "{}", doc["text"]);
    let reasons: Vec<String> = out
        .removed_of("record.txt")
        .into_iter()
        .map(|r| r["reason"].clone())
        .collect();
    assert_eq!(reasons.iter().filter(|r| *r == "meta.field").count(), 12);
}

#[test]
fn rule_sets_are_switched_by_language_and_rules_by_id_or_kind() {
    let reason_of = |out: &crate::common::Output, text: &str| {
        out.removed_of("market.txt")
            .into_iter()
            .find(|r| r["text"] == text)
            .map(|r| r["reason"].clone())
    };
    let base = run(&fixtures("site"), 1);
    assert_eq!(
        reason_of(&base, "By Jane Okafor").as_deref(),
        Some("en.byline")
    );
    assert_eq!(
        reason_of(&base, "You may also like").as_deref(),
        Some("en.related")
    );

    let mut config = scour::Config::default();
    config.boilerplate.disabled = vec!["en.byline".into(), "related".into()];
    let out = crate::common::run_with(&fixtures("site"), 1, config);
    assert_ne!(
        reason_of(&out, "By Jane Okafor").as_deref(),
        Some("en.byline")
    );
    assert_ne!(
        reason_of(&out, "You may also like").as_deref(),
        Some("en.related")
    );
    // Other rules still apply.
    assert_eq!(
        reason_of(&out, "Leave a Comment").as_deref(),
        Some("en.comment_form")
    );

    let mut config = scour::Config::default();
    config.boilerplate.languages = vec!["zh".into()];
    let out = crate::common::run_with(&fixtures("site"), 1, config);
    let by_rule = |out: &crate::common::Output, prefix: &str| {
        out.table("removed")
            .iter()
            .filter(|r| r["reason"].starts_with(prefix))
            .count()
    };
    assert_eq!(by_rule(&out, "en."), 0);
    assert!(by_rule(&base, "en.") > 0);
    assert_eq!(by_rule(&out, "zh."), by_rule(&base, "zh."));

    for (key, value, named) in [
        ("languages", "xx", "`xx`"),
        ("disabled", "en.no_such_rule", "`en.no_such_rule`"),
    ] {
        let mut config = scour::Config::default();
        match key {
            "languages" => config.boilerplate.languages = vec![value.into()],
            _ => config.boilerplate.disabled = vec![value.into()],
        }
        let dir = tempfile::tempdir().unwrap();
        let options = crate::common::options(&fixtures("site"), dir.path(), 1, config);
        let e = scour::run(&options).unwrap_err().to_string();
        assert!(
            e.contains(&format!("boilerplate.{key}")) && e.contains(named),
            "{e}"
        );
    }
}

#[test]
fn a_line_repeated_across_a_sites_pages_goes_as_a_site_template() {
    let input = tempfile::tempdir().unwrap();
    // A sentence after the body, which context alone keeps.
    let slogan = "This article first appeared in the Harbour Gazette, a weekly of the Quay Press.";
    for site in ["gazette", "other"] {
        std::fs::create_dir(input.path().join(site)).unwrap();
    }
    // Pages different enough not to be near-duplicates of each other.
    let topics = [
        "ferry timetable",
        "night market",
        "library hours",
        "harbour dredging",
        "school meals",
        "bridge repairs",
        "river cleanup",
    ];
    let body = |n: usize| {
        let t = topics[n];
        format!(
            "The {t} was the first item when the council met on Tuesday; members agreed on the {t} after a long debate. Residents who wrote about the {t} were thanked, and the {t} will be reviewed in {} months.",
            n + 2
        )
    };
    for n in 0..6 {
        let page = format!("Ferry news {n}\n\n{}\n\n{slogan}\n", body(n));
        std::fs::write(input.path().join(format!("gazette/{n}.txt")), page).unwrap();
    }
    // The same line on one page of another folder (site) is not its
    // template: there it is a repeat of a paragraph seen before.
    let page = format!("{}\n\n{slogan}\n", body(6));
    std::fs::write(input.path().join("other/6.txt"), page).unwrap();

    let out = run(input.path(), 2);
    for n in 0..6 {
        let removed = out.removed_of(&format!("gazette/{n}.txt"));
        let row = removed
            .iter()
            .find(|r| r["text"] == slogan)
            .expect("the slogan is removed");
        assert_eq!(row["reason"], "site_template");
        assert_eq!(row["kind"], "template");
        assert_eq!(row["detail"], "on 6 of 6 pages of gazette");
    }
    let other = out.removed_of("other/6.txt");
    let row = other.iter().find(|r| r["text"] == slogan).unwrap();
    assert_eq!(row["reason"], "dedup.paragraph_corpus");
    assert_eq!(out.manifest.stage_stats["site_template.lines_removed"], 6);

    let mut config = scour::Config::default();
    config.boilerplate.templates.enabled = false;
    let out = crate::common::run_with(input.path(), 2, config);
    assert!(out.document("gazette/0.txt")["text"].ends_with(slogan));
}

#[test]
fn quality_rule_sets_remove_lines_and_drop_pages_naming_the_rule() {
    let prose = [
        "The harbour authority said that the evening ferry will run to the island with two more crossings. Residents have welcomed the change.",
        "Officials expect about four hundred extra passengers on each weekend of July and August. The figure comes from a statement by the port.",
        "Local businesses near the pier plan to stay open later. Travellers on the last boat will still find food, drink and a taxi home.",
    ];
    let input = tempfile::tempdir().unwrap();
    let page = format!(
        "{}\n\nPlease enable JavaScript to see the comments.\n\nThanks!\n\n{}\n\n{}\n",
        prose[0], prose[1], prose[2]
    );
    std::fs::write(input.path().join("prose.txt"), page).unwrap();
    let mut config = scour::Config::default();
    config.quality.sets = vec!["c4".into()];
    let out = crate::common::run_with(input.path(), 1, config);
    let reasons: Vec<(String, String)> = out
        .removed_of("prose.txt")
        .into_iter()
        .map(|r| (r["reason"].clone(), r["kind"].clone()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("c4.javascript".to_string(), "quality".to_string()),
            ("c4.min_words".to_string(), "quality".to_string())
        ]
    );
    assert!(out.document("prose.txt")["text"].starts_with(prose[0]));

    // A page of one-word lines fails FineWeb's short-lines rule.
    let input = tempfile::tempdir().unwrap();
    let menu = "Home.\n\nNews.\n\nSport.\n\nWeather.\n\nA longer closing line of the page that says nothing.\n";
    std::fs::write(input.path().join("menu.txt"), menu).unwrap();
    std::fs::write(input.path().join("prose.txt"), prose.join("\n\n")).unwrap();
    let mut config = scour::Config::default();
    config.quality.sets = vec!["fineweb".into(), "gopher".into()];
    let out = crate::common::run_with(input.path(), 1, config);
    let dropped = out
        .removed_of("menu.txt")
        .into_iter()
        .find(|r| r["block_idx"].is_empty())
        .expect("the menu page is dropped");
    assert_eq!(dropped["reason"], "fineweb.short_lines");
    assert!(
        dropped["detail"].contains("<= 30 characters >= 0.67"),
        "{dropped:?}"
    );
    // Three paragraphs of prose pass FineWeb, and Gopher's 50-word minimum.
    let kept = out.document("prose.txt");
    assert_eq!(kept["n_paragraphs"], "3");
    let c = &out.manifest.counts;
    assert_eq!(
        c.records,
        c.documents + c.documents_dropped + c.record_errors
    );
}
