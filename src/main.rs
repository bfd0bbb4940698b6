//! The `veille` binary: parse arguments, set up logging and the runtime, hand over to the
//! library, and turn its outcome into an exit code. Everything else lives in the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = veille::cli::Args::parse();
    veille::logging::init(args.log_level.as_deref());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("veille: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(veille::cli::dispatch(args)) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            let e = anyhow::Error::new(e);
            eprintln!("veille: {e:#}");
            ExitCode::from(
                veille::cli::CliError::exit_code(e.downcast_ref().expect("a CliError")) as u8,
            )
        }
    }
}
