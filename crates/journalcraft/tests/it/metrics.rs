//! Every process's `/metrics` on its operations listener, after traffic through every
//! part of the platform: promtool accepts it (every family has HELP text), and it has
//! the process figures, the build, queue depths, dead letters and outbox lag.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::json;

use jc_testkit::eventually;

use crate::support::{Options, Platform, text};

/// `promtool check metrics` over `metrics`: `Ok` when it passes, `Err` with its report
/// otherwise. `None` when promtool is not installed and the run does not require it.
fn promtool(metrics: &str) -> Option<Result<(), String>> {
    let child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) if std::env::var_os("JC_TEST_REQUIRE_SERVICES").is_some() => {
            panic!("promtool (Debian package prometheus) is needed: {error}")
        }
        Err(error) => {
            // Past libtest's capture, as the testkit reports skipped backends.
            let _ = writeln!(
                std::io::stderr().lock(),
                "SKIPPED the promtool check: promtool cannot run ({error})"
            );
            return None;
        }
    };
    child.stdin.take().expect("stdin").write_all(metrics.as_bytes()).expect("write to promtool");
    let output = child.wait_with_output().expect("promtool ran");
    let report =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Some(if output.status.success() { Ok(()) } else { Err(report) })
}

/// The value of the sample `series` (its name and labels, exactly as rendered).
fn sample(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

async fn every_process_serves_metrics_promtool_accepts(platform: Platform) {
    // Traffic through the gateway, auth and user (a sign-up), the journal service's
    // queue and outbox (a generation job) and the export service's (an export job).
    let token = platform.signed_in("Metrics Writer", "personal_journaler").await;
    let wish = json!({"theme": "gratitude", "title_style": "poetic", "author_style": "The Warm Friend",
                      "research_depth": "medium", "days": 3});
    let (status, started) = platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(wish)).await;
    assert_eq!(status, 200, "{started}");
    let job_path = format!("/api/ai/progress/{}", text(&started, "job_id"));
    let job = eventually("the generation job to complete", || async {
        let (_, job) = platform.get(&job_path, Some(&token)).await;
        if job["status"] == "completed" { Ok(job) } else { Err(job) }
    })
    .await;
    let project_id = text(&job, "project_id");
    let (status, export) = platform
        .send(
            "POST",
            "/api/export/jobs",
            Some(&token),
            Some(json!({"journal_id": project_id, "format": "docx"})),
        )
        .await;
    assert_eq!(status, 201, "{export}");
    let export_path = format!("/api/export/jobs/{}", text(&export, "id"));
    eventually("the export job to complete", || async {
        let (_, export) = platform.get(&export_path, Some(&token)).await;
        if export["status"] == "completed" { Ok(()) } else { Err(export) }
    })
    .await;

    let build = format!("journalcraft_build_info{{version=\"{}\"}}", env!("CARGO_PKG_VERSION"));
    for (target, address) in &platform.ops {
        let (status, metrics) = platform.ops_get(*address, "/metrics").await;
        assert_eq!(status, 200, "{target}: {metrics}");
        if let Some(checked) = promtool(&metrics) {
            checked.unwrap_or_else(|report| panic!("promtool refuses the metrics of {target}: {report}"));
        }
        for family in metrics.lines().filter_map(|line| line.strip_prefix("# TYPE ")) {
            let name = family.split(' ').next().expect("a name");
            assert!(metrics.contains(&format!("# HELP {name} ")), "{target}: {name} has no HELP text");
        }
        assert_eq!(sample(&metrics, &build), Some(1.0), "{target}: the build in:\n{metrics}");
        for family in [
            "process_cpu_seconds_total",
            "process_resident_memory_bytes",
            "process_open_fds",
            "process_start_time_seconds",
        ] {
            assert!(sample(&metrics, family).is_some_and(|v| v > 0.0), "{target}: {family} in:\n{metrics}");
        }
        let serves = |component: &str| *target == "all" || *target == component;
        if serves("gateway") {
            assert!(metrics.contains("http_requests_total{"), "{target}: {metrics}");
            assert!(metrics.contains("gateway_rate_limit_decisions_total{"), "{target}: {metrics}");
        }
        for (component, queue) in [("journal", "journal.generate"), ("export", "export.render")] {
            if !serves(component) {
                continue;
            }
            let depth = format!("queue_depth{{queue=\"{queue}\"}}");
            assert!(sample(&metrics, &depth).is_some(), "{target}: {depth} in:\n{metrics}");
            let dead = format!("queue_dead_letters{{queue=\"{queue}\"}}");
            assert_eq!(sample(&metrics, &dead), Some(0.0), "{target}: nothing failed: {dead} in:\n{metrics}");
            let lag = format!("outbox_lag_seconds{{database=\"{component}\"}}");
            assert!(
                sample(&metrics, &lag).is_some_and(|seconds| (0.0..60.0).contains(&seconds)),
                "{target}: {lag} in:\n{metrics}"
            );
        }
    }
}
// With the rate limits on, so that the limiter's families are among those checked.
jc_testkit::on_every_backend!(
    Platform,
    options: Options { rate_limits: true, ..Options::default() },
    workers: 4 => every_process_serves_metrics_promtool_accepts
);
