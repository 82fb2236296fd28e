//! Snippets: highlight ranges kept through whitespace collapsing, and the lead
//! paragraph shown when there is no query.

/// Maps highlight ranges through whitespace collapsing.
pub(crate) fn rehighlight(orig: &str, collapsed: &str, hl: Vec<[usize; 2]>) -> Vec<[usize; 2]> {
    // Build a map from original char index to collapsed char index.
    let mut map = Vec::with_capacity(orig.chars().count() + 1);
    let mut out_idx = 0usize;
    let mut prev_space = true;
    let lead_ws = orig.chars().take_while(|c| c.is_whitespace()).count();
    for (i, c) in orig.chars().enumerate() {
        map.push(out_idx);
        if i < lead_ws {
            continue;
        }
        if c.is_whitespace() {
            if !prev_space {
                out_idx += 1;
            }
            prev_space = true;
        } else {
            out_idx += 1;
            prev_space = false;
        }
    }
    map.push(out_idx);
    let n = collapsed.chars().count();
    hl.into_iter()
        .map(|[s, e]| {
            [
                map.get(s).copied().unwrap_or(n).min(n),
                map.get(e).copied().unwrap_or(n).min(n),
            ]
        })
        .filter(|[s, e]| e > s)
        .collect()
}

/// The first ~240 characters of a body, cut at a word.
pub(crate) fn lead(body: &str) -> String {
    let mut out = String::new();
    for w in body.split_whitespace() {
        if out.len() + w.len() > 240 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
