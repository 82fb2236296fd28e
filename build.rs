//! Links the `newsdex` binary as a position-dependent executable on Linux.
//!
//! A position-independent executable (rustc's default) starts by relocating itself: the
//! dynamic loader rewrites about 48,000 pointers, and every page of them is copied on
//! write (about 1.1 MB). That was a third of the instructions of `newsdex --version` and
//! 270 of its 420 page faults, paid again by every one-shot search (issue 11). Linked
//! with `-no-pie` the pointers are fixed at link time and the pages are read from the
//! file as they are used. The cost is that the binary's own code and data are always
//! at the same address (shared libraries, the heap and the stack are still randomized).
//! Only the `newsdex` binary, only on Linux with glibc; the code itself is compiled as
//! before.

fn main() {
    // glibc targets only: a static musl build is left as rustc links it (`-no-pie`
    // would conflict with its `-static-pie`).
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        println!("cargo:rustc-link-arg-bin=newsdex=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
