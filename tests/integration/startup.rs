//! What a one-shot command costs before it does any work (issue 11): the binary's own
//! start-up.

/// The `newsdex` binary is linked position-dependent on Linux (see `build.rs`): its ELF
/// type is an executable (`ET_EXEC`), not a shared object (`ET_DYN`) the loader would
/// have to relocate at every start.
#[cfg(target_os = "linux")]
#[test]
fn the_binary_needs_no_relocation_at_start() {
    let bin = std::fs::read(env!("CARGO_BIN_EXE_newsdex")).unwrap();
    assert_eq!(&bin[..4], b"\x7fELF");
    const ET_EXEC: u16 = 2;
    assert_eq!(u16::from_le_bytes([bin[16], bin[17]]), ET_EXEC);
}
