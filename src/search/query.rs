//! The text query: size and nesting bounds, and the apostrophes people type inside
//! words made plain text for the query parser.

use super::*;

/// Longest query accepted, in bytes: the query parser recurses, and a query past this
/// could exhaust the stack.
pub const MAX_QUERY_BYTES: usize = 4096;

/// Deepest nesting of parentheses accepted in a query, for the same reason as
/// [`MAX_QUERY_BYTES`].
pub const MAX_QUERY_DEPTH: usize = 64;

/// The start of a long query, for error messages.
pub(crate) fn excerpt(q: &str) -> String {
    match q.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &q[..i]),
        None => q.to_string(),
    }
}

/// Refuses a query too long or too deeply nested to parse safely.
pub fn check_query(q: &str) -> Result<(), Error> {
    let too = |what: String| Error::Query {
        query: excerpt(q),
        reason: what,
    };
    if q.len() > MAX_QUERY_BYTES {
        return Err(too(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are allowed",
            q.len()
        )));
    }
    let (mut depth, mut max) = (0usize, 0usize);
    let (mut quoted, mut escaped) = (false, false);
    for c in q.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                max = max.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if max > MAX_QUERY_DEPTH {
        return Err(too(format!(
            "parentheses nest {max} deep; at most {MAX_QUERY_DEPTH} levels are allowed"
        )));
    }
    Ok(())
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Makes the apostrophes people type inside words plain text for the query parser,
/// where `'` otherwise opens a phrase: a possessive `'s` (or `’s`) is dropped, so
/// `Kyiv's` searches for `Kyiv` (the analyzer indexes "Kyiv's" as "kyiv" + "s"), a
/// trailing one (`leaders'`) too, and one between letters (`O'Brien`) is escaped and
/// becomes a phrase of its parts, as it was indexed. `'single-quoted phrases'` and
/// everything inside `"double quotes"` are left as they are.
pub fn normalize_query(q: &str) -> std::borrow::Cow<'_, str> {
    if !q.contains(is_apostrophe) {
        return std::borrow::Cow::Borrowed(q);
    }
    let chars: Vec<char> = q.chars().collect();
    let is_word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    // The last quote that can end a single-quoted phrase: one not between two letters.
    let last_closer = (1..chars.len())
        .rev()
        .find(|&j| chars[j] == '\'' && !(is_word(j - 1) && is_word(j + 1)));
    let mut out = String::with_capacity(q.len() + 8);
    let (mut in_double, mut in_single) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_word = i > 0 && is_word(i - 1);
        match c {
            '\\' => {
                out.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                    i += 1;
                }
            }
            '"' if !in_single => {
                in_double = !in_double;
                out.push(c);
            }
            _ if in_double || !is_apostrophe(c) => out.push(c),
            // Inside a word: never syntax.
            _ if after_word && is_word(i + 1) => {
                let possessive = matches!(chars.get(i + 1), Some('s' | 'S')) && !is_word(i + 2);
                if possessive && !in_single {
                    i += 1;
                } else if c == '\'' {
                    out.push_str("\\'");
                } else {
                    out.push(c);
                }
            }
            '\'' if in_single => {
                in_single = false;
                out.push(c);
            }
            // After a word ("leaders'"): a plural possessive.
            _ if after_word => {}
            '\'' if last_closer.is_some_and(|j| j > i) => {
                in_single = true;
                out.push(c);
            }
            // An opening quote that nothing closes.
            '\'' => {}
            _ => out.push(c),
        }
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_in_words_are_not_syntax() {
        let n = |q: &str| normalize_query(q).into_owned();
        assert_eq!(n("Kyiv's mayor"), "Kyiv mayor");
        assert_eq!(n("Moscow’s"), "Moscow");
        assert_eq!(n("leaders' talks"), "leaders talks");
        assert_eq!(n("O'Brien"), "O\\'Brien");
        assert_eq!(n("O’Brien"), "O’Brien");
        assert_eq!(n("'peace talks' Kyiv's"), "'peace talks' Kyiv");
        assert_eq!(n("'Kyiv's mayor'"), "'Kyiv\\'s mayor'");
        assert_eq!(n("\"Kyiv's mayor\""), "\"Kyiv's mayor\"");
        assert_eq!(n("'tis"), "tis");
        assert_eq!(n("title:'a b'"), "title:'a b'");
        assert_eq!(n("Kyiv"), "Kyiv");
    }

    #[test]
    fn queries_are_bounded() {
        let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert!(check_query(&nested(MAX_QUERY_DEPTH)).is_ok());
        assert!(check_query(&nested(MAX_QUERY_DEPTH + 1)).is_err());
        // Parentheses in a phrase or escaped are text.
        assert!(check_query(&format!("\"{}\"", "(".repeat(100))).is_ok());
        assert!(check_query(&"\\(".repeat(100)).is_ok());
        assert!(check_query(&"a ".repeat(MAX_QUERY_BYTES)).is_err());
    }
}
