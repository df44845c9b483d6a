//! `--format github`: GitHub Actions workflow commands, which annotate the pull request's diff:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::lint::Report;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let path = super::slash_path(&file.path);
        let (mut starts, mut ends) = (super::Columns::new(file), super::Columns::new(file));
        for d in &file.diagnostics {
            let (sl, sc) = starts.line_col(d.span.start);
            let (el, ec) = ends.line_col(d.span.end);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{level} file={},line={sl},col={sc},endLine={el},endColumn={ec},title={}::{}",
                property(&path),
                property(&format!("hugolint({})", d.rule)),
                data(&message)
            )?;
        }
    }
    Ok(())
}

/// The message part: `%`, CR and LF are escaped (GitHub's toolkit `escapeData`), and every other
/// control character is shown as an escape (`super::escape`): no ESC or BEL reaches the log.
fn data(s: &str) -> String {
    super::escape::controls_except(s, |c| c == '\n' || c == '\r')
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as `data`, and `:` and `,` too (`escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(super::data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(super::property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(
            super::data("x\n::warning file=a::b\u{1b}[2J\u{7}"),
            "x%0A::warning file=a::b\\u{1b}[2J\\u{7}"
        );
    }
}
