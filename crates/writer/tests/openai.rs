//! The `openai` provider against a local fake of an OpenAI-compatible endpoint: good
//! answers, malformed and rule-breaking ones, rate limits, slow and failing servers,
//! refused keys, the key check and long journals asked for in parts.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use jc_writer::content::{GenerationRequest, PageStyle, ResearchDepth};
use jc_writer::openai::{OpenAiProvider, OpenAiSettings, test_key};
use jc_writer::{GenerationError, Progress, Provider, Stage};
use secrecy::SecretString;
use serde_json::json;

use jc_testkit::fake_openai::{FakeOpenAi, Reply, days, journal};

const KEY: &str = "sk-test-journalcraft-0123456789abcdef";

fn settings(fake: &FakeOpenAi) -> OpenAiSettings {
    OpenAiSettings {
        base_url: fake.base_url.clone(),
        model: "test-model".into(),
        timeout_ms: 5_000,
        max_attempts: 3,
        retry_base_ms: 1,
        retry_max_ms: 20,
        days_per_request: 30,
    }
}

fn provider(settings: OpenAiSettings) -> OpenAiProvider {
    jc_platform::telemetry::init_for_tests();
    OpenAiProvider::new(settings, SecretString::from(KEY)).expect("provider")
}

fn request(days: u32) -> GenerationRequest {
    GenerationRequest {
        theme: "mindfulness".into(),
        title_style: "poetic".into(),
        author_style: "The Quiet Poet".into(),
        research_depth: ResearchDepth::Medium,
        custom_prompt: "I have ten minutes before work.".into(),
        days,
        seed: 7,
    }
}

#[derive(Default)]
struct Recorder(Mutex<Vec<(Stage, u8)>>);

impl Progress for Recorder {
    fn report(&self, stage: Stage, percent: u8) {
        self.0.lock().expect("progress").push((stage, percent));
    }
}

impl Recorder {
    fn reports(&self) -> Vec<(Stage, u8)> {
        self.0.lock().expect("progress").clone()
    }
}

async fn generate(
    provider: &OpenAiProvider,
    days: u32,
) -> Result<jc_writer::content::JournalContent, GenerationError> {
    provider.generate(&request(days), &Recorder::default()).await
}

fn failure(result: Result<impl std::fmt::Debug, GenerationError>) -> (String, bool) {
    match result {
        Err(GenerationError::Failed { reason, retryable }) => (reason, retryable),
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// The last message of a request: the feedback on a retry.
fn last_message(fake: &FakeOpenAi, index: usize) -> (String, String) {
    fake.requests()[index].messages().pop().expect("a message")
}

#[tokio::test]
async fn a_good_answer_becomes_the_journal() {
    let fake = FakeOpenAi::replying(vec![Reply::json(&journal(1, 5))]).await;
    let provider = provider(settings(&fake));
    let progress = Recorder::default();
    let content = provider.generate(&request(5), &progress).await.expect("a journal");

    assert_eq!(content.title, "Where Stillness Gathers");
    assert_eq!(content.author_name, "The Quiet Poet");
    assert_eq!(content.introduction.writeup, "Each page takes ten minutes.\n\nBegin where you are.");
    assert_eq!(content.introduction.quote, "“The kettle hums; so can you.” — The Quiet Poet");
    assert_eq!(content.days.len(), 5);
    for (i, page) in content.days.iter().enumerate() {
        let n = i as u32 + 1;
        assert_eq!(page.day, n);
        assert_eq!(page.title, format!("Title of day {n}"));
        assert_eq!(page.prompt, format!("Prompt for day {n}?"));
        assert_eq!(page.lines, 10 + n % 15);
    }
    assert_eq!(content.days[0].page_style, PageStyle::Lined);
    assert_eq!(content.certificate.fields, ["Name", "Date completed"]);
    assert!(content.problems(5).is_empty());

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/v1/chat/completions"));
    assert_eq!(sent.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    let body = sent.json();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["response_format"], json!({"type": "json_object"}));
    let messages = sent.messages();
    assert_eq!(messages.iter().map(|(role, _)| role.as_str()).collect::<Vec<_>>(), ["system", "user"]);
    assert!(messages[0].1.contains("exactly 5 pages"), "{}", messages[0].1);
    assert!(messages[1].1.contains("Mindfulness") && messages[1].1.contains("ten minutes before work"));

    let reports = progress.reports();
    assert_eq!(reports.first().map(|r| r.0), Some(Stage::Research));
    assert_eq!(reports.last(), Some(&(Stage::Editing, 95)));
    for stage in Stage::ALL {
        assert!(reports.iter().any(|r| r.0 == stage), "{stage:?} missing from {reports:?}");
    }
    assert!(reports.windows(2).all(|w| w[0].1 <= w[1].1), "progress goes forward: {reports:?}");
}

#[tokio::test]
async fn malformed_json_is_retried_with_what_was_wrong() {
    let broken = "{\"title\": \"Where Stillness Gathers\", \"days\": [";
    let fake = FakeOpenAi::replying(vec![Reply::Chat(broken.into()), Reply::json(&journal(1, 3))]).await;
    let content = generate(&provider(settings(&fake)), 3).await.expect("the second answer is used");
    assert_eq!(content.days.len(), 3);

    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let retry = requests[1].messages();
    assert_eq!(retry.len(), 4, "system, brief, the broken answer, the feedback");
    assert_eq!(retry[2], ("assistant".to_owned(), broken.to_owned()));
    assert_eq!(retry[3].0, "user");
    assert!(retry[3].1.contains("not valid JSON"), "{}", retry[3].1);
}

#[tokio::test]
async fn only_malformed_answers_fail_with_the_reason() {
    let fake = FakeOpenAi::replying(vec![Reply::Chat("Sure! Here is your journal: Day 1 ...".into())]).await;
    let (reason, retryable) = failure(generate(&provider(settings(&fake)), 3).await);
    assert!(reason.contains("not valid JSON"), "{reason}");
    assert!(reason.contains("after 3 attempts"), "{reason}");
    assert!(!retryable, "an answer that stays malformed is no passing trouble");
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn a_schema_violation_is_retried_and_the_model_told_what_to_fix() {
    let fake = FakeOpenAi::replying(vec![Reply::json(&journal(1, 4)), Reply::json(&journal(1, 5))]).await;
    let content = generate(&provider(settings(&fake)), 5).await.expect("the corrected answer is used");
    assert_eq!(content.days.len(), 5);
    assert_eq!(fake.requests().len(), 2);
    let (role, feedback) = last_message(&fake, 1);
    assert_eq!(role, "user");
    assert!(feedback.contains("days: 4 pages instead of 5"), "{feedback}");
}

#[tokio::test]
async fn persistent_schema_violations_fail_naming_the_problem() {
    let mut wavy = journal(1, 3);
    wavy["days"][1]["page_style"] = json!("wavy");
    let mut no_certificate = journal(1, 3);
    no_certificate.as_object_mut().expect("object").remove("certificate");
    let mut misnumbered = journal(1, 3);
    misnumbered["days"][2]["day"] = json!(9);
    let mut attributed = journal(1, 3);
    attributed["introduction"]["quote"] = json!("“Be where you are.” — A. Famous Person");
    for (answer, named) in [
        (wavy, "days[1].page_style: unknown variant `wavy`"),
        (no_certificate, "missing field `certificate`"),
        (misnumbered, "days[2].day: is 9 instead of 3"),
        (attributed, "introduction.quote: must be the author's own words"),
    ] {
        let fake = FakeOpenAi::replying(vec![Reply::json(&answer)]).await;
        let settings = OpenAiSettings { max_attempts: 2, ..settings(&fake) };
        let (reason, retryable) = failure(generate(&provider(settings), 3).await);
        assert!(reason.contains(named), "{named} not in {reason}");
        assert!(reason.contains("after 2 attempts"), "{reason}");
        assert!(!retryable, "{reason}");
        assert_eq!(fake.requests().len(), 2, "{named}");
        assert!(last_message(&fake, 1).1.contains(named), "the model was told about {named}");
    }
}

#[tokio::test]
async fn a_rate_limit_waits_as_asked_then_succeeds() {
    let limited = Reply::error(429, "Rate limit reached for requests", Some("rate_limit_exceeded"))
        .with_header("retry-after", "1");
    let fake = FakeOpenAi::replying(vec![limited, Reply::json(&journal(1, 3))]).await;
    // Backoff alone would wait 1 ms; Retry-After asks 1 s, capped at retry_max_ms.
    let settings = OpenAiSettings { retry_base_ms: 1, retry_max_ms: 300, ..settings(&fake) };
    let content = generate(&provider(settings), 3).await.expect("the retry succeeds");
    assert_eq!(content.days.len(), 3);
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let gap = requests[1].at - requests[0].at;
    assert!(gap >= Duration::from_millis(250), "Retry-After was not honoured: {gap:?}");
    assert!(gap < Duration::from_millis(1_000), "Retry-After was not capped: {gap:?}");
}

#[tokio::test]
async fn server_errors_are_retried_and_a_lasting_outage_fails_retryable() {
    let fake = FakeOpenAi::replying(vec![Reply::error(500, "boom", None), Reply::json(&journal(1, 3))]).await;
    assert!(generate(&provider(settings(&fake)), 3).await.is_ok());
    assert_eq!(fake.requests().len(), 2);

    let down =
        FakeOpenAi::replying(vec![Reply::error(503, "The engine is currently overloaded", None)]).await;
    let (reason, retryable) = failure(generate(&provider(settings(&down)), 3).await);
    assert!(reason.contains("HTTP 503") && reason.contains("overloaded"), "{reason}");
    assert!(retryable, "an outage may pass: {reason}");
    assert_eq!(down.requests().len(), 3);
}

#[tokio::test]
async fn a_slow_endpoint_times_out_and_may_be_retried_later() {
    let slow = Reply::Slow(Duration::from_secs(2), Box::new(Reply::json(&journal(1, 3))));
    let fake = FakeOpenAi::replying(vec![slow]).await;
    let settings = OpenAiSettings { timeout_ms: 150, max_attempts: 2, ..settings(&fake) };
    let started = Instant::now();
    let (reason, retryable) = failure(generate(&provider(settings), 3).await);
    assert!(started.elapsed() < Duration::from_millis(1_500), "took {:?}", started.elapsed());
    assert!(reason.contains("no answer within 150 ms"), "{reason}");
    assert!(reason.contains("after 2 attempts"), "{reason}");
    assert!(retryable, "{reason}");
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn a_refused_key_fails_at_once_without_showing_it() {
    for status in [401, 403] {
        // The real API echoes part of a refused key.
        let echo = format!("Incorrect API key provided: {}****cdef.", &KEY[..12]);
        let fake = FakeOpenAi::replying(vec![Reply::error(status, &echo, Some("invalid_api_key"))]).await;
        let (reason, retryable) = failure(generate(&provider(settings(&fake)), 3).await);
        assert!(reason.contains("refused the API key"), "{reason}");
        assert!(reason.contains(&format!("HTTP {status}")), "{reason}");
        assert!(!reason.contains(&KEY[..12]) && !reason.contains("0123456789"), "{reason}");
        assert!(!retryable);
        assert_eq!(fake.requests().len(), 1, "a refused key is not tried again");
    }
}

#[tokio::test]
async fn client_errors_fail_at_once_and_echoed_keys_are_scrubbed() {
    let echo = format!("response_format is not supported with this model (key {KEY})");
    let fake = FakeOpenAi::replying(vec![Reply::error(400, &echo, None)]).await;
    let provider = provider(settings(&fake));
    let (reason, retryable) = failure(generate(&provider, 3).await);
    assert!(reason.contains("HTTP 400") && reason.contains("response_format is not supported"), "{reason}");
    assert!(!reason.contains(KEY) && !reason.contains("0123456789"), "{reason}");
    assert!(!retryable);
    assert_eq!(fake.requests().len(), 1);
    assert_eq!(fake.requests()[0].header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert!(!format!("{provider:?}").contains("0123456789"));

    let missing =
        FakeOpenAi::replying(vec![Reply::error(404, "The model `test-model` does not exist", None)]).await;
    let (reason, retryable) = failure(generate(&self::provider(settings(&missing)), 3).await);
    assert!(reason.contains("HTTP 404") && reason.contains("check base_url"), "{reason}");
    assert!(!retryable);

    let broke = FakeOpenAi::replying(vec![Reply::error(
        429,
        "You exceeded your current quota",
        Some("insufficient_quota"),
    )])
    .await;
    let (reason, retryable) = failure(generate(&self::provider(settings(&broke)), 3).await);
    assert!(reason.contains("no quota left"), "{reason}");
    assert!(!retryable);
    assert_eq!(broke.requests().len(), 1);
}

#[tokio::test]
async fn a_request_no_model_can_serve_is_invalid_before_any_call() {
    let fake = FakeOpenAi::replying(vec![Reply::json(&journal(1, 3))]).await;
    let provider = provider(settings(&fake));
    for bad in [
        GenerationRequest { theme: "sleep".into(), ..request(3) },
        GenerationRequest { title_style: "shouty".into(), ..request(3) },
        request(0),
        request(367),
    ] {
        let result = provider.generate(&bad, &Recorder::default()).await;
        assert!(matches!(result, Err(GenerationError::Invalid(_))), "{result:?}");
    }
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_long_journal_is_asked_for_in_parts() {
    let fake = FakeOpenAi::start(|n, _| match n {
        0 => Reply::json(&journal(1, 30)),
        1 => Reply::json(&json!({"days": days(31, 59)})),
        2 => Reply::json(&json!({"days": days(31, 60)})),
        _ => Reply::json(&json!({"days": days(61, 70)})),
    })
    .await;
    let progress = Recorder::default();
    let content = provider(settings(&fake)).generate(&request(70), &progress).await.expect("a journal");

    assert_eq!(content.days.len(), 70);
    for (i, page) in content.days.iter().enumerate() {
        assert_eq!(page.day, i as u32 + 1);
        assert_eq!(page.prompt, format!("Prompt for day {}?", i + 1));
    }
    assert_eq!(content.days[13].page_style, PageStyle::Grid);
    assert!(content.problems(70).is_empty());

    let requests = fake.requests();
    assert_eq!(requests.len(), 4, "three parts, one asked for twice");
    let user = |i: usize| requests[i].messages()[1].1.clone();
    let system = |i: usize| requests[i].messages()[0].1.clone();
    assert!(system(0).contains("exactly 30 pages") && system(0).contains("\"certificate\""));
    assert!(user(0).contains("days 1 to 30 of 70"), "{}", user(0));
    assert!(system(1).contains("numbered 31 to 60") && !system(1).contains("\"certificate\""));
    assert!(user(1).contains("Write days 31 to 60 of 70") && user(1).contains("Where Stillness Gathers"));
    assert!(user(1).contains("30. Title of day 30"), "{}", user(1));
    assert!(last_message(&fake, 2).1.contains("days: 29 pages instead of 30 (days 31 to 60)"));
    assert!(user(3).contains("Write days 61 to 70 of 70") && user(3).contains("60. Title of day 60"));

    let discovery: Vec<u8> =
        progress.reports().into_iter().filter(|r| r.0 == Stage::Discovery).map(|r| r.1).collect();
    assert_eq!(discovery, [30, 50, 70]);
}

#[tokio::test]
async fn the_key_check_says_valid_refused_or_unreachable() {
    let fake = FakeOpenAi::start(|_, request| {
        if request.header("authorization") == Some(format!("Bearer {KEY}").as_str()) {
            Reply::Raw {
                status: 200,
                headers: Vec::new(),
                body: json!({"object": "list", "data": [{"id": "test-model", "object": "model"}]})
                    .to_string(),
            }
        } else {
            Reply::error(401, "Incorrect API key provided: sk-wrong-****.", Some("invalid_api_key"))
        }
    })
    .await;
    let settings = settings(&fake);

    let good = test_key(&settings, &SecretString::from(KEY)).await;
    assert!(good.valid, "{good:?}");
    assert_eq!(good.message, "The key was accepted.");
    let sent = &fake.requests()[0];
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("GET", "/v1/models"));

    let wrong = "sk-wrong-key-9876543210";
    let refused = test_key(&settings, &SecretString::from(wrong)).await;
    assert!(!refused.valid);
    assert!(refused.message.contains("refused this key (HTTP 401)"), "{refused:?}");
    assert!(!refused.message.contains("9876543210"));

    let other_model = OpenAiSettings { model: "bigger-model".into(), ..settings.clone() };
    let unlisted = test_key(&other_model, &SecretString::from(KEY)).await;
    assert!(
        unlisted.valid && unlisted.message.contains("does not list the model bigger-model"),
        "{unlisted:?}"
    );

    let broken = FakeOpenAi::replying(vec![Reply::error(500, "boom", None)]).await;
    let failed = test_key(&self::settings(&broken), &SecretString::from(KEY)).await;
    assert!(!failed.valid && failed.message.contains("HTTP 500"), "{failed:?}");

    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = closed.local_addr().expect("address");
    drop(closed);
    let nowhere = OpenAiSettings { base_url: format!("http://{address}/v1"), ..settings };
    let unreachable = test_key(&nowhere, &SecretString::from(KEY)).await;
    assert!(!unreachable.valid);
    assert!(unreachable.message.contains("could not connect"), "{unreachable:?}");
    assert!(!unreachable.message.contains("0123456789"));
}
