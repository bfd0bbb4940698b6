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
            // Library errors often embed their cause in their own message already; print
            // the chain without repeating a cause that is already said.
            eprintln!("veille: {}", veille::fetch::error_chain(&e));
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
