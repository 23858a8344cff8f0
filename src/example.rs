//! Bundled forms: the 承德县 2021 example and the empty MOF skeleton.

use crate::model::{Form, Indicator, Source};

/// The real 承德县 2021 社保工作专项经费 form (`fixtures/chengde-2021.json`).
pub const CHENGDE_2021_JSON: &str = include_str!("../fixtures/chengde-2021.json");

/// The 承德县 2021 example form ("载入示例").
pub fn chengde_2021() -> Form {
    Form::from_json_str(CHENGDE_2021_JSON).expect("the bundled example is a valid form")
}

/// The official 一级 → 二级 structure (财预〔2020〕10号 附件1, as used since 2021), with the
/// default 一级 weights. The optional 成本指标 一级 (财预〔2021〕101号) is listed separately.
pub const STRUCTURE: &[(&str, u32, &[&str])] = &[
    ("产出指标", 50, &["数量指标", "质量指标", "时效指标", "成本指标"]),
    ("效益指标", 30, &["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
    ("满意度指标", 10, &["服务对象满意度指标"]),
];

/// The optional 成本指标 一级 and its 二级.
pub const COST_LEVEL1: (&str, &[&str]) = ("成本指标", &["经济成本指标", "社会成本指标", "生态环境成本指标"]);

/// A new form: the MOF skeleton with one empty row per 二级 and the profile's fund sources.
pub fn skeleton(year: Option<i32>, fund_sources: &[String]) -> Form {
    let mut form = Form { year: year.map(|y| y.to_string()).unwrap_or_default(), ..Default::default() };
    form.funds.weight = "10".into();
    form.funds.sources = fund_sources.iter().map(|l| Source::new(l)).collect();
    for (l1, _, l2s) in STRUCTURE {
        for l2 in *l2s {
            form.indicators.push(Indicator::new(l1, l2));
        }
    }
    form
}

/// Writes the generated 100-indicator forms of `seeds` into `dir` as pretty JSON files
/// `form-NNNNN.json`: the CLI benchmark's input (`cargo bench --bench score`, and
/// `examples/gen_bench_files` for profiling by hand).
#[cfg(not(target_arch = "wasm32"))]
pub fn write_generated(dir: &std::path::Path, seeds: std::ops::Range<u64>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for i in seeds {
        std::fs::write(dir.join(format!("form-{i:05}.json")), generated(100, i).to_json_pretty())?;
    }
    Ok(())
}

/// A generated, fully filled form with `n` indicator rows (for benchmarks and load tests).
/// Weights sum to 100; targets cycle through every kind of value; about one row in five
/// misses its target. Deterministic for a given `seed`.
pub fn generated(n: usize, seed: u64) -> Form {
    let mut form = chengde_2021();
    form.project = format!("生成的测试项目 {}", seed);
    form.indicators.clear();
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    // 90 points over n rows, in hundredths so that they sum exactly.
    let hundredths = 9000usize;
    let n = n.max(1);
    for i in 0..n {
        let share = hundredths / n + usize::from(i < hundredths % n);
        let weight = rust_decimal::Decimal::new(share as i64, 2).normalize().to_string();
        let (l1, l2) = match i * 9 / n {
            0..=4 => ("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"][i % 4]),
            5..=7 => ("效益指标", ["经济效益指标", "社会效益指标", "可持续影响指标"][i % 3]),
            _ => ("满意度指标", "服务对象满意度指标"),
        };
        let miss = next() % 5 == 0;
        let (target, actual) = match next() % 7 {
            0 => (
                format!("{}家", 10 + next() % 90),
                if miss { "8家".to_string() } else { format!("{}家", 100 + next() % 9) },
            ),
            1 => ("≥95%".into(), if miss { "90%".into() } else { "98.5%".into() }),
            2 => ("≤1%".into(), if miss { "1.5%".into() } else { "0.2%".into() }),
            3 => ("完善".into(), if miss { "基本完善".into() } else { "完善".into() }),
            4 => ("90%-100%".into(), if miss { "85%".into() } else { "95%".into() }),
            5 => ("2021年12月底前".into(), if miss { "按时完成".into() } else { "2021年11月".into() }),
            _ => ("3个工作日内".into(), if miss { "4个工作日".into() } else { "2个工作日".into() }),
        };
        let mut ind = crate::model::Indicator::new(l1, l2);
        ind.name = format!("指标{}", i + 1);
        ind.target = target;
        ind.actual = actual;
        ind.weight = weight;
        if miss {
            ind.tier = "partial".into();
            ind.reason = "受疫情影响，部分工作延后，已制定整改计划。".into();
        }
        form.indicators.push(ind);
    }
    form
}
