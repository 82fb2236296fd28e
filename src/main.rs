//! The `newsdex` binary: parse the command line, run, print any error once.

use clap::Parser;
use std::process::ExitCode;

// mimalloc for `index`, `serve` and `extract`: they allocate from many threads at once,
// and with it an index run is faster and its memory stays flat where glibc's per-thread
// arenas kept growing. The one-shot commands (a search, `show`, `stats`...) use the
// system allocator: see `allocator::Allocator`.
#[global_allocator]
static GLOBAL: allocator::Allocator = allocator::Allocator;

fn main() -> ExitCode {
    // For `search --timings`, which measures its stages from here.
    let started = std::time::Instant::now();
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
    if invocation.request.timings() {
        newsdex::timings::start(started);
        newsdex::timings::mark("parse");
    }
    match invocation.request {
        Request::Index(_) => {
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                allocator::return_freed_memory_at_once();
            }
        }
        Request::Serve(_) => {}
        // Where `allocator::at_start` could not read the command line (it already did
        // this on Linux with glibc).
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

/// The global allocator, and mimalloc's options, set through its C API.
mod allocator {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::ffi::{c_int, c_long};
    use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

    /// Whether this process allocates with mimalloc (else with the system allocator).
    /// Decided once, by [`at_start`] before the first allocation, and never changed:
    /// each block is freed by the allocator that gave it.
    static MIMALLOC: AtomicBool = AtomicBool::new(true);

    /// mimalloc or the system allocator, as [`MIMALLOC`] says. A one-shot command
    /// allocates a few MB for a few ms: mimalloc's arenas (reserved, madvised and their
    /// bitmaps set up at the first allocation) and its fresh pages cost such a process
    /// more than they save: a `search` process at 20k articles took 0.4–0.7 ms less CPU
    /// with the system allocator (`perf stat`, 40 runs, issue 11), as much as its facet
    /// counting.
    pub(crate) struct Allocator;

    // SAFETY: every call goes to one of two allocators, the same one for the whole life
    // of the process (`MIMALLOC` is set before the first allocation and never again),
    // so a block is always reallocated and freed by the allocator that gave it. With
    // mimalloc, a layout aligned to at most a word goes to `mi_malloc`/`mi_zalloc`/
    // `mi_realloc`, whose blocks are all word-aligned ([`WORD`]), any other to the
    // `_aligned` functions; `mi_free` takes blocks from both.
    unsafe impl GlobalAlloc for Allocator {
        #[inline]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if MIMALLOC.load(Relaxed) {
                if layout.align() <= WORD {
                    return mi_malloc(layout.size()).cast();
                }
                mimalloc::MiMalloc.alloc(layout)
            } else {
                System.alloc(layout)
            }
        }

        #[inline]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if MIMALLOC.load(Relaxed) {
                if layout.align() <= WORD {
                    return mi_zalloc(layout.size()).cast();
                }
                mimalloc::MiMalloc.alloc_zeroed(layout)
            } else {
                System.alloc_zeroed(layout)
            }
        }

        #[inline]
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if MIMALLOC.load(Relaxed) {
                mimalloc::MiMalloc.dealloc(ptr, layout)
            } else {
                System.dealloc(ptr, layout)
            }
        }

        #[inline]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if MIMALLOC.load(Relaxed) {
                if layout.align() <= WORD {
                    return mi_realloc(ptr.cast(), new_size).cast();
                }
                mimalloc::MiMalloc.realloc(ptr, layout, new_size)
            } else {
                System.realloc(ptr, layout, new_size)
            }
        }
    }

    /// What the process does from its first instruction on, by the subcommand on its
    /// command line (`Some(b"search")`; `None` without one).
    #[derive(Debug, PartialEq, Eq)]
    pub(crate) enum Start {
        /// `index` and `serve`: mimalloc, with transparent huge pages.
        LongRun,
        /// `extract`: mimalloc (it reads files on every core), huge pages off.
        Parallel,
        /// Anything else: the system allocator, huge pages off.
        OneShot,
    }

    impl Start {
        pub(crate) fn of(subcommand: Option<&[u8]>) -> Start {
            match subcommand {
                Some(b"index" | b"serve") => Start::LongRun,
                Some(b"extract") => Start::Parallel,
                _ => Start::OneShot,
            }
        }
    }

    /// The subcommand in `args` (the arguments after the program name): the first
    /// argument that is neither an option nor the value of `--index` or `--aliases`,
    /// the global options that take one (`newsdex --index DIR search ...`). Only a
    /// performance choice rests on it; clap still reads the command line.
    pub(crate) fn subcommand<'a>(args: impl IntoIterator<Item = &'a [u8]>) -> Option<&'a [u8]> {
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg {
                b"--index" | b"--aliases" => {
                    args.next();
                }
                [b'-', ..] => {}
                _ => return Some(arg),
            }
        }
        None
    }

    /// Chooses the allocator and turns huge pages off for what the command line asks,
    /// before anything else of the process runs: glibc calls the executable's
    /// `.preinit_array` with the program's arguments, before every constructor
    /// (mimalloc's among them) and before `main`, so before the first allocation.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    extern "C" fn at_start(
        argc: c_int,
        argv: *const *const std::ffi::c_char,
        _envp: *const *const std::ffi::c_char,
    ) {
        let count = usize::try_from(argc).unwrap_or(0);
        if argv.is_null() || count == 0 {
            return;
        }
        // SAFETY: glibc passes `main`'s argc and argv: `argc` pointers to NUL-terminated
        // strings that live as long as the process.
        let args = (1..count).map(|i| unsafe { std::ffi::CStr::from_ptr(*argv.add(i)) }.to_bytes());
        match Start::of(subcommand(args)) {
            Start::LongRun => {}
            Start::Parallel => no_huge_pages(),
            Start::OneShot => {
                MIMALLOC.store(false, Relaxed);
                no_huge_pages();
            }
        }
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[used]
    #[link_section = ".preinit_array"]
    static AT_START: extern "C" fn(
        c_int,
        *const *const std::ffi::c_char,
        *const *const std::ffi::c_char,
    ) = at_start;

    /// mimalloc's start-up, called by its constructor after [`at_start`] (build.rs links
    /// the call to `_mi_auto_process_init` here). A process that allocates with the
    /// system allocator skips it: it read every `MIMALLOC_` option from the environment,
    /// reserved a 2.3 MB page map and read `/proc` and `/sys` for a heap never used
    /// (0.16 M instructions and 8 system calls of every one-shot command, `--version`
    /// included; issue 11). mimalloc's exit code does nothing where it never started.
    #[cfg(newsdex_wraps_mimalloc_init)]
    #[no_mangle]
    extern "C" fn __wrap__mi_auto_process_init() {
        extern "C" {
            fn __real__mi_auto_process_init();
        }
        if MIMALLOC.load(Relaxed) {
            // SAFETY: mimalloc's own start-up, called once from its constructor as
            // without the wrapper.
            unsafe { __real__mi_auto_process_init() }
        }
    }

    /// Whether mimalloc has started in this process.
    #[cfg(test)]
    pub(crate) fn mimalloc_started() -> bool {
        extern "C" {
            static _mi_process_is_initialized: bool;
        }
        // SAFETY: a flag mimalloc sets once at its start-up, on this thread, before
        // `main`.
        unsafe { _mi_process_is_initialized }
    }

    /// Whether this process allocates with mimalloc.
    #[cfg(test)]
    pub(crate) fn uses_mimalloc() -> bool {
        MIMALLOC.load(Relaxed)
    }

    /// `mi_option_purge_delay`: how long freed memory is kept before it goes back to the
    /// system, in ms (1000 by default in mimalloc 3, 10 in mimalloc 2). The same index in
    /// both.
    const PURGE_DELAY: c_int = 15;

    /// The alignment of every block `mi_malloc` returns: its size classes are whole
    /// words. Up to it, the allocator calls mimalloc's plain entry points instead of the
    /// `_aligned` ones the `mimalloc` crate always calls, which take a slower path for
    /// blocks over 1 KiB or when a page's free list is empty.
    const WORD: usize = std::mem::size_of::<usize>();

    extern "C" {
        fn mi_malloc(size: usize) -> *mut std::ffi::c_void;
        fn mi_zalloc(size: usize) -> *mut std::ffi::c_void;
        fn mi_realloc(p: *mut std::ffi::c_void, new_size: usize) -> *mut std::ffi::c_void;
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
    /// command's whole heap (issue 11). Turned off for this process, by [`at_start`]
    /// before the first allocation (a huge page touched before this stays one); the
    /// long runs (`index`, `serve`) keep them.
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
        use super::{subcommand, Start};

        /// After `no_huge_pages` the kernel reports THP off for this process (where
        /// `at_start` does not run; it has already turned THP off where it does).
        #[cfg(all(target_os = "linux", not(target_env = "gnu")))]
        #[test]
        fn no_huge_pages_turns_thp_off() {
            super::no_huge_pages();
            // SAFETY: reads a flag of this process.
            assert_eq!(
                unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) },
                1
            );
        }

        /// This test program's command line names no `index`, `serve` or `extract`
        /// (its arguments are test filters and options), so from its start it
        /// allocates with the system allocator and has huge pages off: both set before
        /// `main`, by the `.preinit_array` entry.
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        #[test]
        fn a_one_shot_process_starts_without_mimalloc_or_huge_pages() {
            let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
            let args = args.iter().map(|a| a.as_encoded_bytes());
            if Start::of(subcommand(args)) != Start::OneShot {
                return; // run with a filter that reads as one of those commands
            }
            assert!(!super::uses_mimalloc());
            #[cfg(newsdex_wraps_mimalloc_init)]
            assert!(!super::mimalloc_started());
            // SAFETY: reads a flag of this process.
            assert_eq!(
                unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) },
                1
            );
            let v: Vec<u64> = (0..1000).collect();
            assert_eq!(v.iter().sum::<u64>(), 499_500);
        }

        /// Run by [`a_long_run_starts_mimalloc`] with `index` first on its command line.
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        #[test]
        #[ignore = "run by a_long_run_starts_mimalloc, as a long run"]
        fn long_run_child() {
            assert!(super::uses_mimalloc());
            assert!(super::mimalloc_started());
            let v: Vec<u64> = (0..1000).collect();
            assert_eq!(v.iter().sum::<u64>(), 499_500);
            blocks_keep_alignment_and_contents();
        }

        /// Through the global allocator: blocks of every size class up to 64 KiB, at
        /// alignments below, at and above a word (the plain and the `_aligned` entry
        /// points), are aligned, zeroed when asked, and keep their bytes when grown.
        fn blocks_keep_alignment_and_contents() {
            use std::alloc::{alloc, alloc_zeroed, dealloc, realloc, Layout};
            for align in [1, 2, 8, 16, 64, 4096] {
                let mut size = 1;
                while size <= 65536 {
                    for size in [size, size + 3, size * 3 / 2 + 1] {
                        let layout = Layout::from_size_align(size, align).expect("layout");
                        // SAFETY: `layout` has a non-zero size; each block is written
                        // within its size and freed once, with the layout it has.
                        unsafe {
                            let z = alloc_zeroed(layout);
                            assert!(!z.is_null() && (z as usize).is_multiple_of(align));
                            assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                            dealloc(z, layout);
                            let p = alloc(layout);
                            assert!(
                                !p.is_null() && (p as usize).is_multiple_of(align),
                                "{size} {align}"
                            );
                            for i in 0..size {
                                *p.add(i) = (i % 251) as u8;
                            }
                            let q = realloc(p, layout, size * 2 + 5);
                            assert!(
                                !q.is_null() && (q as usize).is_multiple_of(align),
                                "{size} {align}"
                            );
                            for i in 0..size {
                                assert_eq!(*q.add(i), (i % 251) as u8);
                            }
                            let grown =
                                Layout::from_size_align(size * 2 + 5, align).expect("layout");
                            dealloc(q, grown);
                        }
                    }
                    size *= 2;
                }
            }
        }

        /// A process whose command line reads as `index` starts mimalloc before `main`
        /// and allocates with it (this test program run again, as `index`).
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        #[test]
        fn a_long_run_starts_mimalloc() {
            let exe = std::env::current_exe().expect("test program's path");
            let out = std::process::Command::new(exe)
                .args(["index", "allocator::tests::long_run_child"])
                .args(["--exact", "--ignored", "--test-threads=1"])
                .output()
                .expect("run the test program again");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && stdout.contains("1 passed"),
                "{stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }

        /// The subcommand is the first argument that is no option or global option's
        /// value; `index`, `serve` and `extract` keep mimalloc.
        #[test]
        fn the_subcommand_decides_the_allocator() {
            let of = |args: &[&str]| Start::of(subcommand(args.iter().map(|a| a.as_bytes())));
            assert_eq!(of(&["index", "news/"]), Start::LongRun);
            assert_eq!(of(&["--index", "search", "index", "news/"]), Start::LongRun);
            assert_eq!(
                of(&["--aliases", "a.tsv", "--index=x", "serve"]),
                Start::LongRun
            );
            assert_eq!(of(&["extract", "f.txt"]), Start::Parallel);
            assert_eq!(of(&["--index", "idx", "search", "index"]), Start::OneShot);
            assert_eq!(of(&["search", "--country", "serve"]), Start::OneShot);
            assert_eq!(of(&["--version"]), Start::OneShot);
            assert_eq!(of(&[]), Start::OneShot);
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
