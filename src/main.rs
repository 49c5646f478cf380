//! The `kmsplay` command line (SPEC section 5).
//!
//! Exit status: 0 when a report was produced, 1 when `lint` found an error-severity finding,
//! 2 when the input itself cannot be used (one line on stderr naming the file, nothing on stdout).

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kmsplay::engine::{self, render, rules, Analysis, PolicyKind, Severity};

#[derive(Parser)]
#[command(name = "kmsplay", version, about = "KMS policy playground: who can do what with a KMS key, and why")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Text,
}

/// `--kind`: one of the policy kinds' CLI names (key, identity, boundary, trust, scp, rcp).
fn parse_kind(s: &str) -> Result<PolicyKind, String> {
    PolicyKind::from_cli_name(s).ok_or_else(|| {
        let names: Vec<&str> = PolicyKind::ALL.iter().map(|k| k.cli_name()).collect();
        format!("unknown policy kind \"{s}\"; use one of {}", names.join(", "))
    })
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate a scenario: results, matrix and findings (JSON by default).
    Eval {
        /// Scenario file (`-` for standard input).
        scenario: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
    /// Check one policy on its own.
    Lint {
        /// Which kind of policy the file holds: key, identity, boundary, trust, scp or rcp.
        #[arg(long, value_parser = parse_kind)]
        kind: PolicyKind,
        /// Policy file (`-` for standard input).
        policy: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print the access matrix (principal × action).
    Matrix {
        /// Scenario file (`-` for standard input).
        scenario: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Least-privilege change that makes request N (1-based) allowed.
    Suggest {
        /// Scenario file (`-` for standard input).
        scenario: String,
        /// Which request (1-based).
        #[arg(long)]
        request: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
    /// List every finding code, or show one rule's documentation.
    Rules {
        /// A finding code.
        code: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// An input that cannot be used: exit 2 with one line on stderr.
struct InputError(String);

fn read_bytes(path: &str) -> Result<Vec<u8>, InputError> {
    // Read one byte past the limit, never more: a huge file or an endless pipe is refused
    // after 16 MiB instead of filling memory.
    let limit = engine::limits::MAX_SCENARIO_BYTES as u64 + 1;
    let mut buf = Vec::new();
    if path == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut buf)
            .map_err(|e| InputError(format!("-: cannot read standard input: {e}")))?;
    } else {
        let p = Path::new(path);
        if p.is_dir() {
            return Err(InputError(format!("{path}: is a directory, not a file")));
        }
        let why = |e: std::io::Error| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                std::io::ErrorKind::InvalidData => "the file is not UTF-8 text".to_string(),
                _ => e.to_string(),
            };
            InputError(format!("{path}: cannot read the file: {why}"))
        };
        std::fs::File::open(p).and_then(|f| f.take(limit).read_to_end(&mut buf)).map_err(why)?;
    }
    if buf.len() as u64 >= limit {
        return Err(InputError(format!(
            "{path}: the input is over {}; kmsplay reads at most that much: remove what the question does not need",
            engine::limits::size(engine::limits::MAX_SCENARIO_BYTES)
        )));
    }
    Ok(buf)
}

fn load_scenario(path: &str) -> Result<Analysis, InputError> {
    let bytes = read_bytes(path)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError(format!(
            "{path}: the scenario is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(InputError(format!("{path}: the scenario file is empty")));
    }
    let analysis = Analysis::from_text(&text).map_err(|e| match (e.line, e.column) {
        (Some(line), Some(column)) => InputError(format!("{path}:{line}:{column}: {}", e.message)),
        _ => InputError(format!("{path}: {}", e.message)),
    })?;
    for m in &analysis.scenario().unknown_members {
        eprintln!("{}", render::visible(&format!("{path}: warning: unknown member \"{m}\" is ignored")));
    }
    for w in &analysis.scenario().warnings {
        eprintln!("{}", render::visible(&format!("{path}: warning: {w}")));
    }
    Ok(analysis)
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn run(cli: Cli) -> Result<(String, u8), InputError> {
    match cli.command {
        Command::Eval { scenario, format } => {
            let analysis = load_scenario(&scenario)?;
            let report = analysis.report();
            let out = match format {
                Format::Json => to_json(&report) + "\n",
                Format::Text => render::report(&scenario, &report, |id| analysis.policy_text(id)),
            };
            Ok((out, 0))
        }
        Command::Matrix { scenario, format } => {
            let analysis = load_scenario(&scenario)?;
            let matrix = analysis.matrix();
            let out = match format {
                Format::Json => to_json(&matrix) + "\n",
                Format::Text => render::matrix(&matrix),
            };
            Ok((out, 0))
        }
        Command::Lint { kind, policy, format } => {
            let bytes = read_bytes(&policy)?;
            let (text, findings) = match String::from_utf8(bytes) {
                Ok(text) => {
                    let findings = engine::lint(&text, kind);
                    (text, findings)
                }
                Err(e) => {
                    let offset = e.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    (text.clone(), vec![engine::not_utf8_finding(&text, offset, kind)])
                }
            };
            let failed = findings.iter().any(|f| f.severity == Severity::Error);
            let out = match format {
                Format::Json => to_json(&serde_json::json!({ "findings": findings })) + "\n",
                Format::Text => {
                    let mut out = String::new();
                    for f in &findings {
                        render::finding(&mut out, &policy, f, Some(&text));
                    }
                    if findings.is_empty() {
                        out.push_str(&format!("{}: no findings\n", render::visible(&policy)));
                    }
                    out
                }
            };
            Ok((out, u8::from(failed)))
        }
        Command::Suggest { scenario, request, format } => {
            let analysis = load_scenario(&scenario)?;
            let n = analysis.scenario().requests.len();
            if request == 0 || request > n {
                return Err(InputError(format!(
                    "{scenario}: --request {request} is out of range: the scenario has {n} request(s), numbered from 1"
                )));
            }
            let suggestion = engine::suggest::suggest(&analysis, request - 1);
            let out = match format {
                Format::Json => to_json(&suggestion) + "\n",
                Format::Text => engine::suggest::render(&suggestion),
            };
            Ok((out, 0))
        }
        Command::Rules { code, format } => match code {
            None => {
                let out = match format {
                    Format::Json => to_json(
                        &rules::RULES
                            .iter()
                            .map(|r| serde_json::json!({"code": r.code, "severity": r.severity.as_str(), "summary": r.summary}))
                            .collect::<Vec<_>>(),
                    ) + "\n",
                    Format::Text => {
                        let width = rules::RULES.iter().map(|r| r.code.len()).max().unwrap_or(10);
                        rules::RULES.iter().map(|r| format!("{:width$}  {:7}  {}\n", r.code, r.severity.as_str(), r.summary)).collect()
                    }
                };
                Ok((out, 0))
            }
            Some(code) => match rules::rule(&code) {
                Some(r) => {
                    let doc = rules::documentation(r.code);
                    let out = match format {
                        Format::Json => {
                            to_json(
                                &serde_json::json!({"code": r.code, "severity": r.severity.as_str(), "summary": r.summary, "documentation": doc}),
                            ) + "\n"
                        }
                        Format::Text => doc,
                    };
                    Ok((out, 0))
                }
                None => {
                    let hint =
                        rules::suggest_code(&code).map(|c| format!("; did you mean \"{c}\"?")).unwrap_or_default();
                    Err(InputError(format!("unknown finding code \"{code}\"{hint} (`kmsplay rules` lists them)")))
                }
            },
        },
    }
}

fn main() -> ExitCode {
    // The engine never panics (it denies unwrap, expect, panic and indexing, and the tests
    // and the long randomized run hold it to that). Should a bug still panic, say so in one
    // line, without Rust's panic text or a backtrace hint, and exit 2 (SPEC section 5 has no other failure status).
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("kmsplay: internal error{place}; this is a bug, please report it with the input");
        // SPEC section 5 knows 0, 1 and 2; an internal error is "could not produce a result"
        std::process::exit(2);
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok((out, code)) => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::from(code),
                // A reader that stopped early (`| head`) got what it wanted.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(code),
                // A full disk or a closed stdout: no report was produced (SPEC section 5).
                Err(e) => {
                    eprintln!("kmsplay: cannot write the output: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(InputError(msg)) => {
            // One line, whatever the file name or the scenario put in the message.
            eprintln!("kmsplay: {}", render::visible(&msg));
            ExitCode::from(2)
        }
    }
}
