//! The `newsdex` binary: parse the command line, run, print any error once.

use clap::Parser;
use std::process::ExitCode;

// mimalloc: indexing allocates from many threads at once; with it the run is faster and
// its memory stays flat where glibc's per-thread arenas kept growing.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A panic is reported once, as an error naming the index and the fix (newsdex::run
    // catches it), never as a raw message and backtrace; NEWSDEX_DEBUG=1 shows where.
    std::panic::set_hook(Box::new(|info| {
        if std::env::var_os("NEWSDEX_DEBUG").is_some_and(|v| !v.is_empty()) {
            eprintln!("newsdex: debug: {info}");
        }
    }));
    let invocation = match newsdex::cli::Cli::parse().into_invocation() {
        Ok(invocation) => invocation,
        Err(err) => {
            eprintln!("newsdex: {err}");
            return ExitCode::from(newsdex::exit::ERROR);
        }
    };
    match newsdex::run(invocation) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsdex: {err:#}");
            ExitCode::from(newsdex::exit::ERROR)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let kind = e
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                e.downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
