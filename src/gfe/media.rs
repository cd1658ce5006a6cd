//! Choosing between the document's renderings from an `Accept` header (RFC 9110 §12.5.1): JSON,
//! the default, printable HTML, or a Da Vinci PCT FHIR Bundle.

/// A rendering of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    /// `application/json`.
    Json,
    /// `text/html; charset=utf-8`.
    Html,
    /// `application/fhir+json`: the Da Vinci PCT GFE Bundle.
    Fhir,
}

impl DocumentFormat {
    /// The media types offered, in order of preference when a client likes both equally.
    pub const OFFERED: [DocumentFormat; 3] = [
        DocumentFormat::Json,
        DocumentFormat::Html,
        DocumentFormat::Fhir,
    ];

    /// The media type, without parameters.
    pub const fn media_type(self) -> &'static str {
        match self {
            DocumentFormat::Json => "application/json",
            DocumentFormat::Html => "text/html",
            DocumentFormat::Fhir => "application/fhir+json",
        }
    }
}

/// The format to answer with, or `None` when `accept` excludes both (the route answers 406).
///
/// No header, an empty one or one without any usable range means JSON. Each offered type takes
/// the quality of the most specific range matching it (`text/html` over `text/*` over `*/*`); a
/// quality of 0 refuses it; the highest quality wins and a tie goes to JSON, then HTML, then
/// FHIR (so only a client naming `application/fhir+json` gets a Bundle). Malformed ranges are
/// skipped.
pub fn negotiate(accept: Option<&str>) -> Option<DocumentFormat> {
    let ranges: Vec<(&str, &str, u16)> = accept
        .unwrap_or("")
        .split(',')
        .filter_map(parse_range)
        .collect();
    if ranges.is_empty() {
        return Some(DocumentFormat::Json);
    }
    let mut best: Option<(DocumentFormat, u16)> = None;
    for format in DocumentFormat::OFFERED {
        let (kind, sub) = format
            .media_type()
            .split_once('/')
            .unwrap_or((format.media_type(), ""));
        let quality = ranges
            .iter()
            .filter_map(|&(t, s, q)| {
                let specificity = match (t, s) {
                    _ if t.eq_ignore_ascii_case(kind) && s.eq_ignore_ascii_case(sub) => 2,
                    (_, "*") if t.eq_ignore_ascii_case(kind) => 1,
                    ("*", "*") => 0,
                    _ => return None,
                };
                Some((specificity, q))
            })
            .max_by_key(|&(specificity, _)| specificity)
            .map(|(_, q)| q);
        if let Some(q) = quality.filter(|&q| q > 0)
            && best.is_none_or(|(_, b)| q > b)
        {
            best = Some((format, q));
        }
    }
    best.map(|(format, _)| format)
}

/// `type/subtype;q=0.5;…` as (type, subtype, quality in thousandths); `None` when malformed.
fn parse_range(range: &str) -> Option<(&str, &str, u16)> {
    let mut parts = range.split(';');
    let (kind, sub) = parts.next()?.trim().split_once('/')?;
    if kind.is_empty() || sub.is_empty() || (kind == "*" && sub != "*") {
        return None;
    }
    let mut quality = 1000;
    for param in parts {
        let Some((name, value)) = param.trim().split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("q") {
            quality = parse_quality(value.trim())?;
        }
    }
    Some((kind.trim(), sub.trim(), quality))
}

/// `0`, `0.5`, `1.000` … as thousandths (RFC 9110 `qvalue`); `None` when malformed.
fn parse_quality(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocumentFormat::{Fhir, Html, Json};

    #[test]
    fn accept_headers_choose_the_format_as_documented() {
        let cases: [(Option<&str>, Option<DocumentFormat>); 20] = [
            (None, Some(Json)),
            (Some(""), Some(Json)),
            (Some("*/*"), Some(Json)),
            (Some("application/json"), Some(Json)),
            (Some("application/*"), Some(Json)),
            (Some("text/html"), Some(Html)),
            (Some("TEXT/HTML"), Some(Html)),
            (Some("text/*"), Some(Html)),
            (Some("text/html, application/json"), Some(Json)),
            (Some("text/html, application/json;q=0.9"), Some(Html)),
            (
                Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                Some(Html),
            ),
            (Some("application/pdf"), None),
            (Some("image/png, text/plain"), None),
            (Some("text/html;q=0, application/json;q=0"), None),
            (Some("*/*, application/json;q=0"), Some(Html)),
            (Some("nonsense"), Some(Json)),
            (Some("application/fhir+json"), Some(Fhir)),
            (Some("APPLICATION/FHIR+JSON;fhirVersion=4.0"), Some(Fhir)),
            (
                Some("application/fhir+json, application/json;q=0.5"),
                Some(Fhir),
            ),
            (Some("application/json, application/fhir+json"), Some(Json)),
        ];
        for (accept, expected) in cases {
            assert_eq!(negotiate(accept), expected, "{accept:?}");
        }
    }

    #[test]
    fn malformed_qualities_are_skipped_not_trusted() {
        assert_eq!(parse_quality("0.5"), Some(500));
        assert_eq!(parse_quality("1"), Some(1000));
        assert_eq!(parse_quality("1.5"), None);
        assert_eq!(parse_quality("0.1234"), None);
        assert_eq!(negotiate(Some("text/html;q=2, application/pdf")), None);
    }

    proptest::proptest! {
        #[test]
        fn negotiation_never_panics(accept in "\\PC{0,80}") {
            let _ = negotiate(Some(&accept));
        }
    }
}
