//! Long strings get 400 `validation_failed` naming their field, never a 5xx or a 429.
//!
//! The sweep reads the gateway's own OpenAPI document, so a new route or field is
//! covered without editing this file: every string field of every JSON request body
//! must state its `maxLength`, and each is sent with 1 KB, 10 KB, 100 KB and 1 MB
//! values, the other fields holding ordinary ones.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::support::{Platform, error_code};

/// The lengths each string field is sent with, in characters.
const LENGTHS: [usize; 4] = [1 << 10, 10 << 10, 100 << 10, 1 << 20];
/// The gateway's JSON body limit in the test configuration (its default, 1 MiB).
const BODY_LIMIT: usize = 1 << 20;

/// One string field of a request body: where it is and the most characters it allows
/// (`None` for a word of a closed set, which no long value can be).
#[derive(Debug, Clone)]
struct StringField {
    path: Vec<Step>,
    max: Option<usize>,
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Item,
}

impl StringField {
    /// The field as the error names it: `introduction.title`, `certificate.fields[0]`.
    fn name(&self) -> String {
        let mut name = String::new();
        for step in &self.path {
            match step {
                Step::Key(key) if name.is_empty() => name.push_str(key),
                Step::Key(key) => name.push_str(&format!(".{key}")),
                Step::Item => name.push_str("[0]"),
            }
        }
        name
    }
}

struct Document<'a> {
    schemas: &'a Map<String, Value>,
}

impl<'a> Document<'a> {
    /// `schema` with its `$ref` followed and its non-null alternatives gathered.
    fn alternatives(&self, schema: &'a Value) -> Vec<&'a Value> {
        if let Some(name) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
            return self.alternatives(&self.schemas[name]);
        }
        let mut out = vec![schema];
        for key in ["oneOf", "anyOf", "allOf"] {
            for alternative in schema[key].as_array().into_iter().flatten() {
                if alternative["type"] != "null" {
                    out.extend(self.alternatives(alternative));
                }
            }
        }
        out
    }

    fn is(schema: &Value, kind: &str) -> bool {
        schema["type"] == kind || schema["type"].as_array().is_some_and(|types| types.contains(&json!(kind)))
    }

    /// An ordinary value of `schema`: its example, its first word, its minimum.
    fn ordinary(&self, schema: &'a Value, depth: usize) -> Value {
        let all = self.alternatives(schema);
        if let Some(example) = all.iter().find_map(|s| s.get("example")) {
            return example.clone();
        }
        if let Some(word) = all.iter().find_map(|s| s["enum"].get(0)) {
            return word.clone();
        }
        if all.iter().any(|s| Self::is(s, "object")) && depth < 6 {
            let mut object = Map::new();
            for s in &all {
                for (key, property) in s["properties"].as_object().into_iter().flatten() {
                    object.insert(key.clone(), self.ordinary(property, depth + 1));
                }
            }
            return Value::Object(object);
        }
        if all.iter().any(|s| Self::is(s, "array")) {
            return json!([]);
        }
        if all.iter().any(|s| Self::is(s, "integer") || Self::is(s, "number")) {
            return all.iter().find_map(|s| s.get("minimum").cloned()).unwrap_or(json!(1));
        }
        if all.iter().any(|s| Self::is(s, "boolean")) {
            return json!(false);
        }
        json!("text")
    }

    /// Every string field under `schema`, with `path` before it.
    fn strings(&self, schema: &'a Value, path: Vec<Step>, out: &mut Vec<StringField>, depth: usize) {
        let all = self.alternatives(schema);
        if all.iter().any(|s| s.get("enum").is_some()) {
            out.push(StringField { path, max: None });
            return;
        }
        if all.iter().any(|s| Self::is(s, "string")) {
            let max = all.iter().find_map(|s| s["maxLength"].as_u64()).map(|max| max as usize);
            assert!(max.is_some(), "{} states no maxLength", StringField { path, max: None }.name());
            out.push(StringField { path, max });
            return;
        }
        if depth > 6 {
            return;
        }
        for s in &all {
            for (key, property) in s["properties"].as_object().into_iter().flatten() {
                let mut child = path.clone();
                child.push(Step::Key(key.clone()));
                self.strings(property, child, out, depth + 1);
            }
            if !s["items"].is_null() {
                let mut child = path.clone();
                child.push(Step::Item);
                self.strings(&s["items"], child, out, depth + 1);
            }
        }
    }
}

/// `body` with `value` at `path` (arrays get it as their one item).
fn put(body: &mut Value, path: &[Step], value: Value) {
    match path.split_first() {
        None => *body = value,
        Some((Step::Key(key), rest)) => {
            if !body.is_object() {
                *body = json!({});
            }
            let slot = body.as_object_mut().expect("an object").entry(key.clone()).or_insert(Value::Null);
            put(slot, rest, value);
        }
        Some((Step::Item, rest)) => {
            let mut item = Value::Null;
            put(&mut item, rest, value);
            *body = json!([item]);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_string_field_of_every_json_route_is_bounded() {
    let platform = Platform::in_process().await;
    let token = platform.signed_in("Sweep Person", "content_creator").await;
    let (status, journal) = platform
        .post_with("/api/journals", &token, json!({"title": "Bounded", "theme": "gratitude", "days": 3}))
        .await;
    assert_eq!(status, 201, "{journal}");
    let journal_id = journal["id"].as_str().expect("an id").to_owned();
    let (status, document) = platform.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);

    let schemas = document["components"]["schemas"].as_object().cloned().unwrap_or_default();
    let doc = Document { schemas: &schemas };
    let mut routes = BTreeMap::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("operations") {
            let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
            if !schema.is_null() {
                routes.insert((path.clone(), method.to_uppercase()), schema.clone());
            }
        }
    }
    assert!(routes.len() >= 14, "every JSON route is found: {:?}", routes.keys());

    let mut sent = 0;
    for ((pattern, method), schema) in &routes {
        let path = pattern.replace("{id}", &journal_id).replace("{n}", "1");
        let mut fields = Vec::new();
        doc.strings(schema, Vec::new(), &mut fields, 0);
        for field in fields {
            for length in LENGTHS {
                let mut body = doc.ordinary(schema, 0);
                put(&mut body, &field.path, Value::String("a".repeat(length)));
                let (status, answer) = platform.send(method, &path, Some(&token), Some(body)).await;
                let what = format!("{method} {pattern} with {} of {length} characters", field.name());
                sent += 1;
                assert!(status < 500 && status != 429, "{what}: {status} {answer}");
                if length >= BODY_LIMIT {
                    // The 1 MB value makes the body larger than the JSON limit: 413 is the
                    // right answer for that size, before any field is looked at.
                    assert_eq!(error_code(status, &answer), "payload_too_large", "{what}");
                } else if field.max.is_none_or(|max| length > max) {
                    assert_eq!(error_code(status, &answer), "validation_failed", "{what}: {answer}");
                    let named = answer["error"]["fields"]
                        .as_array()
                        .is_some_and(|fields| fields.iter().any(|f| f["field"] == field.name().as_str()));
                    assert!(named, "{what}: the error names the field: {answer}");
                    assert!(answer.to_string().len() < 4096, "{what}: the answer quotes the value: {answer}");
                }
            }
        }
    }
    assert!(sent >= 40 * LENGTHS.len(), "only {sent} requests were sent");
}

/// A long value the gateway lets through to a service (inside an export's free-form
/// options) is refused by the service with a short excerpt of it: 400 naming the field,
/// not a status too large for HTTP/2.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn long_values_inside_export_options_are_refused_with_an_excerpt() {
    let platform = Platform::in_process().await;
    let token = platform.signed_in("Options Person", "content_creator").await;
    let (status, journal) = platform
        .post_with("/api/journals", &token, json!({"title": "Options", "theme": "gratitude", "days": 3}))
        .await;
    assert_eq!(status, 201, "{journal}");
    for (key, value) in [
        ("trim", json!("9".repeat(10_000))),
        ("theme", json!({"colors": {"accent": "#".repeat(9_000)}})),
        ("b".repeat(9_000).as_str(), json!(true)),
    ] {
        for format in ["pdf", "kdp"] {
            let body = json!({"journal_id": journal["id"], "format": format, "options": {key: value}});
            let (status, answer) = platform.post_with("/api/export/jobs", &token, body).await;
            let what = format!(
                "{format} with {} of {} characters",
                &key[..key.len().min(10)],
                value.to_string().len()
            );
            assert_eq!(error_code(status, &answer), "validation_failed", "{what}: {answer}");
            assert!(answer.to_string().len() < 2048, "{what}: {answer}");
        }
    }
    let preview = json!({"pages": 120, "trim": "6x9", "listing": {"title": "T", "author": "A",
                         "description": "D", "keywords": ["k".repeat(199)]}});
    let (status, answer) = platform.post_with("/api/export/kdp/preview", &token, preview).await;
    assert_eq!(status, 200, "a keyword within the bound reaches the calculator: {answer}");
}
