#![cfg(not(target_arch = "wasm32"))]
//! Golden results: the full result JSON of every form in `fixtures/` and `tests/fixtures/forms/`
//! (realistic forms written in the styles of `scoring.md` §11), held in `tests/golden/`. Any
//! change of a score, an explanation or an issue shows here, so that it is a deliberate one:
//! after checking the new results by hand, `ZIPING_BLESS=1 cargo test --test golden` writes them.

use std::path::Path;

#[test]
fn every_form_gives_its_golden_result() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("ZIPING_BLESS").is_some();
    let mut forms: Vec<_> = ["fixtures", "tests/fixtures/forms"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    forms.sort();
    assert!(forms.len() >= 4, "the seed and the realistic forms: {forms:?}");
    let mut failed = Vec::new();
    for form in &forms {
        let result = ziping::engine::score_json(&std::fs::read_to_string(form).unwrap()).expect("a valid form");
        let got = serde_json::to_string_pretty(&result).unwrap() + "\n";
        let golden = root.join("tests/golden").join(form.file_name().unwrap()).with_extension("result.json");
        if bless {
            std::fs::write(&golden, &got).unwrap();
        } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(&got) {
            failed.push(format!(
                "{} differs from {} (ZIPING_BLESS=1 to accept):\n{got}",
                form.display(),
                golden.display()
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
