use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = reportpack::cli::Cli::parse();
    match reportpack::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
