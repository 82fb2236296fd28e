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
    use newsdex::request::Request;
    match invocation.request {
        Request::Index(_) => {
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                allocator::return_freed_memory_at_once();
            }
        }
        Request::Serve(_) => {}
        _ => allocator::no_huge_pages(),
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

    /// One-shot commands (a search, `show`, `stats`...) use a few MB of heap for a few
    /// ms: a transparent huge page, which mimalloc asks for, costs the kernel zeroing
    /// 2 MiB at its first touch and splitting it again at exit, more than such a
    /// command's whole heap (issue 11). Turned off for this process; the long runs
    /// (`index`, `serve`) keep them.
    pub(crate) fn no_huge_pages() {
        #[cfg(target_os = "linux")]
        // SAFETY: PR_SET_THP_DISABLE sets a flag of this process; no memory is touched.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }

    /// The purge delay mimalloc uses now, in ms.
    #[cfg(test)]
    pub(crate) fn purge_delay() -> c_long {
        // SAFETY: reads one of mimalloc's options.
        unsafe { mi_option_get(PURGE_DELAY) }
    }

    #[cfg(test)]
    mod tests {
        /// After `no_huge_pages` the kernel reports THP off for this process.
        #[cfg(target_os = "linux")]
        #[test]
        fn no_huge_pages_turns_thp_off() {
            super::no_huge_pages();
            // SAFETY: reads a flag of this process.
            assert_eq!(
                unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) },
                1
            );
        }

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
