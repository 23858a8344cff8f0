//! The office files units and bureaus already use: a 自评表 in `.xlsx` / `.xls` in
//! ([`xlsx_in`], calamine), the form as `.xlsx` ([`xlsx_out`], rust_xlsxwriter) and the
//! 自评报告 as `.docx` ([`docx_out`], docx-rs) out. Pure Rust: the CLI and the browser's office
//! modules (`ziping-import`, `ziping-xlsx`, `ziping-docx`, each loaded on use) call exactly this.

pub mod docx_out;
mod form_sheet;
pub mod xlsx_in;
pub mod xlsx_out;

/// The hidden worksheet of an exported `.xlsx` that holds the whole form as JSON, for what the
/// visible layout cannot show ([`xlsx_out`] describes what it holds; [`xlsx_in`] reads it).
pub const DATA_SHEET: &str = "ziping";

/// The largest office file read: a 自评表 is a few dozen KB; anything over this is refused
/// before it is opened.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The refusal of a file over [`MAX_FILE_BYTES`], wherever it is noticed (the import, or the
/// browser before it reads the file at all).
pub fn too_large() -> OfficeError {
    OfficeError::new(format!("文件超过 {} MB，无法导入（自评表通常只有几十 KB）", MAX_FILE_BYTES / (1024 * 1024)))
}

/// Why an office file could not be read: a Chinese message for a person, naming what is
/// missing or wrong (`未找到“年度指标值”列`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeError {
    pub message: String,
}

impl OfficeError {
    pub fn new(message: impl Into<String>) -> Self {
        OfficeError { message: message.into() }
    }
}

impl std::fmt::Display for OfficeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OfficeError {}

/// Whether a file of this name is a spreadsheet, for [`xlsx_in::import`]: `.xlsx`, `.xlsm`,
/// `.xls`, which it reads, and `.ods`, `.xlsb`, which it refuses with a message that names them
/// (any case); anything else is read as JSON.
pub fn is_spreadsheet(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"].iter().any(|ext| name.ends_with(ext))
}
