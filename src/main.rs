use clap::Parser;
use reportpack::diagnostics::Diagnostics;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = reportpack::cli::Cli::parse();
    match reportpack::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Input problems print as `file:line:col: error: ...`, one per line, for editors.
            match error.chain().find_map(|e| e.downcast_ref::<Diagnostics>()) {
                Some(problems) => {
                    eprintln!("{problems}");
                    eprintln!("{} error(s): nothing was written", problems.error_count());
                }
                None => eprintln!("error: {error:#}"),
            }
            ExitCode::FAILURE
        }
    }
}
