//! Pretty JSON, byte for byte what `serde_json::to_writer_pretty` writes (two spaces a level),
//! with each line break and its indentation written in one piece.
//!
//! `serde_json`'s `PrettyFormatter` writes the indentation one level at a time, so a step field
//! six levels deep costs seven writes into the buffer; a 100k-number `dry-run --format json`
//! writes about 40 million lines, and those small copies were an eighth of its run (measured
//! with `perf`). Here a line break and up to 64 levels of indentation are one slice of a static
//! buffer.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

/// `",\n"` followed by enough spaces for 64 levels.
const BREAKS: &[u8; 2 + 2 * 64] = &{
    let mut b = [b' '; 2 + 2 * 64];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// The formatter: the current depth, and whether the current container has a value.
#[derive(Debug, Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break (after a comma unless `first`) and the current indentation.
    fn line<W: ?Sized + io::Write>(&self, writer: &mut W, comma: bool) -> io::Result<()> {
        let from = usize::from(!comma);
        let to = 2 + 2 * self.depth;
        if let Some(piece) = BREAKS.get(from..to) {
            return writer.write_all(piece);
        }
        writer.write_all(&BREAKS[from..])?;
        for _ in 64..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Opens an array or object with `bracket`, one level deeper.
    fn open<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes an array or object with `bracket`, on a line of its own when it held a value.
    fn close<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(writer, false)?;
        }
        writer.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, !first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, !first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `value` as pretty JSON, exactly as `serde_json::to_writer_pretty` would.
///
/// # Errors
/// What writing or serializing fails with.
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(writer: W, value: &T) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(writer, Pretty::default());
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// Writes `value` as pretty JSON nested `depth` levels deep: its inner lines indented for that
/// depth, its first line not (the caller writes the line break and key before it). Pieces
/// written this way and joined with [`line()`] are what [`to_writer`] writes for the whole.
///
/// # Errors
/// What writing or serializing fails with.
pub fn to_writer_at<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
    depth: usize,
) -> io::Result<()> {
    let formatter = Pretty {
        depth,
        has_value: false,
    };
    let mut serializer = serde_json::Serializer::with_formatter(writer, formatter);
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// A line break at `depth`, after a comma unless it is the first line of its container.
///
/// # Errors
/// What writing fails with.
pub fn line<W: io::Write + ?Sized>(writer: &mut W, depth: usize, first: bool) -> io::Result<()> {
    Pretty {
        depth,
        has_value: false,
    }
    .line(writer, !first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        to_writer(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn same_bytes_as_serde_json_at_any_depth() {
        let mut deep = serde_json::json!({"leaf": [1, {"a": null}, [], {}], "s": "x\"y"});
        for depth in 0..80 {
            deep = if depth % 2 == 0 {
                serde_json::json!({"k": deep.clone(), "n": depth, "e": []})
            } else {
                serde_json::json!([deep.clone(), depth, {}])
            };
            assert_eq!(
                ours(&deep),
                serde_json::to_string_pretty(&deep).unwrap(),
                "{depth}"
            );
        }
        // Pieces joined as a report's JSON is: each field on its own, the numbers one by one.
        let whole = serde_json::json!({"a": 1, "list": [{"x": [1, 2]}, {"y": {}}], "z": []});
        let mut pieces = b"{".to_vec();
        line(&mut pieces, 1, true).unwrap();
        pieces.extend_from_slice(b"\"a\": ");
        to_writer_at(&mut pieces, &whole["a"], 1).unwrap();
        line(&mut pieces, 1, false).unwrap();
        pieces.extend_from_slice(b"\"list\": [");
        for (i, item) in whole["list"].as_array().unwrap().iter().enumerate() {
            line(&mut pieces, 2, i == 0).unwrap();
            to_writer_at(&mut pieces, item, 2).unwrap();
        }
        line(&mut pieces, 1, true).unwrap();
        pieces.extend_from_slice(b"]");
        line(&mut pieces, 1, false).unwrap();
        pieces.extend_from_slice(b"\"z\": ");
        to_writer_at(&mut pieces, &whole["z"], 1).unwrap();
        line(&mut pieces, 0, true).unwrap();
        pieces.extend_from_slice(b"}");
        assert_eq!(
            String::from_utf8(pieces).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap()
        );
        for flat in [
            serde_json::json!(null),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!("é\u{a0}\u{7}"),
        ] {
            assert_eq!(ours(&flat), serde_json::to_string_pretty(&flat).unwrap());
        }
    }
}
