//! The center directory file: reading it (fast path first, precise error second) and writing
//! it. The format is documented on [`crate::centers`].

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_path_to_error::Segment;

use super::center::Center;

/// The shipped directory, embedded in the binary.
pub const EMBEDDED_DIRECTORY_JSON: &str = include_str!("directory.json");

/// The directory file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The directory could not be loaded; the message names the row, id and field.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// The override file could not be read.
    #[error("cannot read center directory {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file as a whole is malformed (not JSON, wrong version, no `centers` list).
    #[error("center directory field `{field}`: {problem}")]
    File {
        /// The top-level field, or `.` for the document itself.
        field: String,
        /// What is wrong and what is accepted.
        problem: String,
    },
    /// One center row is invalid.
    #[error(transparent)]
    Row(#[from] RowError),
}

/// An invalid center row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RowError {
    /// 0-based index in the `centers` list.
    pub row: usize,
    /// The row's `id` as written, when it has one.
    pub id: Option<String>,
    /// The offending field, as a path inside the row (e.g. `location.lat`, `prices.hsct`).
    pub field: String,
    /// What is wrong and what is accepted.
    pub problem: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "center directory row {}", self.row)?;
        if let Some(id) = &self.id {
            write!(f, " (id `{id}`)")?;
        }
        write!(f, ", field `{}`: {}", self.field, self.problem)
    }
}

// The file's shape. Rows are read with `FileVisitor` below; this derived form is the one
// `explain_failure` reads with path tracking, so the two must accept the same files.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(dead_code, reason = "read only to locate a failure")]
struct DirectoryFile {
    format_version: u32,
    centers: Vec<Center>,
}

#[derive(Serialize)]
struct DirectoryFileRef<'a> {
    format_version: u32,
    centers: &'a [Center],
}

/// Reads a directory file's rows (shape and per-field checks only; cross-row checks happen
/// when a [`super::Directory`] is built from them).
pub fn parse_directory(text: &str) -> Result<Vec<Center>, DirectoryError> {
    let mut centers = Vec::new();
    read_rows(text, |center| centers.push(center))?;
    Ok(centers)
}

/// Reads a directory file, handing each row to `row` as soon as it is read, so that a large
/// file's rows never exist all at once in their full form. Accepts exactly the files
/// [`parse_directory`] accepts.
pub(super) fn read_rows(text: &str, row: impl FnMut(Center)) -> Result<(), DirectoryError> {
    // The plain parser is the fast path; the path-tracking one runs only to explain a failure.
    let mut de = serde_json::Deserializer::from_str(text);
    let version = match FileVisitor(row)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
    {
        Ok(version) => version,
        Err(_) => return Err(explain_failure(text)),
    };
    if version != FORMAT_VERSION {
        return Err(DirectoryError::File {
            field: "format_version".into(),
            problem: format!("version {version} is not supported; accepted: {FORMAT_VERSION}"),
        });
    }
    Ok(())
}

/// Reads a directory file from disk.
pub fn read_directory(path: &Path) -> Result<Vec<Center>, DirectoryError> {
    parse_directory(&read_directory_text(path)?)
}

/// A directory file's text.
pub(super) fn read_directory_text(path: &Path) -> Result<String, DirectoryError> {
    std::fs::read_to_string(path).map_err(|source| DirectoryError::Read {
        path: path.to_owned(),
        source,
    })
}

// `DirectoryFile`'s shape, read by hand so that each row goes to the caller as it is read.
struct FileVisitor<F>(F);

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    FormatVersion,
    Centers,
}

impl<'de, F: FnMut(Center)> DeserializeSeed<'de> for FileVisitor<F> {
    /// The format version.
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_struct("DirectoryFile", &["format_version", "centers"], self)
    }
}

impl<'de, F: FnMut(Center)> Visitor<'de> for FileVisitor<F> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a center directory")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<u32, A::Error> {
        let (mut version, mut centers) = (None, false);
        while let Some(field) = map.next_key()? {
            match field {
                Field::FormatVersion if version.is_some() => {
                    return Err(de::Error::duplicate_field("format_version"));
                }
                Field::FormatVersion => version = Some(map.next_value()?),
                Field::Centers if centers => return Err(de::Error::duplicate_field("centers")),
                Field::Centers => {
                    map.next_value_seed(RowsVisitor(&mut self.0))?;
                    centers = true;
                }
            }
        }
        let version = version.ok_or_else(|| de::Error::missing_field("format_version"))?;
        if !centers {
            return Err(de::Error::missing_field("centers"));
        }
        Ok(version)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<u32, A::Error> {
        let expected = &"a format version and a list of centers";
        let version = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, expected))?;
        seq.next_element_seed(RowsVisitor(&mut self.0))?
            .ok_or_else(|| de::Error::invalid_length(1, expected))?;
        Ok(version)
    }
}

struct RowsVisitor<'f, F>(&'f mut F);

impl<'de, F: FnMut(Center)> DeserializeSeed<'de> for RowsVisitor<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Center)> Visitor<'de> for RowsVisitor<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of centers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(center) = seq.next_element()? {
            (self.0)(center);
        }
        Ok(())
    }
}

/// Writes `centers` as a directory file (format version [`FORMAT_VERSION`]), one row per
/// line so that diffs of an operator's file stay readable.
pub fn write_directory<W: Write>(mut out: W, centers: &[Center]) -> std::io::Result<()> {
    writeln!(out, "{{\"format_version\":{FORMAT_VERSION},\"centers\":[")?;
    for (i, center) in centers.iter().enumerate() {
        serde_json::to_writer(&mut out, center)?;
        writeln!(out, "{}", if i + 1 < centers.len() { "," } else { "" })?;
    }
    writeln!(out, "]}}")?;
    out.flush()
}

/// Writes `centers` to a directory file at `path`.
pub fn save_directory(path: &Path, centers: &[Center]) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    write_directory(std::io::BufWriter::new(file), centers)
}

/// The whole directory as pretty JSON (for the small shipped file).
pub fn to_pretty_json(centers: &[Center]) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&DirectoryFileRef {
        format_version: FORMAT_VERSION,
        centers,
    })
}

fn explain_failure(text: &str) -> DirectoryError {
    let de = &mut serde_json::Deserializer::from_str(text);
    let err = match serde_path_to_error::deserialize::<_, DirectoryFile>(de) {
        Ok(_) => {
            return DirectoryError::File {
                field: ".".into(),
                problem: "the file could not be read as a directory".into(),
            };
        }
        Err(err) => err,
    };
    let inner = err.inner();
    let mut problem = inner.to_string();
    if inner.is_syntax() || inner.is_eof() {
        problem = format!("not valid JSON: {problem}");
    }
    let mut segments = err.path().iter();
    let row = match (segments.next(), segments.next()) {
        (Some(Segment::Map { key }), Some(Segment::Seq { index })) if key == "centers" => *index,
        _ => {
            let path = err.path().to_string();
            let field = match path.as_str() {
                "." | "?" => backticked(&problem).unwrap_or(".").to_owned(),
                _ => path,
            };
            return DirectoryError::File { field, problem };
        }
    };
    let mut field = segments
        .map(|s| match s {
            Segment::Seq { index } => format!("[{index}]"),
            other => format!(".{other}"),
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_owned();
    if field.is_empty() {
        // Missing and unknown fields are reported on the row; serde names them in backticks.
        field = backticked(&problem).unwrap_or("(row)").to_owned();
    }
    RowError {
        row,
        id: id_of_row(text, row),
        field,
        problem,
    }
    .into()
}

fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

fn id_of_row(text: &str, row: usize) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    value
        .get("centers")?
        .get(row)?
        .get("id")?
        .as_str()
        .map(str::to_owned)
}

#[cfg(test)]
mod tests;
