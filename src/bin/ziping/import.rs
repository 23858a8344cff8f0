//! `ziping import FILE [-o OUT]`: the form of an `.xlsx` / `.xls` workbook (or of any form file
//! [`crate::input`] reads) as JSON in the exchange format, what the browser's import gives.
//! The import's findings go to standard error.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::input;

pub const HELP: &str = "
ziping import 文件 [-o 输出.json]
  读取 Excel 自评表（.xlsx / .xlsm / .xls），输出自评表 JSON（format.md 格式），默认写到标准输出。
  文件为“-”时从标准输入读取。导入中的提醒（如单位填报的总分与计算结果不一致）写到标准错误。
  -o, --output 输出   写入该文件（“-”为标准输出）
";

fn parse(args: &[String]) -> Result<(String, String), String> {
    let (mut file, mut output) = (None, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-o" | "--output" => output = Some(it.next().ok_or_else(|| format!("{arg} 后面缺少内容"))?.clone()),
            s if s.starts_with('-') && s != "-" => return Err(format!("不认识的选项“{s}”")),
            s if file.is_none() => file = Some(s.to_string()),
            _ => return Err("只能给出一个文件".into()),
        }
    }
    let file = file.ok_or("请给出要导入的 Excel 文件")?;
    Ok((file, output.unwrap_or_else(|| "-".into())))
}

pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let (file, output) = match parse(args) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("ziping import：{msg}。用 ziping --help 查看用法。");
            return ExitCode::from(64);
        }
    };
    let loaded = match input::load(&file) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{file}：无法读取：{e}");
            return ExitCode::from(2);
        }
    };
    crate::warn_to_stderr(&file, &loaded.warnings);
    let mut json = loaded.form.to_json_pretty();
    json.push('\n');
    let written =
        if output == "-" { io::stdout().lock().write_all(json.as_bytes()) } else { std::fs::write(&output, json) };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ziping import：无法写入 {output}：{e}");
            ExitCode::from(2)
        }
    }
}
