//! Login gives away nothing about which emails exist: same status, same body, and
//! (measured honestly, bounded in time) the same time.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::Platform;

/// One sign-in attempt: its duration and its answer without the request id.
async fn attempt(platform: &Platform, email: &str) -> (Duration, (u16, Value)) {
    let started = Instant::now();
    let (status, mut body) =
        platform.post("/api/auth/login", json!({"email": email, "password": "Wrong-Password-123"})).await;
    let elapsed = started.elapsed();
    body["error"]["request_id"] = Value::Null;
    (elapsed, (status, body))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unknown_email_and_wrong_password_look_the_same() {
    const TRIES: usize = 30;
    let platform = Platform::in_process_alone().await;
    let (email, _) = platform.register("Timing Target", "personal_journaler").await;
    let unknown = "nobody-here@example.com";
    // Warm both paths, then interleave them so any load elsewhere on the machine
    // falls on both series alike.
    attempt(&platform, &email).await;
    attempt(&platform, unknown).await;
    let (mut wrong_times, mut unknown_times) = (Vec::new(), Vec::new());
    let mut answers = Vec::new();
    for round in 0..TRIES {
        // Which of the two goes first alternates, so neither gains from its place.
        let order = if round % 2 == 0 { [true, false] } else { [false, true] };
        for known in order {
            let (time, answer) = attempt(&platform, if known { &email } else { unknown }).await;
            if known {
                wrong_times.push(time)
            } else {
                unknown_times.push(time)
            }
            answers.push(answer);
        }
    }
    assert_eq!(answers[0].0, 401);
    assert!(answers.iter().all(|a| *a == answers[0]), "every answer has the same status and body");
    let (wrong, unknown) = (median(wrong_times), median(unknown_times));
    let (fast, slow) = if wrong < unknown { (wrong, unknown) } else { (unknown, wrong) };
    let difference = (slow.as_secs_f64() - fast.as_secs_f64()) / slow.as_secs_f64();
    assert!(difference < 0.20, "medians differ by {:.1}% ({wrong:?} vs {unknown:?})", difference * 100.0);
}
