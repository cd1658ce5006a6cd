//! Choosing the language from an `Accept-Language` header (RFC 9110 §12.5.4, basic filtering
//! of RFC 4647 §3.3.1): each language takes the quality of the most specific range naming it
//! (`es-MX` or `es` over `*`), `q=0` refuses it, the highest quality wins and a tie goes to
//! English. No header, an unknown language, a malformed or an over-long header all mean
//! English: a preference is never an error.

use super::Lang;

/// Longer headers are not read: a browser sends well under this.
pub const MAX_HEADER_BYTES: usize = 1024;
/// At most this many ranges are read.
const MAX_RANGES: usize = 32;

impl Lang {
    /// The language to answer in for an `Accept-Language` header value.
    pub fn negotiate(header: Option<&str>) -> Lang {
        let Some(header) = header.filter(|h| h.len() <= MAX_HEADER_BYTES) else {
            return Lang::En;
        };
        let ranges: Vec<(&str, u16)> = header
            .split(',')
            .take(MAX_RANGES)
            .filter_map(parse_range)
            .collect();
        let mut best = (Lang::En, 0u16);
        let mut any = false;
        for lang in Lang::ALL {
            // (specificity, quality) of the most specific range naming this language.
            let quality = ranges
                .iter()
                .filter_map(|&(range, q)| {
                    if range == "*" {
                        Some((0, q))
                    } else if Lang::from_tag(range) == Some(lang) {
                        Some((1, q))
                    } else {
                        None
                    }
                })
                .max_by_key(|&(specificity, _)| specificity)
                .map(|(_, q)| q);
            if let Some(q) = quality.filter(|&q| q > 0)
                && (!any || q > best.1)
            {
                best = (lang, q);
                any = true;
            }
        }
        best.0
    }
}

/// `tag;q=0.5` as (tag, quality in thousandths); `None` when malformed.
fn parse_range(range: &str) -> Option<(&str, u16)> {
    let mut parts = range.split(';');
    let tag = parts.next()?.trim();
    let well_formed = tag == "*"
        || (!tag.is_empty()
            && tag.len() <= 35
            && tag.split('-').all(|sub| {
                (1..=8).contains(&sub.len()) && sub.bytes().all(|b| b.is_ascii_alphanumeric())
            }));
    if !well_formed {
        return None;
    }
    let mut quality = 1000;
    for param in parts {
        let (name, value) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("q") {
            quality = parse_quality(value.trim())?;
        }
    }
    Some((tag, quality))
}

/// An RFC 9110 qvalue (`0`, `0.5`, `1.000`) in thousandths.
fn parse_quality(value: &str) -> Option<u16> {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{frac:0<3}").parse::<u16>().ok()?;
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_is_chosen_for_any_spanish_range_and_english_otherwise() {
        for (header, expected) in [
            (None, Lang::En),
            (Some(""), Lang::En),
            (Some("es"), Lang::Es),
            (Some("es-US"), Lang::Es),
            (Some("ES-mx"), Lang::Es),
            (Some("es-419,es;q=0.9"), Lang::Es),
            (Some("fr-FR, de;q=0.8"), Lang::En),
            (Some("*"), Lang::En),
            (Some("en-US,en;q=0.9,es;q=0.8"), Lang::En),
            (Some("es-MX,es;q=0.9,en-US;q=0.8,en;q=0.7"), Lang::Es),
            (Some("en;q=0.5, es;q=0.6"), Lang::Es),
            (Some("en;q=0.5, es;q=0.5"), Lang::En),
            (Some("fr, es;q=0.1"), Lang::Es),
        ] {
            assert_eq!(Lang::negotiate(header), expected, "{header:?}");
        }
    }

    #[test]
    fn a_quality_of_zero_refuses_a_language() {
        assert_eq!(Lang::negotiate(Some("es;q=0")), Lang::En);
        assert_eq!(Lang::negotiate(Some("es-MX;q=0, *")), Lang::En);
        assert_eq!(Lang::negotiate(Some("en;q=0, es")), Lang::Es);
        assert_eq!(Lang::negotiate(Some("en;q=0, *;q=0.5")), Lang::Es);
        // Refusing everything still answers in the default.
        assert_eq!(Lang::negotiate(Some("en;q=0, es;q=0")), Lang::En);
    }

    #[test]
    fn malformed_or_overlong_headers_mean_english() {
        for header in [
            "es;q=2",
            "es;q=abc",
            "es;q=0.12345",
            "e$s",
            "es-thisistoolong",
            ";;;",
            "es;q",
        ] {
            assert_eq!(Lang::negotiate(Some(header)), Lang::En, "{header}");
        }
        let long = format!("{}es", "x-y,".repeat(300));
        assert!(long.len() > MAX_HEADER_BYTES);
        assert_eq!(Lang::negotiate(Some(&long)), Lang::En);
        // A malformed range is skipped, not the whole header.
        assert_eq!(Lang::negotiate(Some("e$s, es")), Lang::Es);
    }

    #[test]
    fn qualities_parse_as_rfc_9110_writes_them() {
        assert_eq!(parse_quality("1"), Some(1000));
        assert_eq!(parse_quality("1.000"), Some(1000));
        assert_eq!(parse_quality("0.8"), Some(800));
        assert_eq!(parse_quality("0.05"), Some(50));
        assert_eq!(parse_quality("0"), Some(0));
        assert_eq!(parse_quality("1.5"), None);
        assert_eq!(parse_quality("-0.5"), None);
    }
}
