//! The test workbooks: `tests/office/make_sheets.py` (Python 3 with openpyxl and xlwt) writes
//! them independently of ziping's exporter. Without Python or those packages a test fails,
//! saying so, rather than pass without checking anything.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/office/make_sheets.py");

/// Runs the script with `args`; panics with the reason when it cannot.
pub fn python(args: &[&str]) {
    let out = Command::new("python3").arg(SCRIPT).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run python3 ({e}): these tests need Python 3 with openpyxl and xlwt (pip install openpyxl xlwt)")
    });
    match out.status.code() {
        Some(0) => {}
        Some(3) => panic!(
            "python3 lacks openpyxl or xlwt, which these tests need (pip install openpyxl xlwt): {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        _ => panic!("{SCRIPT} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr)),
    }
}

/// The directory the script wrote its files into (once per test binary).
pub fn sheets() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("office-sheets-{}", std::process::id()));
        python(&[dir.to_str().expect("a UTF-8 temp path")]);
        dir
    })
}
