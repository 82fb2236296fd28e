//! Files newsdex may not read, an index folder it may not write, and a disk that fills
//! up mid-commit. Each case runs the real binary: unprivileged (as `nobody` when the
//! tests run as root, since root reads and writes through any permission bit), or with
//! a file-size limit (RLIMIT_FSIZE) that makes the kernel fail large writes with EFBIG,
//! the way a full disk fails them with ENOSPC.
//!
//! Every test copies the binary and runs the copy while other test threads start
//! processes. A child forked while a copy is open for writing inherits that descriptor
//! until it execs, and executing a file someone holds open for writing fails with
//! "Text file busy" (ETXTBSY). So copies are written under [`FORK`]'s write lock and
//! every process is started under its read lock: no fork ever sees a half-written copy.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{PoisonError, RwLock};
use tempfile::TempDir;

/// Held for writing while a file that will be executed is open for writing, and for
/// reading while a process is started (fork to exec).
static FORK: RwLock<()> = RwLock::new(());

/// Starts `c` (with the same stdio as `Command::output`) under [`FORK`]'s read lock.
fn spawn(c: &mut Command) -> std::io::Result<Child> {
    let _guard = FORK.read().unwrap_or_else(PoisonError::into_inner);
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

const NOBODY: u32 = 65534;

/// A temp folder every user may enter and write, with a copy of the binary in it (the
/// build folder may not be reachable by an unprivileged user).
struct World {
    dir: TempDir,
    bin: PathBuf,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().expect("tempdir");
        chmod(dir.path(), 0o777);
        let bin = dir.path().join("newsdex");
        {
            let _guard = FORK.write().unwrap_or_else(PoisonError::into_inner);
            std::fs::copy(env!("CARGO_BIN_EXE_newsdex"), &bin).expect("copy binary");
        }
        chmod(&bin, 0o755);
        World { dir, bin }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (and its folders, open to everyone).
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        let mut d = p.parent().expect("parent").to_path_buf();
        std::fs::create_dir_all(&d).expect("mkdir");
        while d != self.dir.path() {
            chmod(&d, 0o777);
            d = d.parent().expect("parent").to_path_buf();
        }
        std::fs::write(&p, text).expect("write");
        chmod(&p, 0o644);
        p
    }

    /// `newsdex --index <tmp>/ix ARGS`, as the current user.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        c.current_dir(self.dir.path())
            .env_remove("NEWSDEX_INDEX")
            .env("NO_COLOR", "1")
            .arg("--index")
            .arg(self.path("ix"))
            .args(args);
        c
    }

    /// The same, as a user without root's override of permissions.
    fn unprivileged(&self, args: &[&str]) -> Command {
        let mut c = self.cmd(args);
        if is_root() {
            c.uid(NOBODY).gid(NOBODY);
        }
        c
    }

    fn search_total(&self, query: &str) -> u64 {
        let out = run(self.unprivileged(&["search", query, "--json"]));
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["total"].as_u64().expect("total")
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn chmod_tree(p: &Path, file_mode: u32, dir_mode: u32) {
    for e in walkdir::WalkDir::new(p).contents_first(true) {
        let e = e.expect("walk");
        let mode = if e.file_type().is_dir() {
            dir_mode
        } else {
            file_mode
        };
        chmod(e.path(), mode);
    }
}

fn run(mut c: Command) -> Output {
    let out = spawn(&mut c)
        .and_then(Child::wait_with_output)
        .expect("run newsdex");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An article of `n` paragraphs; each title gets its own made-up words, so the text does
/// not compress to nothing.
fn article(title: &str, n: usize) -> String {
    let mut seed = title.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut word = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let letters = b"aeioustrnlkmpdg";
        (0..4 + (seed >> 60) as usize)
            .map(|i| letters[((seed >> ((i % 15) * 4)) & 0xf) as usize % letters.len()] as char)
            .collect::<String>()
    };
    let mut body = String::new();
    for i in 0..n {
        let filler: Vec<String> = (0..12).map(|_| word()).collect();
        body.push_str(&format!(
            "Paragraph {i} of {title}: the port authority in Valparaiso reported {}.\n\n",
            filler.join(" ")
        ));
    }
    format!("Title: {title}\nDate: 2021-06-0{}\n\n{body}", 1 + n % 9)
}

#[test]
fn unreadable_files_and_folders_are_reported_and_skipped() {
    let w = World::new();
    w.write("in/ok.txt", &article("Harbor report", 2));
    let secret = w.write("in/secret.txt", &article("Sealed memo", 2));
    chmod(&secret, 0o000);
    w.write("in/locked/inner.txt", &article("Locked folder", 2));
    chmod(&w.path("in/locked"), 0o000);
    // A file whose target was deleted after it was listed: a dangling symlink.
    std::os::unix::fs::symlink(w.path("in/gone.txt"), w.path("in/dangling.txt")).unwrap();

    let out = run(w.unprivileged(&["index", "--json", "--follow", "in"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("newsdex: {}: ", secret.display())),
        "{err}"
    );
    assert!(err.to_lowercase().contains("permission denied"), "{err}");
    assert!(err.contains("locked"), "{err}");
    assert!(err.contains("dangling.txt"), "{err}");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json summary");
    assert_eq!(s["articles_indexed"], 1, "{s}");
    assert_eq!(s["files_skipped"], 3, "{s}");
    chmod(&w.path("in/locked"), 0o777);
    assert_eq!(w.search_total("Valparaiso"), 1);
}

#[test]
fn read_only_index_folder_is_a_clear_error_and_the_index_survives() {
    let w = World::new();
    w.write("in/a.txt", &article("First report", 2));
    let out = run(w.cmd(&["index", "--quiet", "in"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    w.write("in/b.txt", &article("Second report", 2));
    chmod_tree(&w.path("ix"), 0o444, 0o555);

    let out = run(w.unprivileged(&["index", "--quiet", "in"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("newsdex: "), "{err}");
    assert!(err.contains(&w.path("ix").display().to_string()), "{err}");
    assert!(err.to_lowercase().contains("permission denied"), "{err}");
    // Searching a read-only index works, and it holds what it held.
    assert_eq!(w.search_total("Valparaiso"), 1);

    chmod_tree(&w.path("ix"), 0o644, 0o755);
    let out = run(w.cmd(&["index", "--quiet", "in"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(w.search_total("Valparaiso"), 2);
}

#[test]
fn a_full_disk_during_commit_is_a_clear_error_and_the_index_survives() {
    let w = World::new();
    w.write("in/a.txt", &article("First report", 3));
    let out = run(w.cmd(&["index", "--quiet", "in"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for i in 0..40 {
        w.write(
            &format!("in/more/{i}.txt"),
            &article(&format!("Report {i}"), 60),
        );
    }

    let mut c = w.cmd(&["index", "--quiet", "in"]);
    // SAFETY: only async-signal-safe calls (setrlimit, signal) between fork and exec.
    unsafe {
        c.pre_exec(|| {
            // Writes past 16 KiB fail with EFBIG; SIGXFSZ, which would kill the process
            // instead, is ignored (and stays ignored across exec).
            let limit = libc::rlimit {
                rlim_cur: 16 * 1024,
                rlim_max: libc::RLIM_INFINITY,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let out = run(c);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("newsdex: "), "{err}");
    assert!(err.contains(&w.path("ix").display().to_string()), "{err}");
    assert!(err.contains("File too large"), "{err}");
    // The last commit is intact and searchable; nothing half-written shows.
    assert_eq!(w.search_total("Valparaiso"), 1);

    // With room again, the next run completes the job.
    let out = run(w.cmd(&["index", "--quiet", "in"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(w.search_total("Valparaiso"), 41);
}

/// A tmpfs of `size` mounted at `path` for one test, unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// `None` where this process may not mount (mounting needs root).
    fn mount(path: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(path).expect("mkdir");
        let mut mount = Command::new("mount");
        mount
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path);
        let ok = spawn(&mut mount)
            .and_then(Child::wait_with_output)
            .is_ok_and(|out| out.status.success());
        ok.then(|| Tmpfs(path.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = spawn(Command::new("umount").arg(&self.0)).and_then(|mut c| c.wait());
    }
}

#[test]
fn a_really_full_disk_is_a_clear_error_and_the_index_survives() {
    let w = World::new();
    // The index on a 1 MiB filesystem: the first article fits, 80 more do not.
    let Some(_disk) = Tmpfs::mount(&w.path("ix"), "1m") else {
        eprintln!(
            "cannot mount a tmpfs here (not root): the RLIMIT_FSIZE test covers failed writes"
        );
        return;
    };
    w.write("in/a.txt", &article("First report", 2));
    let out = run(w.cmd(&["index", "--quiet", "in"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for i in 0..80 {
        w.write(
            &format!("in/more/{i}.txt"),
            &article(&format!("Report {i}"), 120),
        );
    }
    let out = run(w.cmd(&["index", "--quiet", "in"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("newsdex: "), "{err}");
    assert!(err.contains("the last commit is intact"), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(w.search_total("Valparaiso"), 1);
}

/// Issue 14, item 18: another user's search, while root's `index` commits, must never
/// see segment files vanish. tantivy's garbage collection waits for the meta lock that
/// readers hold while they open the segments; a reader that may not write the folder
/// cannot open the lock file for writing, and used to take no lock at all.
#[test]
fn a_reader_that_may_not_write_the_folder_still_waits_for_the_meta_lock() {
    let w = World::new();
    w.write("in/a.txt", &article("Harbor report", 2));
    let out = run(w.cmd(&["index", "--quiet", "in"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Hold the lock as a writer's garbage collection does.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(w.path("ix/tantivy/.tantivy-meta.lock"))
        .expect("open the lock file");
    lock.lock().expect("lock");
    let mut search = w.unprivileged(&["search", "Valparaiso", "--json"]);
    let mut child = spawn(&mut search).expect("run newsdex");
    let pid = child.id().to_string();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    // /proc/locks lists a process waiting for a lock as "N: -> FLOCK ... PID ...".
    while !std::fs::read_to_string("/proc/locks")
        .expect("/proc/locks")
        .lines()
        .any(|l| l.contains("->") && l.split_whitespace().any(|f| f == pid))
    {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("the search finished ({status}) without waiting for the meta lock");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the search neither waited nor finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    drop(lock);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Issue 14, item 18: under a strict umask, the index's tantivy files still get the
/// folder's bits, so another user may read what the folder lets them read.
#[test]
fn tantivy_files_get_the_folders_bits_whatever_the_umask() {
    let w = World::new();
    w.write("in/a.txt", &article("Harbor report", 2));
    for d in ["ix", "ix/tantivy", "ix/quotes"] {
        std::fs::create_dir(w.path(d)).expect("mkdir");
        chmod(&w.path(d), 0o755);
    }
    let mut c = w.cmd(&["index", "--quiet", "in"]);
    // SAFETY: umask is async-signal-safe and cannot fail.
    unsafe {
        c.pre_exec(|| {
            libc::umask(0o077);
            Ok(())
        });
    }
    let out = run(c);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut seen = 0;
    for d in ["ix/tantivy", "ix/quotes"] {
        for e in std::fs::read_dir(w.path(d)).expect("read_dir") {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            let mode = e.metadata().expect("stat").permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "{d}/{name}: {mode:o}");
            seen += 1;
        }
    }
    // meta.json, .managed.json and two lock files in each index, and the six files of
    // the article index's segment (the quotation index has none: no quotes).
    assert!(seen >= 14, "{seen} files");
    // newsdex's own files too, and the value lists' folder.
    for f in [
        "ix/newsdex.json",
        "ix/manifest.bin",
        "ix/facet-values/articles-person.tsv",
    ] {
        let mode = std::fs::metadata(w.path(f)).expect(f).permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{f}: {mode:o}");
    }
    let mode = std::fs::metadata(w.path("ix/facet-values"))
        .expect("dir")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o755, "facet-values: {mode:o}");
}
