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
    if matches!(invocation.request, newsdex::request::Request::Index(_))
        && std::env::var_os("MIMALLOC_PURGE_DELAY").is_none()
    {
        allocator::return_freed_memory_at_once();
    }
    match newsdex::run(invocation) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsdex: {err:#}");
            ExitCode::from(newsdex::exit::ERROR)
        }
    }
}

/// mimalloc's options, set through its C API.
mod allocator {
    use std::ffi::{c_int, c_long};

    /// `mi_option_purge_delay`: how long freed memory is kept before it goes back to the
    /// system, in ms (1000 by default in mimalloc 3, 10 in mimalloc 2). The same index in
    /// both.
    const PURGE_DELAY: c_int = 15;

    extern "C" {
        #[cfg(test)]
        fn mi_option_get(option: c_int) -> c_long;
        fn mi_option_set(option: c_int, value: c_long);
    }

    /// An index run frees its writers' arenas (about 100 MB) at each commit and fills
    /// them again: with mimalloc's 1 s delay its peak RSS was about 50 MiB higher, for no
    /// CPU saved (issue 11). Other commands keep the default; `MIMALLOC_PURGE_DELAY`
    /// in the environment wins.
    pub(crate) fn return_freed_memory_at_once() {
        // SAFETY: sets one of mimalloc's options, which it reads when it purges; 0 is a
        // documented value ("immediate purging").
        unsafe { mi_option_set(PURGE_DELAY, 0) }
    }

    /// The purge delay mimalloc uses now, in ms.
    #[cfg(test)]
    pub(crate) fn purge_delay() -> c_long {
        // SAFETY: reads one of mimalloc's options.
        unsafe { mi_option_get(PURGE_DELAY) }
    }

    #[cfg(test)]
    mod tests {
        /// Index 15 is the purge delay: it holds mimalloc's default (1000 ms in
        /// mimalloc 3, 10 in mimalloc 2), and setting it to 0 is read back.
        #[test]
        fn purge_delay_is_option_15() {
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                assert!(
                    [1000, 10].contains(&super::purge_delay()),
                    "{}",
                    super::purge_delay()
                );
            }
            super::return_freed_memory_at_once();
            assert_eq!(super::purge_delay(), 0);
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
