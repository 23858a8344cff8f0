#![cfg(not(target_arch = "wasm32"))]
//! The `ziping` command line with office files, run as a real process: `score` and `check` on
//! `.xlsx` / `.xls` files and folders of forms, `import`, `render --xlsx --docx`, and standard
//! input. The workbooks are written by `tests/office/make_sheets.py` (Python 3 with openpyxl and
//! xlwt), as in `tests/office_import.rs`: without them these tests fail, saying so.

use std::io::Read;
use std::process::Output;

use ziping::model::Form;
use ziping::office::xlsx_in::import;

#[path = "common/sheets.rs"]
mod sheets;
use sheets::sheets;
#[path = "common/cli.rs"]
mod cli;
use cli::{seed_path, temp_dir, ziping};

fn sheet(name: &str) -> String {
    sheets().join(name).to_str().expect("a UTF-8 temp path").to_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn assert_seed(line: &serde_json::Value) {
    assert_eq!(line["execution_rate"], "39.25", "{line}");
    assert_eq!(line["budget_score"], "3.9", "{line}");
    assert_eq!(line["total"], "93.9", "{line}");
    assert_eq!(line["grade"], "优", "{line}");
    assert_eq!(line["complete"], true, "{line}");
}

fn codes_at(line: &serde_json::Value, path: &str) -> Vec<String> {
    line["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["path"] == path)
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn score_and_check_read_xlsx_and_xls() {
    let (xlsx, xls) = (sheet("mof-seed.xlsx"), sheet("mof-seed.xls"));
    let o = ziping(&["score", &xlsx, &xls], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let l = lines(&o);
    assert_eq!(l.len(), 2);
    assert_eq!(l[0]["file"], xlsx.as_str());
    assert_eq!(l[1]["file"], xls.as_str());
    l.iter().for_each(assert_seed);
    // The unit's 总分 93.9 is the computed one: no warning at `total`.
    assert!(codes_at(&l[0], "total").is_empty(), "{}", l[0]);

    let o = ziping(&["check", &xlsx], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with(&format!("{xlsx}：通过\n")), "{text}");
    assert!(text.contains("总分 93.9  等级 优"), "{text}");
}

#[test]
fn an_import_warning_is_reported_with_the_engines_issues() {
    let odd = sheet("odd.xlsx");
    let o = ziping(&["score", &odd], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let l = &lines(&o)[0];
    assert_eq!(l["total"], "100");
    // The result format, with the import's finding among the issues.
    let w = l["issues"].as_array().unwrap().iter().find(|i| i["path"] == "total").expect("the total warning");
    assert_eq!(
        w,
        &serde_json::json!({
            "severity": "warning",
            "code": "manual_score_differs",
            "path": "total",
            "message": "单位填报的总分 98 与计算结果 100 不一致"
        })
    );
    assert_eq!(codes_at(l, "indicators[3].score"), ["manual_score_differs"]);

    let o = ziping(&["check", &odd], b"");
    assert_eq!(o.status.code(), Some(0), "a warning is not an error");
    let text = stdout(&o);
    assert!(
        text.contains("  [提醒] total：单位填报的总分 98 与计算结果 100 不一致（manual_score_differs）\n"),
        "{text}"
    );
    assert!(text.contains("共 3 条提醒"), "{text}");
}

#[test]
fn a_folder_stands_for_its_forms_and_a_bad_one_does_not_stop_the_rest() {
    let dir = temp_dir("cli-office-folder");
    std::fs::copy(seed_path(), dir.join("a-seed.json")).unwrap();
    std::fs::copy(sheet("mof-seed.xlsx"), dir.join("b-seed.xlsx")).unwrap();
    std::fs::copy(sheet("corrupt.xlsx"), dir.join("c-corrupt.xlsx")).unwrap();
    std::fs::copy(sheet("mof-seed.xls"), dir.join("d-seed.XLS")).unwrap();
    std::fs::copy(sheet("sichuan.xlsx"), dir.join("e-sichuan.xlsx")).unwrap();
    // Not forms: Excel's lock file, a hidden file, other files, a subfolder.
    std::fs::write(dir.join("~$b-seed.xlsx"), b"lock").unwrap();
    std::fs::write(dir.join(".hidden.json"), b"{").unwrap();
    std::fs::copy(sheet("word.docx"), dir.join("f-report.docx")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a form").unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(sheet("mof-seed.xlsx"), dir.join("sub/g.xlsx")).unwrap();
    let name = |f: &str| dir.join(f).to_str().unwrap().to_owned();

    let o = ziping(&["score", dir.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let l = lines(&o);
    let files: Vec<&str> = l.iter().map(|x| x["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        ["a-seed.json", "b-seed.xlsx", "c-corrupt.xlsx", "d-seed.XLS", "e-sichuan.xlsx"].map(name),
        "sorted by name, not recursive, lock and hidden files skipped"
    );
    for i in [0, 1, 3] {
        assert_seed(&l[i]);
    }
    assert_eq!(l[2]["total"], serde_json::Value::Null);
    assert_eq!(l[2]["issues"][0]["severity"], "error");
    assert_eq!(l[2]["issues"][0]["code"], "invalid_form");
    assert!(l[2]["issues"][0]["message"].as_str().unwrap().starts_with("文件已损坏"), "{}", l[2]);
    assert!(l[4]["total"].is_string(), "{}", l[4]);

    let o = ziping(&["check", dir.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    let text = stdout(&o);
    for good in ["a-seed.json", "b-seed.xlsx", "d-seed.XLS"] {
        assert!(text.contains(&format!("{}：通过\n", name(good))), "{good}: {text}");
    }
    let bad: Vec<&str> = text.lines().filter(|l| l.contains("无法读取")).collect();
    assert_eq!(
        bad,
        [format!(
            "{}：无法读取：文件已损坏，无法读取：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入",
            name("c-corrupt.xlsx")
        )]
    );
    for skipped in ["~$", ".hidden", "f-report", "notes", "g.xlsx"] {
        assert!(!text.contains(skipped), "{skipped}: {text}");
    }
}

#[test]
fn bad_office_files_get_their_reason() {
    let cases = [
        ("encrypted.xlsx", "文件已加密"),
        ("not-a-spreadsheet.xlsx", "不是电子表格文件"),
        ("webpage.xls", "网页（HTML）"),
        ("missing-target.xlsx", "未找到“年度指标值”列"),
        ("opendocument.ods", "OpenDocument 表格（.ods），暂不支持"),
        ("binary.xlsb", "Excel 二进制工作簿（.xlsb），暂不支持"),
    ];
    let files: Vec<String> = cases.iter().map(|(f, _)| sheet(f)).collect();
    let args: Vec<&str> = ["check"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let o = ziping(&args, b"");
    assert_eq!(o.status.code(), Some(2));
    let text = stdout(&o);
    let bad: Vec<&str> = text.lines().filter(|l| l.contains("无法读取")).collect();
    assert_eq!(bad.len(), cases.len(), "{text}");
    for ((line, file), (_, reason)) in bad.iter().zip(&files).zip(cases) {
        assert!(line.starts_with(&format!("{file}：无法读取：")) && line.contains(reason), "{line}");
    }
}

#[test]
fn import_prints_the_form_as_json() {
    for name in ["mof-seed.xlsx", "mof-seed.xls", "yunnan.xlsx", "odd.xlsx"] {
        let path = sheet(name);
        let want = import(&std::fs::read(&path).unwrap()).unwrap();
        let o = ziping(&["import", &path], b"");
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let text = stdout(&o);
        assert_eq!(text, want.form.to_json_pretty() + "\n", "{name}");
        assert_eq!(Form::from_json_str(&text).unwrap(), want.form, "{name}");
        if name == "odd.xlsx" {
            assert_eq!(
                stderr(&o),
                format!("{path}：[提醒] total：单位填报的总分 98 与计算结果 100 不一致（manual_score_differs）\n")
            );
        } else {
            assert_eq!(stderr(&o), "", "{name}");
        }
    }

    // -o writes a file; `-` reads standard input.
    let dir = temp_dir("cli-office-import");
    let out = dir.join("seed.json");
    let bytes = std::fs::read(sheet("mof-seed.xlsx")).unwrap();
    let o = ziping(&["import", "-", "-o", out.to_str().unwrap()], &bytes);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let form = Form::from_json_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(form, import(&bytes).unwrap().form);
    // And the JSON scores as the workbook does.
    let o = ziping(&["score", out.to_str().unwrap()], b"");
    assert_seed(&lines(&o)[0]);

    // Unreadable files and usage errors.
    let o = ziping(&["import", &sheet("corrupt.xlsx")], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("corrupt.xlsx：无法读取：文件已损坏"), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(ziping(&["import"], b"").status.code(), Some(64));
    assert_eq!(ziping(&["import", "a.xlsx", "b.xlsx"], b"").status.code(), Some(64));
    assert_eq!(ziping(&["import", "a.xlsx", "-o"], b"").status.code(), Some(64));
    assert_eq!(ziping(&["import", "--bogus", "a.xlsx"], b"").status.code(), Some(64));
}

#[test]
fn render_writes_the_xlsx_and_docx_exports() {
    let dir = temp_dir("cli-office-render");
    let (xlsx, docx) = (dir.join("表.xlsx"), dir.join("报告.docx"));
    let src = sheet("mof-seed.xlsx");
    let form = import(&std::fs::read(&src).unwrap()).unwrap().form;
    let o = ziping(
        &["render", &src, "--xlsx", xlsx.to_str().unwrap(), "--docx", docx.to_str().unwrap(), "--date", "2022年3月7日"],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let back = import(&std::fs::read(&xlsx).unwrap()).unwrap();
    assert_eq!(back.form, form, "\n{}", back.form.to_json_pretty());
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let document = docx_document(&std::fs::read(&docx).unwrap());
    assert!(document.contains("93.9"), "the total is in the report");
    assert!(document.contains("2022年3月7日"), "--date signs the report");

    // From JSON too, and the export to standard output.
    let o = ziping(&["render", &seed_path(), "--xlsx", "-"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let seed = Form::from_json_str(&std::fs::read_to_string(seed_path()).unwrap()).unwrap();
    assert_eq!(import(&o.stdout).unwrap().form, seed);
    let o = ziping(&["render", &seed_path(), "--docx", "-", "--date", "2022年3月7日"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(docx_document(&o.stdout).contains("93.9"));

    // One output at most to standard output.
    assert_eq!(ziping(&["render", &src, "--xlsx", "-", "--docx", "-"], b"").status.code(), Some(64));
    assert_eq!(ziping(&["render", &src, "--form", "-", "--docx", "-"], b"").status.code(), Some(64));
    assert_eq!(ziping(&["render", &src, "--docx"], b"").status.code(), Some(64));
    // An unreadable workbook.
    let o = ziping(&["render", &sheet("corrupt.xlsx"), "--docx", docx.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("无法读取：文件已损坏"), "{}", stderr(&o));
}

/// The text of `word/document.xml` in a `.docx` (a zip).
fn docx_document(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml").expect("word/document.xml").read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn standard_input_may_be_a_workbook() {
    for name in ["mof-seed.xlsx", "mof-seed.xls"] {
        let bytes = std::fs::read(sheet(name)).unwrap();
        let o = ziping(&["score", "-"], &bytes);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let l = lines(&o);
        assert_eq!(l[0]["file"], "-");
        assert_seed(&l[0]);
        let o = ziping(&["check", "-"], &bytes);
        assert!(stdout(&o).starts_with("-：通过\n"), "{name}: {}", stdout(&o));
    }
    // The total warning comes along from standard input too.
    let o = ziping(&["score", "-"], &std::fs::read(sheet("odd.xlsx")).unwrap());
    assert_eq!(codes_at(&lines(&o)[0], "total"), ["manual_score_differs"]);
    // A stdin workbook with something wrong in it has the import's reason, not a JSON one.
    let o = ziping(&["check", "-"], &std::fs::read(sheet("corrupt.xlsx")).unwrap());
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("-：无法读取：文件已损坏"), "{}", stdout(&o));
    // JSON from standard input is read as before.
    let o = ziping(&["score", "-"], std::fs::read_to_string(seed_path()).unwrap().as_bytes());
    assert_seed(&lines(&o)[0]);
    // Render from a standard-input workbook.
    let o = ziping(&["render", "-", "--xlsx", "-"], &std::fs::read(sheet("mof-seed.xls")).unwrap());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let form = import(&std::fs::read(sheet("mof-seed.xls")).unwrap()).unwrap().form;
    assert_eq!(import(&o.stdout).unwrap().form, form);
}

#[test]
fn help_names_the_office_commands() {
    let o = ziping(&["--help"], b"");
    let text = stdout(&o);
    for word in ["ziping import", "--xlsx", "--docx", ".xlsx", ".xls", "~$"] {
        assert!(text.contains(word), "{word}");
    }
    let o = ziping(&["import", "--help"], b"");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("ziping import"));
}
