//! The `ziping` command line run as a real process, for `tests/cli.rs` and
//! `tests/cli_office.rs`.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `ziping args…` with `stdin` as its standard input.
pub fn ziping(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ziping"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ziping runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// The path of the 承德县 2021 form, `fixtures/chengde-2021.json`.
pub fn seed_path() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/chengde-2021.json").to_owned()
}

/// A new, empty directory of this test process named after `name`.
pub fn temp_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
