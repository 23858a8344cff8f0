//! `ziping render FILE [--landscape] [--report] [--date 日期] [-o OUT.html]`: the printed form
//! (附件1), or the 自评报告, as one standalone HTML file — the documents the browser prints,
//! from the same `ziping::render` core.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use ziping::model::Form;
use ziping::render::{self, PrintOptions, Report};

pub const HELP: &str = "
render（可打印的 HTML，独立文件，无脚本、不引用外部资源）:
  ziping render [选项] 文件      输出自评表（附件1）；“-” 表示标准输入；未填完的表标明“暂定”
      --landscape    A4 横向（默认纵向）
      --report       输出自评报告（表中已有编辑过的报告时用它，否则按表生成草稿）
      --date 日期    报告落款日期（默认今天，如 2022年3月7日）
      -o 文件        写入该文件（默认标准输出）
";

pub fn run(args: &[String]) -> ExitCode {
    let usage = |msg: String| {
        eprintln!("ziping render：{}。用 ziping --help 查看用法。", msg);
        ExitCode::from(64)
    };
    let (mut opts, mut report, mut date, mut out, mut file) = (PrintOptions::default(), false, None, None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--landscape" => opts.landscape = true,
            "--report" => report = true,
            "--date" | "-o" | "--output" => match it.next() {
                Some(v) if a == "--date" => date = Some(v.clone()),
                Some(v) => out = Some(v.clone()),
                None => return usage(format!("{a} 后面缺少内容")),
            },
            s if s.starts_with('-') && s != "-" => return usage(format!("不认识的选项“{s}”")),
            s if file.is_none() => file = Some(s.to_string()),
            _ => return usage("只能给出一个文件".into()),
        }
    }
    let Some(file) = file else { return usage("请给出要输出的自评表文件".into()) };
    let text = if file == "-" {
        let mut s = String::new();
        io::stdin().read_to_string(&mut s).map(|_| s)
    } else {
        std::fs::read_to_string(&file)
    };
    let form = match text.map_err(|e| e.to_string()).and_then(|t| Form::from_json_str(&t).map_err(|e| e.to_string())) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{file}：无法读取：{e}");
            return ExitCode::from(2);
        }
    };
    let result = ziping::engine::score(&form);
    let html = if report {
        let r = match &form.report {
            Some(text) => Report::from_text(text),
            None => render::report_draft(&form, &result, &date.unwrap_or_else(today)),
        };
        render::report_html(&form, &result, &r, &opts)
    } else {
        render::form_html(&form, &result, &opts)
    };
    let written = match &out {
        Some(path) => std::fs::write(path, html),
        None => io::stdout().lock().write_all(html.as_bytes()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ziping render：写出失败：{e}");
            ExitCode::from(2)
        }
    }
}

/// Today in China (UTC+8), as a report's date: `2022年3月7日`.
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = ((secs + 8 * 3600) / 86400) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y}年{m}月{d}日")
}
