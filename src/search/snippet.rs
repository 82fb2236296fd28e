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

#[cfg(test)]
mod tests {
    use super::{lead, rehighlight};

    fn collapse(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn highlights_follow_the_words_through_collapsed_whitespace() {
        let orig = "  The  ceasefire\n\n held, said   Sorokin.";
        let c = collapse(orig);
        // "ceasefire" is chars 7..16 of the original, "Sorokin" 32..39.
        let hl = rehighlight(orig, &c, vec![[7, 16], [32, 39]]);
        let words: Vec<String> = hl
            .iter()
            .map(|[s, e]| c.chars().skip(*s).take(e - s).collect())
            .collect();
        assert_eq!(words, ["ceasefire", "Sorokin"]);
    }

    #[test]
    fn ranges_past_the_end_are_cut_and_empty_ones_dropped() {
        let orig = "a  b";
        let c = collapse(orig);
        // The second of two spaces collapses away: its range is empty and dropped.
        assert_eq!(rehighlight(orig, &c, vec![[3, 99], [2, 3]]), vec![[2, 3]]);
    }

    #[test]
    fn the_lead_is_cut_at_a_word() {
        let body = "word ".repeat(100);
        let l = lead(&body);
        assert!(l.ends_with('…') && l.len() <= 245, "{l}");
        assert!(!l.contains("  "));
        assert_eq!(lead("Short  body\n text."), "Short body text.");
    }
}
