//! The one place that writes per-file problem lines on stderr:
//! `newsdex: PATH[:LINE]: message`, with the path and the message sanitized so that a
//! file name or a line of a file cannot move the cursor or forge another line.

use crate::output::{sanitize_line, sanitize_path};
use std::path::Path;

/// `newsdex: PATH[:LINE]: message`, sanitized, without the newline.
pub fn file_problem(path: &Path, line: Option<usize>, msg: &str) -> String {
    let path = sanitize_path(path);
    let msg = sanitize_line(msg);
    match line {
        Some(l) => format!("newsdex: {path}:{l}: {msg}"),
        None => format!("newsdex: {path}: {msg}"),
    }
}

/// Prints [`file_problem`] on stderr.
pub fn report(path: &Path, line: Option<usize>, msg: &str) {
    eprintln!("{}", file_problem(path, line, msg));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_the_path_and_line_and_cannot_carry_escapes() {
        assert_eq!(
            file_problem(Path::new("a/b.jsonl"), Some(3), "invalid JSON"),
            "newsdex: a/b.jsonl:3: invalid JSON"
        );
        assert_eq!(
            file_problem(Path::new("a.txt"), None, "not UTF-8"),
            "newsdex: a.txt: not UTF-8"
        );
        let forged = file_problem(Path::new("x\x1b[2J\nnewsdex: y"), None, "bad\rline");
        assert!(!forged.contains(['\x1b', '\n', '\r']), "{forged:?}");
    }
}
