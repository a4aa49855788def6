//! The longest strings a JSON body may hold, read from the OpenAPI document: every
//! string field of a request body states its `maxLength`, and [`BodyBounds`] refuses a
//! body with a longer one (400 `validation_failed` naming the field) before it is
//! deserialised or sent on. Strings the document leaves open (inside a free-form object
//! such as an export's `options`, and the keys of such objects) are held to
//! [`OPEN_MAX_CHARS`]. Whitespace around a value is not counted: the services trim
//! one-line values before their own checks. So what the document says is what is enforced, and a new route is
//! bounded by its annotations alone.

use std::collections::HashMap;

use actix_web::HttpRequest;
use actix_web::http::Method;
use jc_platform::{AppError, FieldError};
use serde_json::{Map, Value};

/// The longest string (or object key) of a part of a body the document does not
/// describe, in characters.
pub const OPEN_MAX_CHARS: usize = 10_000;

/// The most field errors one answer lists.
const MAX_ERRORS: usize = 10;

/// The request body schema of every documented operation, and the named schemas they
/// refer to.
#[derive(Debug, Default)]
pub struct BodyBounds {
    bodies: HashMap<(String, Method), Value>,
    schemas: Map<String, Value>,
}

impl BodyBounds {
    /// The bounds the document states.
    pub fn of(document: &utoipa::openapi::OpenApi) -> Self {
        let Ok(document) = serde_json::to_value(document) else { return Self::default() };
        let mut bodies = HashMap::new();
        for (path, item) in document["paths"].as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
                if let (Ok(method), false) =
                    (Method::from_bytes(method.to_uppercase().as_bytes()), schema.is_null())
                {
                    bodies.insert((path.clone(), method), schema.clone());
                }
            }
        }
        let schemas = document["components"]["schemas"].as_object().cloned().unwrap_or_default();
        Self { bodies, schemas }
    }

    /// Refuses `body` of the request `req` when a string in it is longer than its schema
    /// allows (or than [`OPEN_MAX_CHARS`] where the schema says nothing).
    pub fn check(&self, req: &HttpRequest, body: &Value) -> Result<(), AppError> {
        self.check_at(req.match_pattern(), req.method(), body)
    }

    /// [`BodyBounds::check`] of a body sent to the route `pattern` with `method`.
    fn check_at(&self, pattern: Option<String>, method: &Method, body: &Value) -> Result<(), AppError> {
        let open = Value::Null;
        let schema = pattern.and_then(|pattern| self.bodies.get(&(pattern, method.clone()))).unwrap_or(&open);
        let mut errors = Vec::new();
        self.walk(&[schema], body, "", &mut errors);
        if errors.is_empty() { Ok(()) } else { Err(AppError::validation(errors)) }
    }

    /// The schemas `schema` stands for: itself, what it refers to, and its alternatives.
    fn candidates<'a>(&'a self, schema: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
        if depth > 16 {
            return;
        }
        if let Some(name) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
            if let Some(named) = self.schemas.get(name) {
                self.candidates(named, out, depth + 1);
            }
            return;
        }
        out.push(schema);
        for key in ["oneOf", "anyOf", "allOf"] {
            for alternative in schema[key].as_array().into_iter().flatten() {
                self.candidates(alternative, out, depth + 1);
            }
        }
    }

    fn walk(&self, schemas: &[&Value], value: &Value, path: &str, errors: &mut Vec<FieldError>) {
        if errors.len() >= MAX_ERRORS {
            return;
        }
        let mut all = Vec::new();
        for schema in schemas {
            self.candidates(schema, &mut all, 0);
        }
        match value {
            Value::String(text) => {
                let max = all.iter().filter_map(|s| s["maxLength"].as_u64()).min();
                let max = max.map_or(OPEN_MAX_CHARS, |max| usize::try_from(max).unwrap_or(usize::MAX));
                // The services trim one-line values before their own checks.
                if text.trim().chars().count() > max {
                    errors.push(too_long(path, max));
                }
            }
            Value::Array(items) => {
                let item_schemas: Vec<&Value> =
                    all.iter().map(|s| &s["items"]).filter(|s| !s.is_null()).collect();
                for (index, item) in items.iter().enumerate() {
                    self.walk(&item_schemas, item, &format!("{path}[{index}]"), errors);
                }
            }
            Value::Object(object) => {
                for (key, item) in object {
                    let declared: Vec<&Value> =
                        all.iter().map(|s| &s["properties"][key.as_str()]).filter(|s| !s.is_null()).collect();
                    if declared.is_empty() && key.chars().count() > OPEN_MAX_CHARS {
                        errors.push(FieldError::new(
                            if path.is_empty() { "request".to_owned() } else { jc_domain::field_path(path) },
                            format!("has a key longer than {OPEN_MAX_CHARS} characters"),
                        ));
                        continue;
                    }
                    let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                    self.walk(&declared, item, &child, errors);
                }
            }
            _ => {}
        }
    }
}

fn too_long(path: &str, max: usize) -> FieldError {
    FieldError::new(
        if path.is_empty() { "request" } else { path },
        format!("must be at most {max} characters"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bounds() -> BodyBounds {
        let schemas = json!({
            "Inner": {"type": "object", "properties": {"title": {"type": "string", "maxLength": 5}}},
        });
        let body = json!({"type": "object", "properties": {
            "name": {"type": ["string", "null"], "maxLength": 3},
            "inner": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Inner"}]},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 2}},
            "options": {"type": "object"},
        }});
        BodyBounds {
            bodies: HashMap::from([(("/things".to_owned(), Method::POST), body)]),
            schemas: schemas.as_object().cloned().unwrap_or_default(),
        }
    }

    fn refused(body: Value) -> Vec<String> {
        let Err(error) = bounds().check_at(Some("/things".to_owned()), &Method::POST, &body) else {
            return Vec::new();
        };
        error.fields.into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn every_string_is_held_to_its_schema() {
        assert!(refused(json!({"name": "abc", "inner": {"title": "abcde"}, "tags": ["ab"]})).is_empty());
        assert_eq!(refused(json!({"name": "abcd"})), ["name"]);
        assert_eq!(refused(json!({"inner": {"title": "abcdef"}})), ["inner.title"]);
        assert_eq!(refused(json!({"tags": ["ab", "abc"]})), ["tags[1]"]);
        assert_eq!(refused(json!({"name": "é".repeat(3)})).len(), 0, "characters, not bytes");
        assert_eq!(refused(json!({"name": "  abc "})).len(), 0, "surrounding whitespace is not counted");
    }

    /// The strings under `schema` whose schema states no `maxLength` (nor `enum`).
    fn unbounded(bounds: &BodyBounds, schema: &Value, path: &str, out: &mut Vec<String>, depth: usize) {
        let mut all = Vec::new();
        bounds.candidates(schema, &mut all, 0);
        let is_string = |s: &&Value| {
            s["type"] == "string" || s["type"].as_array().is_some_and(|t| t.contains(&json!("string")))
        };
        let bounded = |s: &&Value| s.get("maxLength").is_some() || s.get("enum").is_some();
        if all.iter().any(is_string) && !all.iter().any(bounded) {
            out.push(path.to_owned());
        }
        if depth > 8 {
            return;
        }
        for schema in &all {
            for (key, property) in schema["properties"].as_object().into_iter().flatten() {
                unbounded(bounds, property, &format!("{path}.{key}"), out, depth + 1);
            }
            if !schema["items"].is_null() {
                unbounded(bounds, &schema["items"], &format!("{path}[]"), out, depth + 1);
            }
        }
    }

    #[test]
    fn every_string_of_every_request_body_states_its_bound() {
        let bounds = BodyBounds::of(&crate::openapi());
        assert!(bounds.bodies.len() >= 12, "the request bodies are found: {:?}", bounds.bodies.keys());
        let mut open = Vec::new();
        for ((path, method), schema) in &bounds.bodies {
            unbounded(&bounds, schema, &format!("{method} {path} body"), &mut open, 0);
        }
        assert!(open.is_empty(), "strings without maxLength: {open:?}");
        let kdp = &bounds.bodies[&("/api/export/kdp/preview".to_owned(), Method::POST)];
        assert!(kdp.to_string().contains("KdpPreviewInput"), "{kdp}");
    }

    #[test]
    fn strings_the_document_leaves_open_have_the_open_bound() {
        let long = "x".repeat(OPEN_MAX_CHARS + 1);
        assert!(refused(json!({"options": {"trim": "x".repeat(OPEN_MAX_CHARS)}})).is_empty());
        assert_eq!(
            refused(json!({"options": {"theme": {"colors": {"accent": long}}}})),
            ["options.theme.colors.accent"]
        );
        assert_eq!(refused(json!({"options": {long.clone(): 1}})), ["options"]);
        assert_eq!(refused(json!({"unknown": long})), ["unknown"]);
    }
}
