//! `wamigrate schema`: the plan's JSON Schema, for editors.

use std::io;

use super::Out;

/// Runs `schema`.
pub fn run(out: &mut Out) -> io::Result<u8> {
    out.data(&crate::schema::plan_schema())?;
    Ok(0)
}
