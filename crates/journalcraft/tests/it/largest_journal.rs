//! The largest journal the limits allow (`jc_domain::limits`, as the journal service
//! uses them) is written, read back,
//! edited and exported in every format; one character more is refused when written.
//!
//! Every day and every text is at its longest, and the entries, three bytes a
//! character, fill the rest of the journal's text limit with entries of the longest
//! length: about 6 MB of text, over tonic's default 4 MiB message limit. The exports
//! use each format's default options, which leave the entries out of the book, so the
//! render time stays that of a 366-day book; the export service still reads and checks
//! the whole journal.

use jc_journal::domain::{
    ENTRY_MAX_CHARS, JOURNAL_MAX_CHARS, LONG_TEXT_MAX_CHARS, MAX_CERTIFICATE_FIELDS, MAX_DAYS,
    SHORT_TEXT_MAX_CHARS, TITLE_MAX_CHARS,
};
use jc_testkit::eventually;
use serde_json::{Value, json};

use crate::support::{Platform, error_code, text};

fn chars(c: char, count: usize) -> String {
    std::iter::repeat_n(c, count).collect()
}

async fn put_day(platform: &Platform, token: &str, journal: &str, day: u32, body: Value) -> (u16, Value) {
    platform.send("PUT", &format!("/api/journals/{journal}/days/{day}"), Some(token), Some(body)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_largest_allowed_journal_is_written_read_edited_and_exported() {
    let platform = Platform::in_process().await;
    let token = platform.signed_in("Prolific Writer", "content_creator").await;
    let create = json!({"title": chars('T', TITLE_MAX_CHARS), "subtitle": chars('s', SHORT_TEXT_MAX_CHARS),
                        "description": chars('d', LONG_TEXT_MAX_CHARS), "theme": "gratitude", "days": MAX_DAYS});
    let (status, journal) = platform.post_with("/api/journals", &token, create).await;
    assert_eq!(status, 201, "{journal}");
    let id = text(&journal, "id");
    let long = chars('w', LONG_TEXT_MAX_CHARS);
    let frame = json!({
        "author_name": chars('a', SHORT_TEXT_MAX_CHARS),
        "introduction": {"title": chars('i', TITLE_MAX_CHARS), "quote": long, "writeup": long},
        "commitment": {"text": long, "writeup": long},
        "certificate": {"summary": long, "text": long,
                        "fields": vec![chars('f', SHORT_TEXT_MAX_CHARS); MAX_CERTIFICATE_FIELDS]},
    });
    let (status, body) =
        platform.send("PATCH", &format!("/api/journals/{id}"), Some(&token), Some(frame)).await;
    assert_eq!(status, 200, "{body}");
    for day in 1..=MAX_DAYS {
        let (status, body) =
            put_day(&platform, &token, &id, day, json!({"title": chars('D', TITLE_MAX_CHARS)})).await;
        assert_eq!(status, 200, "day {day}: {body}");
    }

    // Longest entries until the next would pass the journal's limit: that one is
    // refused, naming the journal, and changes nothing.
    let entry = chars('語', ENTRY_MAX_CHARS);
    let mut written = 0;
    let refused_on = loop {
        let day = written + 1;
        let (status, body) = put_day(&platform, &token, &id, day, json!({"entry": entry})).await;
        if status != 200 {
            assert_eq!(error_code(status, &body), "validation_failed", "{body}");
            assert_eq!(body["error"]["fields"][0]["field"], "journal", "{body}");
            break day;
        }
        written += 1;
        assert!(written as usize * ENTRY_MAX_CHARS <= JOURNAL_MAX_CHARS, "the limit is enforced");
    };
    assert!(written as usize >= JOURNAL_MAX_CHARS / ENTRY_MAX_CHARS - 3, "{written} entries fit");

    let (status, read) = platform.get(&format!("/api/journals/{id}"), Some(&token)).await;
    assert_eq!(status, 200, "the whole journal is read back");
    let pages = read["days"].as_array().expect("the day pages");
    assert_eq!(pages.len(), MAX_DAYS as usize);
    let size = serde_json::to_vec(&read).expect("json").len();
    assert!(size > 4 * 1024 * 1024, "the journal is larger than tonic's default limit: {size} bytes");
    let (status, day) = platform.get(&format!("/api/journals/{id}/days/{refused_on}"), Some(&token)).await;
    assert_eq!(status, 200, "{day}");
    assert!(day.to_string().len() < 10_000, "the refused entry was not stored");

    // Edited at its size: an entry replaced by another as long, the title changed.
    let (status, body) =
        put_day(&platform, &token, &id, 1, json!({"entry": chars('言', ENTRY_MAX_CHARS)})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = platform
        .send("PATCH", &format!("/api/journals/{id}"), Some(&token), Some(json!({"title": "Edited"})))
        .await;
    assert_eq!(status, 200, "{body}");

    for format in ["pdf", "docx", "epub", "kdp"] {
        let started = std::time::Instant::now();
        let request = json!({"journal_id": id, "format": format});
        let (status, job) = platform.send("POST", "/api/export/jobs", Some(&token), Some(request)).await;
        assert_eq!(status, 201, "{format}: {job}");
        let path = format!("/api/export/jobs/{}", text(&job, "id"));
        let done = eventually(format!("the {format} export"), || async {
            let (status, body) = platform.get(&path, Some(&token)).await;
            assert_eq!(status, 200, "{body}");
            if ["completed", "failed", "cancelled"].contains(&body["status"].as_str().unwrap_or_default()) {
                Ok(body)
            } else {
                Err(body)
            }
        })
        .await;
        assert_eq!(done["status"], "completed", "{format}: {done}");
        assert!(done["size_bytes"].as_u64().is_some_and(|size| size > 0), "{done}");
        eprintln!("the largest journal as {format}: {:.1} s", started.elapsed().as_secs_f64());
    }
}
