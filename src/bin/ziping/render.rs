//! `ziping render FILE --form OUT.html --report OUT.html --xlsx OUT.xlsx --docx OUT.docx
//! [--landscape] [--date 日期]`: the printed form (附件1) and the 自评报告 as standalone HTML
//! files, the documents the browser prints and exports, from the same `ziping::render` core;
//! the form as `.xlsx` and the report as `.docx` from `ziping::office`. FILE is any form file
//! [`crate::input`] reads; `-` is standard input as FILE and standard output as OUT.

use std::io::{self, Write};
use std::process::ExitCode;

use ziping::office::{docx_out, xlsx_out};
use ziping::render::{self, PrintOptions};

use crate::input;

pub const HELP: &str = "
ziping render 文件 --form 输出.html --report 输出.html --xlsx 输出.xlsx --docx 输出.docx
  输出可打印的自评表（附件1）和自评报告：独立的 HTML 文件，无脚本、不引用外部资源；
  导出 Excel 自评表（.xlsx，附件1 格式，可再导入）和 Word 自评报告（.docx）。
  文件可为 JSON 或 Excel 工作簿；为“-”时从标准输入读取。输出为“-”时写到标准输出（至多一个）；
  --form、--report、--xlsx、--docx 至少给出一个。
  未填完或有错误的表标明“总分为暂定”。表中已有编辑过的报告时输出该报告，否则按表生成草稿。
      --landscape    A4 横向（默认纵向；用于 HTML）
      --date 日期    报告落款日期（默认今天，如 2022年3月7日；用于 --report 与 --docx）
";

/// Where the documents go.
#[derive(Default)]
struct Args {
    file: Option<String>,
    form: Option<String>,
    report: Option<String>,
    xlsx: Option<String>,
    docx: Option<String>,
    date: Option<String>,
    opts: PrintOptions,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let slot = match arg.as_str() {
            "--landscape" => {
                a.opts.landscape = true;
                continue;
            }
            "--form" => &mut a.form,
            "--report" => &mut a.report,
            "--xlsx" => &mut a.xlsx,
            "--docx" => &mut a.docx,
            "--date" => &mut a.date,
            s if s.starts_with('-') && s != "-" => return Err(format!("不认识的选项“{s}”")),
            s if a.file.is_none() => {
                a.file = Some(s.to_string());
                continue;
            }
            _ => return Err("只能给出一个文件".into()),
        };
        *slot = Some(it.next().ok_or_else(|| format!("{arg} 后面缺少内容"))?.clone());
    }
    if a.file.is_none() {
        return Err("请给出要输出的自评表文件".into());
    }
    let outputs = [&a.form, &a.report, &a.xlsx, &a.docx];
    if outputs.iter().all(|o| o.is_none()) {
        return Err("请用 --form、--report、--xlsx 或 --docx 给出输出文件".into());
    }
    if outputs.iter().filter(|o| o.as_deref() == Some("-")).count() > 1 {
        return Err("只能有一个输出写到标准输出".into());
    }
    Ok(a)
}

pub fn run(args: &[String]) -> ExitCode {
    let a = match parse(args) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("ziping render：{msg}。用 ziping --help 查看用法。");
            return ExitCode::from(64);
        }
    };
    let file = a.file.as_deref().unwrap_or("-");
    let form = match input::load(file) {
        Ok(loaded) => {
            crate::warn_to_stderr(file, &loaded.warnings);
            loaded.form
        }
        Err(e) => {
            eprintln!("{file}：无法读取：{e}");
            return ExitCode::from(2);
        }
    };
    let result = ziping::engine::score(&form);
    let date = a.date.unwrap_or_else(today);
    let docs: [Option<(String, Vec<u8>)>; 4] = [
        a.form.map(|out| (out, render::form_html(&form, &result, &a.opts).into_bytes())),
        a.report.map(|out| {
            let report = render::report_of(&form, &result, &date);
            (out, render::report_html(&form, &result, &report, &a.opts).into_bytes())
        }),
        a.xlsx.map(|out| (out, xlsx_out::to_xlsx(&form))),
        a.docx.map(|out| (out, docx_out::to_docx(&form, &date))),
    ];
    for (out, bytes) in docs.into_iter().flatten() {
        let written = if out == "-" { io::stdout().lock().write_all(&bytes) } else { std::fs::write(&out, bytes) };
        if let Err(e) = written {
            eprintln!("ziping render：无法写入 {out}：{e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// Today, in the machine's time zone, as a report's date: `2022年3月7日`.
#[cfg(not(target_arch = "wasm32"))]
fn today() -> String {
    chrono::Local::now().format("%Y年%-m月%-d日").to_string()
}

/// The CLI is a native program; built for wasm32 (as `cargo test --target wasm32…` builds
/// every binary) it has no clock, and a report is signed without a date.
#[cfg(target_arch = "wasm32")]
fn today() -> String {
    String::new()
}
