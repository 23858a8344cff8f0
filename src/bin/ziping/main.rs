//! `ziping`: score and check 项目支出绩效自评表 files (JSON, `.xlsx`, `.xls`) from the command
//! line, import a workbook as JSON and write the printed documents and office exports. Uses
//! exactly the core that the browser app runs.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// The CLI is native; this binary is also built for wasm32 beside the browser tests, where it
// runs nothing and goes through the files one by one.
#[cfg(not(target_arch = "wasm32"))]
use rayon::prelude::*;
use serde::Serialize;
use ziping::engine;
use ziping::result::{Issue, ScoreResult, Severity};

mod import;
mod input;
mod render;

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HELP: &str = "\
ziping — 项目支出绩效自评表 计分与检查工具

用法:
  ziping score [选项] 文件...    逐个文件输出计分结果 JSON，每个文件一行
  ziping check [选项] 文件...    逐个文件输出可读的检查报告（总分、等级、错误与提醒及其位置）
  ziping import 文件 [-o 输出]   把 Excel 自评表（.xlsx / .xls）转为 JSON（见下）
  ziping render 文件 [选项]      输出可打印的自评表、自评报告，导出 .xlsx / .docx（见下）
  ziping help | --help | -h      显示本说明
  ziping --version               显示版本

文件:
  一个或多个自评表文件：JSON（格式见 format.md，schema \"ziping.self-eval/1\"），或 Excel 工作簿
  .xlsx / .xlsm / .xls（按表头文字识别附件1 的各栏；单位填写的得分作为手动得分，填写的总分与计算
  结果不一致时给出提醒）；.ods、.xlsb 暂不支持，报告原因。按扩展名区分，其他扩展名按 JSON 读取。
  “-” 表示从标准输入读取（以 PK 或 D0 CF 11 E0 开头的按 Excel 工作簿读取）。
  给出目录时，处理目录中所有 .json、.xlsx、.xlsm、.xls、.ods、.xlsb 文件（按文件名排序，不进入
  子目录；跳过隐藏文件和 Excel 打开时生成的 ~$ 临时文件）。

score 的输出:
  每行一个 JSON 对象：\"file\"（文件名）加上计分结果（execution_rate 执行率、budget_score
  预算执行得分、indicators 各指标得分与说明、subtotals 一级指标小计、total 总分、grade 等级、
  complete 是否填写完整、issues 错误/提醒）。所有数值均为字符串，精确计算，不经浮点。
  无法读取的文件也输出一行：各项得分为 null，issues 中给出原因。

check 的选项:
  -v, --verbose    同时列出提示（info），如待填项

退出码:
  0  全部文件可读，且（check）没有错误
  1  （check）至少一份表有错误（error）
  2  至少一个文件无法读取（不存在、不是 JSON、不是可读的 Excel 工作簿、不是自评表）；
     其余文件照常处理
  64 用法错误

示例:
  ziping score 承德县2021.json
  ziping check 申报材料/
  ziping check 承德县2021.xlsx
  cat form.json | ziping check -
";

enum Cmd {
    Score,
    Check,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(first) = args.first() else {
        eprint!("{}", HELP);
        return ExitCode::from(64);
    };
    let cmd = match first.as_str() {
        "score" => Cmd::Score,
        "check" => Cmd::Check,
        "render" => return render::run(&args[1..]),
        "import" => return import::run(&args[1..]),
        "help" | "--help" | "-h" => {
            print!("{}{}{}", HELP, import::HELP, render::HELP);
            return ExitCode::SUCCESS;
        }
        "--version" | "-V" => {
            println!("ziping {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("ziping：不认识的命令“{}”。用 ziping --help 查看用法。", other);
            return ExitCode::from(64);
        }
    };
    let mut verbose = false;
    let mut inputs: Vec<String> = Vec::new();
    let mut only_files = false;
    for a in &args[1..] {
        match a.as_str() {
            "--" if !only_files => only_files = true,
            "-v" | "--verbose" if !only_files => verbose = true,
            "-h" | "--help" if !only_files => {
                print!("{}{}{}", HELP, import::HELP, render::HELP);
                return ExitCode::SUCCESS;
            }
            s if !only_files && s.starts_with('-') && s != "-" => {
                eprintln!("ziping：不认识的选项“{}”。用 ziping --help 查看用法。", s);
                return ExitCode::from(64);
            }
            s => inputs.push(s.to_string()),
        }
    }
    if inputs.is_empty() {
        eprintln!("ziping：请给出要处理的文件（“-” 表示标准输入）。用 ziping --help 查看用法。");
        return ExitCode::from(64);
    }

    // Standard input is read once, up front: a second "-" reads it empty, as a second read
    // of a pipe would.
    let mut stdin_taken = false;
    let files: Vec<Input> = inputs
        .iter()
        .flat_map(|i| expand(i))
        .map(|f| match f {
            Input::Stdin if !stdin_taken => {
                stdin_taken = true;
                match input::read_stdin() {
                    Ok(buf) => Input::Read("-".into(), buf),
                    Err(why) => Input::Broken("-".into(), why),
                }
            }
            Input::Stdin => Input::Read("-".into(), Vec::new()),
            other => other,
        })
        .collect();

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut unreadable = false;
    let mut any_error = false;
    // The files are read and scored on every core, a batch at a time, and written in order.
    #[cfg(not(target_arch = "wasm32"))]
    let (batch, each) = (64 * rayon::current_num_threads(), |chunk: &[Input]| -> Vec<(String, bool, bool)> {
        chunk.par_iter().map(|file| process(&cmd, file, verbose)).collect()
    });
    #[cfg(target_arch = "wasm32")]
    let (batch, each) = (64, |chunk: &[Input]| -> Vec<(String, bool, bool)> {
        chunk.iter().map(|file| process(&cmd, file, verbose)).collect()
    });
    for chunk in files.chunks(batch) {
        let done = each(chunk);
        for (text, unreadable_file, has_error) in done {
            unreadable |= unreadable_file;
            any_error |= has_error;
            if let Err(e) = out.write_all(text.as_bytes()) {
                return write_failed(e);
            }
        }
    }
    if let Err(e) = out.flush() {
        return write_failed(e);
    }
    if unreadable {
        ExitCode::from(2)
    } else if any_error && matches!(cmd, Cmd::Check) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn write_failed(e: io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("ziping：写出结果失败：{}", e);
    ExitCode::from(2)
}

/// Reads, scores and writes up one input: (its output, whether it was unreadable, whether its
/// form has an error).
fn process(cmd: &Cmd, file: &Input, verbose: bool) -> (String, bool, bool) {
    let name = file.display_name();
    // An import's findings are reported with the engine's.
    let outcome = read_input(file).map(|loaded| {
        let mut result = engine::score(&loaded.form);
        result.issues.extend(loaded.warnings);
        result
    });
    let (unreadable, has_error) = match &outcome {
        Ok(r) => (false, r.errors().next().is_some()),
        Err(_) => (true, false),
    };
    let text = match (cmd, outcome) {
        // An unreadable file still gets its line: the result that stands for it.
        (Cmd::Score, outcome) => {
            let result = outcome.unwrap_or_else(|e| engine::unreadable(&e));
            let mut line =
                serde_json::to_string(&ScoreLine { file: &name, result: &result }).expect("a result is plain data");
            line.push('\n');
            line
        }
        (Cmd::Check, Ok(r)) => report(&name, &r, verbose),
        (Cmd::Check, Err(e)) => format!("{}：无法读取：{}\n\n", name, e),
    };
    (text, unreadable, has_error)
}

/// One line of `ziping score`: the file's name, then the result's fields.
#[derive(Serialize)]
struct ScoreLine<'a> {
    file: &'a str,
    #[serde(flatten)]
    result: &'a ScoreResult,
}

/// One input: standard input or a file.
enum Input {
    Stdin,
    File(PathBuf),
    /// Standard input, already read.
    Read(String, Vec<u8>),
    /// A directory that could not be listed, with the reason.
    Broken(String, String),
}

impl Input {
    fn display_name(&self) -> String {
        match self {
            Input::Stdin => "-".into(),
            Input::File(p) => match p.to_str() {
                Some(s) => s.to_owned(),
                None => p.display().to_string(),
            },
            Input::Read(n, _) | Input::Broken(n, _) => n.clone(),
        }
    }
}

/// A directory stands for the forms in it ([`input::is_form_file`]), sorted by name.
fn expand(arg: &str) -> Vec<Input> {
    if arg == "-" {
        return vec![Input::Stdin];
    }
    let path = Path::new(arg);
    if path.is_dir() {
        return match std::fs::read_dir(path) {
            Ok(entries) => {
                // The entry's type comes with the listing (no stat per file); a link is
                // followed to see whether it names a file.
                let is_file = |e: &std::fs::DirEntry| match e.file_type() {
                    Ok(t) if t.is_symlink() => e.path().is_file(),
                    Ok(t) => t.is_file(),
                    Err(_) => false,
                };
                let mut files: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .filter(|e| is_file(e))
                    .map(|e| e.path())
                    .filter(|p| input::is_form_file(p))
                    .collect();
                files.sort();
                files.into_iter().map(Input::File).collect()
            }
            Err(e) => vec![Input::Broken(arg.to_string(), format!("无法读取目录：{}", input::io_reason(&e)))],
        };
    }
    vec![Input::File(path.to_path_buf())]
}

/// An input's form.
fn read_input(file: &Input) -> Result<input::Loaded, ziping::model::ReadError> {
    match file {
        Input::Stdin => unreachable!("standard input is read up front"),
        Input::Read(_, bytes) => input::parse(None, bytes),
        Input::File(p) => input::parse(Some(p), &input::read_file(p).map_err(input::unreadable)?),
        Input::Broken(_, why) => Err(input::unreadable(why.clone())),
    }
}

/// The readable report of `ziping check` on one form.
fn report(name: &str, r: &ScoreResult, verbose: bool) -> String {
    let mut out = String::new();
    let _ = write_report(&mut out, name, r, verbose);
    out
}

fn write_report(out: &mut String, name: &str, r: &ScoreResult, verbose: bool) -> std::fmt::Result {
    use std::fmt::Write;
    let errors = r.errors().count();
    let warnings = r.warnings().count();
    let status = if errors > 0 {
        format!("有 {} 个错误", errors)
    } else if !r.complete {
        format!("还有 {} 项待填", r.pending)
    } else {
        "通过".into()
    };
    writeln!(out, "{}：{}", name, status)?;
    writeln!(
        out,
        "  执行率 {}  预算执行得分 {}  总分 {}  等级 {}{}",
        r.execution_rate.as_deref().map(|x| format!("{}%", x)).unwrap_or_else(|| "—".into()),
        r.budget_score.as_deref().unwrap_or("—"),
        r.total.as_deref().unwrap_or("—"),
        r.grade.as_deref().unwrap_or("—"),
        if r.complete { "" } else { "（未完成，分数为暂计）" }
    )?;
    for s in &r.subtotals {
        writeln!(out, "  {} {} / {}", s.level1, s.score, s.weight)?;
    }
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        if sev == Severity::Info && !verbose {
            continue;
        }
        for i in r.issues.iter().filter(|i| i.severity == sev) {
            writeln!(out, "  {}", issue_line(i))?;
        }
    }
    if warnings > 0 && errors == 0 {
        writeln!(out, "  共 {} 条提醒", warnings)?;
    }
    writeln!(out)
}

/// One finding as `check` lists it: `[提醒] total：…（manual_score_differs）`.
fn issue_line(i: &Issue) -> String {
    let label = match i.severity {
        Severity::Error => "错误",
        Severity::Warning => "提醒",
        Severity::Info => "提示",
    };
    format!("[{}] {}：{}（{}）", label, i.path, i.message, i.code)
}

/// An import's findings on standard error, one a line after the file's name (`import`,
/// `render`: their standard output is the form or a document).
fn warn_to_stderr(name: &str, warnings: &[Issue]) {
    for i in warnings {
        eprintln!("{}：{}", name, issue_line(i));
    }
}
