//! Reading "a form file", for every subcommand: a JSON file in the exchange format, or an
//! `.xlsx` / `.xlsm` / `.xls` workbook read by `ziping::office::xlsx_in`. A named file is read
//! by its extension; standard input by its first bytes (a zip or OLE file is a workbook).

use std::io::{self, Read};
use std::path::Path;

use ziping::model::{Form, ReadError};
use ziping::office::{self, xlsx_in, MAX_FILE_BYTES};
use ziping::result::{Issue, IssueCode};

/// A form as read, with what its import found (`manual_score_differs` at `total` when a
/// workbook's 总分 is not the computed one); a JSON file has none.
pub struct Loaded {
    pub form: Form,
    pub warnings: Vec<Issue>,
}

/// Whether `path` names a workbook ([`office::is_spreadsheet`]).
fn is_workbook(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(office::is_spreadsheet)
}

/// Whether a directory's entry named `path` is one of its forms: `.json`, `.xlsx`, `.xlsm`,
/// `.xls` (and `.ods`, `.xlsb`, which are reported as not supported); not a hidden file, nor the `~$…` file Excel keeps beside a workbook it has open.
pub fn is_form_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !name.starts_with('.')
        && !name.starts_with("~$")
        && (path.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")) || is_workbook(path))
}

/// Whether a standard input is a workbook: the magic of a zip (`.xlsx`) or OLE (`.xls`) file.
fn sniffs_as_office(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A file's bytes. A workbook is read up to one byte over the import's limit, which the import
/// then refuses, rather than in full.
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let mut file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut bytes = Vec::new();
    let read = if is_workbook(path) {
        file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)
    } else {
        file.read_to_end(&mut bytes)
    };
    // A directory opens on Unix and fails only here.
    read.map_err(|e| if path.is_dir() { "是目录，不是文件".into() } else { io_reason(&e) })?;
    Ok(bytes)
}

/// Standard input's bytes.
pub fn read_stdin() -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    io::stdin().read_to_end(&mut bytes).map_err(|e| io_reason(&e))?;
    Ok(bytes)
}

/// The form in `bytes`, read from `path` (`None`: standard input).
pub fn parse(path: Option<&Path>, bytes: &[u8]) -> Result<Loaded, ReadError> {
    let office = match path {
        Some(p) => is_workbook(p),
        None => sniffs_as_office(bytes),
    };
    if office {
        return xlsx_in::import(bytes)
            .map(|i| Loaded { form: i.form, warnings: i.warnings })
            .map_err(|e| unreadable(e.message));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| unreadable(io_reason(&io::ErrorKind::InvalidData.into())))?;
    Form::from_json_str(text).map(|form| Loaded { form, warnings: Vec::new() })
}

/// The form of a subcommand's one FILE argument (`-`: standard input).
pub fn load(arg: &str) -> Result<Loaded, ReadError> {
    if arg == "-" {
        let bytes = read_stdin().map_err(unreadable)?;
        parse(None, &bytes)
    } else {
        let path = Path::new(arg);
        let bytes = read_file(path).map_err(unreadable)?;
        parse(Some(path), &bytes)
    }
}

/// A file that is not a form, for a reason given in Chinese.
pub fn unreadable(message: String) -> ReadError {
    ReadError { code: IssueCode::InvalidForm, path: String::new(), message }
}

pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "文件不存在".into(),
        io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        io::ErrorKind::InvalidData => "不是 UTF-8 编码的文本".into(),
        _ => e.to_string(),
    }
}
