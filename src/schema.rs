//! The JSON Schema of the plan file, for editors: a YAML language server that reads
//! `docs/plan.schema.json` completes keys, shows each key's description and flags a wrong key or
//! value while the plan is typed.
//!
//! The schema is generated from the same serde types the loader deserializes into
//! ([`crate::plan::raw`]), so it cannot drift from what `wamigrate check` accepts. It describes the
//! plan's shape only: facts that need the whole plan (an unknown step id, a time inside a
//! daylight-saving gap, a malformed phone number) are still for `wamigrate check`. Draft-07,
//! because that is what editors' YAML language servers read.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

use crate::plan::raw::RawPlan;

/// The schema's `$id`: names the plan format version it describes.
pub const SCHEMA_ID: &str = "urn:wamigrate:plan:1";

/// The plan's JSON Schema (draft-07) as pretty-printed JSON, ending with a newline.
#[must_use]
pub fn plan_schema() -> String {
    let mut schema = SchemaSettings::draft07()
        .with_transform(RecursiveTransform(tidy))
        .into_generator()
        .into_root_schema_for::<RawPlan>();
    // Only version 1 exists: an editor flags `version: 7` as `check` does.
    if let Some(Value::Object(version)) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("version"))
    {
        version.remove("minimum");
        version.remove("format");
        version.insert("const".to_owned(), 1.into());
    }
    schema.insert("$id".to_owned(), SCHEMA_ID.into());
    schema.insert(
        "title".to_owned(),
        "wamigrate migration plan (format version 1)".into(),
    );
    // `{:#}` is serde_json's pretty printing, which cannot fail on a `Value`.
    format!("{:#}\n", schema.as_value())
}

/// Makes one subschema read well in an editor's hover, and lets every optional key be null, as
/// the loader does (absent and null mean the same for every optional key).
fn tidy(schema: &mut Schema) {
    let required: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    // `source` (a mapping with exactly one kind) says itself which kinds may be empty.
    let one_of_kinds = schema.get("maxProperties").is_some();
    if let Some(Value::Object(properties)) = schema.get_mut("properties")
        && !one_of_kinds
    {
        for (key, property) in properties.iter_mut() {
            if !required.contains(key) && !is_nullable(property) {
                let description = property
                    .as_object_mut()
                    .and_then(|p| p.remove("description"));
                let inner = std::mem::take(property);
                let mut wrapped = serde_json::json!({"anyOf": [inner, {"type": "null"}]});
                if let (Some(d), Some(object)) = (description, wrapped.as_object_mut()) {
                    object.insert("description".to_owned(), d);
                }
                *property = wrapped;
            }
        }
    }
    // Doc comments are wrapped at 100 columns; an editor shows a description as one paragraph.
    if let Some(Value::String(description)) = schema.get_mut("description") {
        *description = unwrap_lines(description);
    }
    // `default: null` on an optional key says nothing (absent and null mean the same), and editors
    // would insert the `null` when completing the key.
    if schema.get("default").is_some_and(Value::is_null) {
        schema.remove("default");
    }
}

/// Whether a property schema already accepts null.
fn is_nullable(property: &Value) -> bool {
    let null_type = |v: &Value| match v.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
        _ => false,
    };
    null_type(property)
        || ["anyOf", "oneOf"].iter().any(|k| {
            property
                .get(*k)
                .and_then(Value::as_array)
                .is_some_and(|alternatives| alternatives.iter().any(null_type))
        })
}

/// Joins the lines of each paragraph, keeping blank-line paragraph breaks.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.split('\n').collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_doc_lines_become_one_paragraph() {
        assert_eq!(
            unwrap_lines("a long\nsentence.\n\nNext one."),
            "a long sentence.\n\nNext one."
        );
    }

    #[test]
    fn descriptions_are_unwrapped_and_null_defaults_dropped() {
        let schema = plan_schema();
        assert!(!schema.contains("\"default\": null"));
        assert!(
            schema.contains("\"description\": \"Who administers the source WABA (and so turns off two-step verification): `customer` or `partner` (default).\""),
            "the wrapped doc comment of `bsp.source_waba_admin` is one line"
        );
    }
}
