use clap::Parser;
use reportpack::diagnostics::Diagnostics;
use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    reportpack::cli::tune_allocator();
    let cli = reportpack::cli::Cli::parse();
    match reportpack::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Input problems print as `file:line:col: error: ...`, one per line, for editors.
            // A closed standard error is ignored (`eprintln!` would panic), the status still says.
            let mut stderr = std::io::stderr();
            let _ = match error.chain().find_map(|e| e.downcast_ref::<Diagnostics>()) {
                Some(problems) => writeln!(stderr, "{problems}").and_then(|()| {
                    let count = problems.error_count();
                    writeln!(stderr, "{count} error(s): nothing was written")
                }),
                None => writeln!(stderr, "error: {error:#}"),
            };
            ExitCode::FAILURE
        }
    }
}
