//! `ziping render FILE --form OUT.html --report OUT.html [--landscape] [--date 日期]`: the
//! printed form (附件1) and the 自评报告 as standalone HTML files, the documents the browser
//! prints and exports, from the same `ziping::render` core. `-` is standard input as FILE and
//! standard output as OUT.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use ziping::model::Form;
use ziping::render::{self, PrintOptions};

pub const HELP: &str = "
ziping render 文件 --form 输出.html --report 输出.html
  输出可打印的自评表（附件1）和自评报告：独立的 HTML 文件，无脚本、不引用外部资源。
  文件为“-”时从标准输入读取，输出为“-”时写到标准输出；--form 与 --report 至少给出一个。
  未填完或有错误的表标明“总分为暂定”。表中已有编辑过的报告时输出该报告，否则按表生成草稿。
      --landscape    A4 横向（默认纵向）
      --date 日期    报告落款日期（默认今天，如 2022年3月7日）
";

/// Where the documents go.
#[derive(Default)]
struct Args {
    file: Option<String>,
    form: Option<String>,
    report: Option<String>,
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
    if a.form.is_none() && a.report.is_none() {
        return Err("请用 --form 或 --report 给出输出文件".into());
    }
    if a.form.as_deref() == Some("-") && a.report.as_deref() == Some("-") {
        return Err("--form 和 --report 不能都写到标准输出".into());
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
    let text = if file == "-" {
        let mut s = String::new();
        io::stdin().read_to_string(&mut s).map(|_| s)
    } else {
        std::fs::read_to_string(file)
    };
    let form = match text.map_err(|e| e.to_string()).and_then(|t| Form::from_json_str(&t).map_err(|e| e.to_string())) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{file}：无法读取：{e}");
            return ExitCode::from(2);
        }
    };
    let result = ziping::engine::score(&form);
    let date = a.date.unwrap_or_else(today);
    let docs = [
        a.form.map(|out| (out, render::form_html(&form, &result, &a.opts))),
        a.report
            .map(|out| (out, render::report_html(&form, &result, &render::report_of(&form, &result, &date), &a.opts))),
    ];
    for (out, html) in docs.into_iter().flatten() {
        let written =
            if out == "-" { io::stdout().lock().write_all(html.as_bytes()) } else { std::fs::write(&out, html) };
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
