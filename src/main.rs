//! The command line: parse arguments, lint, report, exit. Nothing else lives here.

// Measured before choosing: glibc's malloc and free were 12–16% of a whole-site run (perf, on
// opentelemetry.io); in 21 alternating runs mimalloc made that run ~15% faster, at about twice
// the peak memory (README, Speed). Version 2 of mimalloc (Cargo.toml): 10% faster than 3 on one
// file, 5-15% on whole sites, in alternating runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use hugolint::baseline::{self, Applied, Baseline};
use hugolint::lint::{self, LintOptions};
use hugolint::report::{self, Format};
use hugolint::rules;

/// Lint the Markdown of a Hugo site: alt text, links, anchors and Hugo syntax, read as Hugo reads
/// them.
#[derive(Parser)]
#[command(name = "hugolint", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Files or folders to lint (folders are walked for Markdown, respecting .gitignore).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format [default: pretty on a terminal, concise otherwise].
    #[arg(long, value_enum, env = "HUGOLINT_FORMAT")]
    format: Option<Format>,

    /// When to use colour in pretty output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// Run only these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,

    /// Do not run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,

    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    /// hugolint's settings file, instead of each site's `.hugolint.yaml`.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Read every page's front matter, instead of keeping it between runs in the cache folder
    /// ($HUGOLINT_CACHE_DIR, else $XDG_CACHE_HOME/hugolint, else ~/.cache/hugolint).
    #[arg(long)]
    no_cache: bool,

    /// Do not print the summary line.
    #[arg(long, short)]
    quiet: bool,

    /// Lint the text on standard input instead of files (editors, formatters' pipelines).
    #[arg(long, requires = "stdin_filename", conflicts_with = "paths")]
    stdin: bool,

    /// With --stdin: the path the text stands for, inside its site (links resolve from there).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,

    /// Apply the fixes that are certain (each rule's page says which), then report what is left.
    #[arg(long, conflicts_with = "stdin")]
    fix: bool,

    /// With --fix: print the fixes as a unified diff instead of writing them (exit 1 if any).
    #[arg(long, requires = "fix")]
    diff: bool,

    /// Report only findings not recorded in this baseline file (instead of `baseline:` in
    /// .hugolint.yaml); exit 1 only on new errors.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// Record today's findings in this baseline file (written anew), then report as if with
    /// --baseline FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,

    /// Print findings per rule and severity and the files with most findings, instead of the
    /// findings (which go to --output-file if given).
    #[arg(long)]
    statistics: bool,

    /// Stop checking after this many seconds: the pages not checked by then get one `budget`
    /// error each, the findings of the others are reported (exit code 2).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Option<std::time::Duration>,

    /// Write the report to this file instead of standard output (the summary line still goes
    /// to standard error).
    #[arg(long, short, value_name = "FILE")]
    output_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Print a rule's page.
    Rule {
        /// The rule's id, e.g. missing-alt.
        id: String,
    },
    /// List the rules.
    Rules,
    /// Print the effective settings (`.hugolint.yaml` over the defaults) of the site around PATH.
    Config {
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The settings file to read instead of the site's `.hugolint.yaml`.
        #[arg(long, value_name = "PATH")]
        config: Option<PathBuf>,
    },
    /// Run as a Language Server over stdio (editors: diagnostics on open, change and save).
    Server,
    /// Print how hugolint read the Hugo site around PATH: config files, languages, mounts,
    /// permalinks, render hooks, shortcode templates, warnings.
    Site {
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Explain, step by step, how one link (or image source) of one page is resolved, as the
    /// rules see it.
    Explain {
        /// The page (a Markdown file).
        file: PathBuf,
        /// The destination as written in the page, e.g. ../install/#helm.
        link: String,
        /// The settings file to read instead of the site's `.hugolint.yaml`.
        #[arg(long, value_name = "PATH")]
        config: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Rule { id }) => return print_rule(&id),
        Some(Command::Rules) => return print_rules(),
        Some(Command::Config { path, config }) => return print_config(&path, config.as_deref()),
        Some(Command::Server) => return ExitCode::from(hugolint::server::run_stdio() as u8),
        Some(Command::Site { path }) => return print_site(&path),
        Some(Command::Explain { file, link, config }) => {
            return print_explain(&file, &link, config);
        }
        None => {}
    }
    for id in cli.select.iter().chain(&cli.ignore) {
        if rules::by_id(id).is_none() {
            eprintln!("error: unknown rule `{id}`{}", did_you_mean(id));
            eprintln!("  `hugolint rules` lists them");
            return ExitCode::from(2);
        }
    }
    if let Some(n) = cli.threads {
        // Only fails if the pool was already built, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    // A run stopped by its timeout or by SIGINT/SIGTERM (a CI job cancelled) still writes what
    // it found: the pages under way stop, the rest are marked not checked.
    if let Some(after) = cli.timeout {
        hugolint::budget::stop_after(after);
    }
    hugolint::budget::stop_on_signals();
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let to_terminal = tty && cli.output_file.is_none();
    let format = cli.format.unwrap_or(if to_terminal {
        Format::Pretty
    } else {
        Format::Concise
    });
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };

    let options = LintOptions {
        select: cli.select,
        ignore: cli.ignore,
        config: cli.config,
        cache_dir: if cli.no_cache {
            None
        } else {
            hugolint::site::cache::default_dir()
        },
    };
    let linted = match &cli.stdin_filename {
        Some(f) if cli.stdin => vec![f.clone()],
        _ => cli.paths.clone(),
    };
    let report = if cli.stdin {
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            eprintln!("error: cannot read standard input as UTF-8 text: {e}");
            return ExitCode::from(2);
        }
        let path = cli.stdin_filename.unwrap_or_default();
        lint::lint_buffer(&path, &text, &options)
    } else {
        lint::lint_paths(&cli.paths, &options)
    };
    let mut report = if cli.fix {
        match fix(&report, cli.diff) {
            Some(code) => return code,
            None => lint::lint_paths(&cli.paths, &options),
        }
    } else {
        report
    };

    let baseline = match apply_baseline(&mut report, &cli.baseline, &cli.write_baseline, &linted) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };

    let written = match &cli.output_file {
        Some(file) => std::fs::File::create(file)
            .map(|f| std::io::BufWriter::with_capacity(64 * 1024, f))
            .and_then(|mut f| {
                report::write(&report, format, color, &mut f)?;
                f.flush()
            })
            .map_err(|e| format!("cannot write the report to {}: {e}", file.display())),
        None => Ok(()),
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    // Buffered: stdout is line-buffered, one system call per finding otherwise.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let printed = if cli.statistics {
        report::statistics::write(&report, &mut out)
    } else if cli.output_file.is_none() {
        report::write(&report, format, color, &mut out)
    } else {
        Ok(())
    };
    if let Err(e) = printed.and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the report: {e}");
        return ExitCode::from(2);
    }
    // They name files and quote settings: escaped like the findings.
    let shown = |x: &dyn std::fmt::Display| report::escape::controls(&x.to_string()).into_owned();
    for e in &report.input_errors {
        eprintln!("error: {}", shown(e));
    }
    for w in &report.warnings {
        eprintln!("warning: {}", shown(w));
    }
    for n in &report.notes {
        eprintln!("info: {}", shown(n));
    }
    if !cli.quiet {
        eprintln!("{}", report::summary(&report, baseline));
    }
    let code = report.exit_code() as u8;
    // The report's memory goes back with the process; freeing it piece by piece first is
    // wasted time on a large site.
    std::mem::forget(report);
    ExitCode::from(code)
}

/// `--write-baseline` / `--baseline` / the settings' `baseline:`: leave out what the baseline
/// records. `None` when no baseline is in use.
fn apply_baseline(
    report: &mut lint::Report,
    given: &Option<PathBuf>,
    write: &Option<PathBuf>,
    linted: &[PathBuf],
) -> Result<Option<Applied>, String> {
    if let Some(file) = write {
        let n = baseline::write(report, file)
            .map_err(|e| format!("cannot write the baseline {}: {e}", file.display()))?;
        eprintln!(
            "Wrote {n} finding{} to the baseline {}.",
            if n == 1 { "" } else { "s" },
            file.display()
        );
    }
    let files = match write.as_ref().or(given.as_ref()) {
        Some(f) => vec![f.clone()],
        None => report.settings_baselines(),
    };
    if files.is_empty() {
        return Ok(None);
    }
    let mut all = Baseline::default();
    for f in &files {
        let b = Baseline::load(f)
            .map_err(|e| format!("cannot read the baseline {}: {e}", f.display()))?;
        all.merge(b);
    }
    Ok(Some(all.apply(report, linted)))
}

fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    s.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0 && *x < 1e9)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| format!("`{s}` is not a number of seconds above 0"))
}

fn did_you_mean(id: &str) -> String {
    rules::all()
        .iter()
        .map(|r| (strsim::jaro_winkler(id, r.id()), r.id()))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, r)| format!(": did you mean `{r}`?"))
        .unwrap_or_default()
}

fn print_rule(id: &str) -> ExitCode {
    match rules::by_id(id) {
        Some(rule) => {
            let _ = std::io::stdout().write_all(rule.doc().as_bytes());
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: unknown rule `{id}`{}", did_you_mean(id));
            eprintln!("  `hugolint rules` lists them");
            ExitCode::from(2)
        }
    }
}

fn print_site(path: &std::path::Path) -> ExitCode {
    if !path.exists() {
        eprintln!("error: {}: no such file or directory", path.display());
        return ExitCode::from(2);
    }
    let site = hugolint::site::Site::discover(path);
    let _ = std::io::stdout().write_all(site.describe().as_bytes());
    if site.errors().is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

fn print_explain(file: &std::path::Path, link: &str, config: Option<PathBuf>) -> ExitCode {
    let options = LintOptions {
        config,
        cache_dir: hugolint::site::cache::default_dir(),
        ..LintOptions::default()
    };
    match hugolint::explain::explain(file, link, &options) {
        Ok(text) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn print_rules() -> ExitCode {
    let mut out = std::io::stdout().lock();
    for r in rules::all() {
        let _ = writeln!(
            out,
            "{:<18} {:<8} {}",
            r.id(),
            r.default_severity().as_str(),
            r.summary()
        );
    }
    ExitCode::SUCCESS
}

fn print_config(path: &std::path::Path, settings: Option<&std::path::Path>) -> ExitCode {
    let site = hugolint::site::Site::discover_with(path, settings);
    for e in site.errors() {
        eprintln!("error: {e}");
    }
    if !site.settings_problems().is_empty() {
        for p in site.settings_problems() {
            let (line, col) = hugolint::document::LineIndex::new(&p.source)
                .line_col(&p.source, p.diagnostic.span.start);
            eprintln!(
                "{}:{line}:{col}: error[config] {}",
                report::escape::path(&p.path),
                report::escape::controls(&p.diagnostic.message)
            );
        }
        return ExitCode::from(2);
    }
    let _ = std::io::stdout().write_all(site.settings().to_yaml().as_bytes());
    ExitCode::SUCCESS
}

/// `--fix`: apply the certain fixes (`None`: then report what is left) or, with `--diff`, print
/// them and exit.
fn fix(report: &lint::Report, diff: bool) -> Option<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let fixed = hugolint::fix::apply(report, diff.then_some(&mut out as &mut dyn Write));
    let _ = out.flush();
    match fixed {
        Ok(fixed) => {
            for s in &fixed.skipped {
                eprintln!("warning: {s}");
            }
            let verb = if diff { "Would fix" } else { "Fixed" };
            let plural =
                |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
            eprintln!(
                "{verb} {} in {}.",
                plural(fixed.fixes, "finding"),
                plural(fixed.files, "file")
            );
            diff.then(|| ExitCode::from(u8::from(fixed.files > 0)))
        }
        Err(e) => {
            eprintln!("error: cannot write the diff: {e}");
            Some(ExitCode::from(2))
        }
    }
}
