//! The structure and text rules on the real reports of fixtures/realdev:
//! the warnings the hand-checked INDEX expects of these rules are found on
//! their lines; no finding of these rules is an error; contents, web-page
//! chrome, excerpts and government reports raise nothing.

mod common;

use common::*;
use serde_json::Value;

const RULES: &[&str] = &[
    "required-sections",
    "empty-section",
    "heading-numbering",
    "score-grade-present",
    "conversion-artifact",
    "placeholder",
    "sangong-disclosure",
    "year-consistency",
];

/// (file prefix, rule, line, message) of every finding of RULES.
fn findings() -> Vec<(String, String, String, u64, String)> {
    let mut cmd = cli();
    cmd.arg("check");
    for r in RULES {
        cmd.args(["--select", r]);
    }
    cmd.args([
        "--format",
        "json",
        "--fail-on",
        "never",
        "fixtures/realdev/",
    ]);
    let (out, err, code) = stdout_of(&mut cmd);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    assert_eq!(v["summary"]["files"], 52, "{out}");
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap();
            (
                name[..3].to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn real_reports_get_the_expected_structure_and_text_warnings_and_no_error() {
    let found = findings();
    let errors: Vec<_> = found.iter().filter(|f| f.2 == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The INDEX's W cases of these rules, each on its line.
    let expected: &[(&str, &str, u64, &str)] = &[
        ("b03", "heading-numbering", 60, "“4.”出现两次"),
        ("b28", "heading-numbering", 27, "“一一、”"),
        ("c02", "heading-numbering", 23, "“①”之后是“③”"),
        ("c06", "heading-numbering", 40, "缺少左括号"),
        ("c13", "heading-numbering", 59, "标题编号丢失"),
        ("c13", "heading-numbering", 63, "标题编号丢失"),
        ("c13", "heading-numbering", 19, "粘连"),
        ("c05", "conversion-artifact", 2, "“年”被替换成了“-”"),
        ("c05", "conversion-artifact", 64, "上-结转"),
        ("c13", "conversion-artifact", 31, "粘连"),
        ("c13", "conversion-artifact", 49, "“月”丢失"),
        ("b09", "conversion-artifact", 4, "2017-度"),
        ("b09", "placeholder", 21, "进行说明"),
        ("b29", "placeholder", 19, "字以内"),
        ("b18", "placeholder", 1, "XX"),
        ("c15", "placeholder", 1, "20xx"),
        ("c07", "score-grade-present", 1, "自评得分"),
        ("c08", "score-grade-present", 1, "评价等级"),
    ];
    for (file, rule, line, msg) in expected {
        assert!(
            found
                .iter()
                .any(|f| f.0 == *file && f.1 == *rule && f.3 == *line && f.4.contains(msg)),
            "{file} {rule} line {line} “{msg}” not found in {found:#?}"
        );
    }

    // Nothing of these rules where the INDEX expects nothing of them:
    // tables of contents (b10, b27), a 决算报告 and a 决算草案 of a whole
    // district or city (b13, b25: no family, and 2018 is b25's year, not
    // the meeting's 2019), a 三公-only disclosure (b02, b21), an excerpt
    // starting at 三、 (b16), excerpts that break off (b17, c01, c03).
    for quiet in [
        "b10", "b27", "b13", "b25", "b02", "b21", "b16", "b17", "c01", "c03",
    ] {
        let mine: Vec<_> = found.iter().filter(|f| f.0 == quiet).collect();
        assert!(mine.is_empty(), "{quiet}: {mine:#?}");
    }
    // No contents entry is an empty section or a heading out of order.
    assert!(
        !found
            .iter()
            .any(|f| ["b11", "b12", "b28"].contains(&f.0.as_str()) && f.1 == "empty-section"),
        "{found:#?}"
    );
}
