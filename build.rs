//! Links the `newsdex` binary as a position-dependent executable on Linux, with the
//! code a search runs placed first.
//!
//! A position-independent executable (rustc's default) starts by relocating itself: the
//! dynamic loader rewrites about 48,000 pointers, and every page of them is copied on
//! write (about 1.1 MB). That was a third of the instructions of `newsdex --version` and
//! 270 of its 420 page faults, paid again by every one-shot search (issue 11). Linked
//! with `-no-pie` the pointers are fixed at link time and the pages are read from the
//! file as they are used. The cost is that the binary's own code and data are always
//! at the same address (shared libraries, the heap and the stack are still randomized).
//!
//! A search runs about 1,300 of the binary's functions, 0.9 MB of its 8.5 MB of code,
//! scattered over 66 of its 130 windows of 64 KiB; the kernel maps code a window at a
//! time, at one page fault each (about 5 µs with its unmapping at exit). With
//! `scripts/hot-symbols.txt` (written by `scripts/hot-symbols.sh`) as lld's symbol
//! ordering file those functions come first, and a search at 100k articles took about
//! 58 fewer page faults and 0.2 ms less CPU (issue 11). Only where rustc links with its
//! own lld (x86_64 Linux with glibc, rustc 1.90 and later, no other linker asked for),
//! and only in release builds; names missing from the binary are skipped, so a stale
//! list costs speed only.
//!
//! Only the `newsdex` binary, only on Linux with glibc; the code itself is compiled as
//! before.

use std::env::var;

fn main() {
    // glibc targets only: a static musl build is left as rustc links it (`-no-pie`
    // would conflict with its `-static-pie`).
    if var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        println!("cargo:rustc-link-arg-bin=newsdex=-no-pie");
        let rust_lld = links_with_rust_lld();
        if rust_lld {
            // mimalloc's constructor calls `_mi_auto_process_init`, which sets up its
            // heap, page map and options even in a process that never allocates with
            // it; the binary's wrapper (src/main.rs) calls it only where mimalloc is
            // used. lld wraps the call inside mimalloc's own object too (GNU ld would
            // not: there the wrapper would never run).
            println!("cargo:rustc-link-arg-bin=newsdex=-Wl,--wrap=_mi_auto_process_init");
            println!("cargo:rustc-cfg=newsdex_wraps_mimalloc_init");
        }
        if rust_lld && var("PROFILE").as_deref() == Ok("release") {
            let order = std::path::Path::new(&var("CARGO_MANIFEST_DIR").unwrap_or_default())
                .join("scripts/hot-symbols.txt");
            if order.is_file() {
                println!(
                    "cargo:rustc-link-arg-bin=newsdex=-Wl,--symbol-ordering-file={}",
                    order.display()
                );
                println!("cargo:rustc-link-arg-bin=newsdex=-Wl,--no-warn-symbol-ordering");
            }
            println!("cargo:rerun-if-changed={}", order.display());
        }
    }
    println!("cargo:rustc-check-cfg=cfg(newsdex_wraps_mimalloc_init)");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
}

/// Whether rustc links this build with its own lld: its default on x86_64 Linux with
/// glibc since 1.90, unless the build asks for another linker (`-C linker=`,
/// `-C linker-features=`, `-fuse-ld`, or a linker for the target in cargo's
/// configuration or the environment).
fn links_with_rust_lld() -> bool {
    if var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("x86_64") {
        return false;
    }
    let flags = var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if flags.contains("linker") || flags.contains("fuse-ld") {
        return false;
    }
    // RUSTC_LINKER: a linker set for the target in cargo's configuration.
    if var("RUSTC_LINKER").is_ok()
        || std::env::vars().any(|(k, _)| k.starts_with("CARGO_TARGET_") && k.ends_with("_LINKER"))
    {
        return false;
    }
    let rustc = var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc).arg("-V").output() else {
        return false;
    };
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let version = String::from_utf8_lossy(&out.stdout);
    let mut numbers = version
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .split('.')
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let (major, minor) = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    (major, minor) >= (1, 90)
}
