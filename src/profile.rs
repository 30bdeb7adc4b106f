//! Document families (profiles), detected from the title.
//!
//! A profile selects rules (a rule's `//! profiles:` header names the
//! families it applies to) and sets their per-family options (each rule's
//! `defaults()` keys its section lists and required disclosures by profile
//! id). `profile = "..."` in `reportlint.toml` overrides detection.

/// The built-in profiles: (id, Chinese name).
pub const PROFILES: &[(&str, &str)] = &[
    ("dept-overall", "部门整体支出绩效评价（自评）报告"),
    ("project-self-eval", "项目支出绩效自评报告"),
    ("final-accounts", "部门决算公开说明"),
];

/// The Chinese name of a profile.
pub fn name(id: &str) -> Option<&'static str> {
    PROFILES.iter().find(|(p, _)| *p == id).map(|(_, n)| *n)
}

fn has_any<'a>(t: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().copied().find(|w| t.contains(w))
}

/// Detects the family from a title; returns (profile, reason). The reason
/// names the words of the title that decided it.
pub fn detect(title: &str) -> Option<(&'static str, String)> {
    detect_title(title).map(|(p, why, _)| (p, why))
}

/// Reports of a whole government's budget (政府决算报告, 预算执行情况的报告,
/// 决算草案): no department's family applies.
const GOVERNMENT: &[&str] = &[
    "决算报告",
    "决算草案",
    "预算执行情况",
    "预算执行报告",
    "总决算",
    "政府决算",
    "财政决算",
    "财政预算执行",
];

fn government_report(t: &str) -> Option<&'static str> {
    if t.contains("部门") || t.contains("单位") || t.contains("绩效") {
        return None;
    }
    has_any(t, GOVERNMENT)
}

/// A disclosure of the 三公 expenses alone (…“三公”经费支出决算情况说明):
/// not a 部门决算 with its parts.
fn sangong_only(t: &str) -> bool {
    t.contains("三公")
        && has_any(
            t,
            &[
                "部门决算",
                "单位决算",
                "决算公开",
                "整体",
                "绩效",
                "自评",
                "评价",
            ],
        )
        .is_none()
}

/// The family from the title: (profile, reason, whether the title says it
/// clearly).
fn detect_title(title: &str) -> Option<(&'static str, String, bool)> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    if government_report(&t).is_some() || sangong_only(&t) {
        return None;
    }
    detect_clear(&t).map(|(p, why)| {
        let clear = !why.contains("未点明");
        (p, why, clear)
    })
}

/// Words of the body that point at a family, in order of weight.
const PROJECT_WORDS: &[&str] = &[
    "项目支出绩效",
    "项目绩效",
    "专项资金",
    "转移支付",
    "项目资金",
    "项目名称",
];
const OVERALL_WORDS: &[&str] = &["部门整体支出", "整体支出绩效", "部门整体绩效"];
const FINAL_WORDS: &[&str] = &["部门决算", "单位决算", "决算公开"];

/// The family of a parsed report: its title when that is clear, else its
/// content (项目/专项/转移支付 vs 部门整体 vs 决算), else what the title
/// suggests. A report of a whole government's budget (决算草案 before the
/// people's congress, 预算执行情况) gets none.
pub fn detect_document(doc: &crate::document::Document) -> Option<(&'static str, String)> {
    let by_title = detect_title(&doc.title);
    if let Some((p, why, true)) = &by_title {
        return Some((p, why.clone()));
    }
    let t: String = doc.title.chars().filter(|c| !c.is_whitespace()).collect();
    if government_report(&t).is_some() || sangong_only(&t) {
        return None;
    }
    // The opening of the body (the first few thousand bytes).
    let mut end = doc.text.len().min(6000);
    while !doc.text.is_char_boundary(end) {
        end -= 1;
    }
    let body = &doc.text[..end];
    if body.contains("决算草案")
        || (body.contains("预算执行")
            && has_any(body, &["各位委员", "各位代表", "人民代表大会"]).is_some())
    {
        return None;
    }
    // Each family by how often the body names it; a department-wide report
    // discusses its projects too, so 部门整体 wins a tie.
    let count = |words: &[&'static str]| -> (usize, Option<&'static str>) {
        let n = words.iter().map(|w| body.matches(w).count()).sum();
        (n, has_any(body, words))
    };
    let (np, project) = count(PROJECT_WORDS);
    let (no, overall) = count(OVERALL_WORDS);
    let fin = has_any(body, FINAL_WORDS).filter(|_| !body.contains("绩效"));
    let by_content = match (project, overall, fin) {
        (Some(w), None, None) => Some(("project-self-eval", w)),
        (None, Some(w), None) => Some(("dept-overall", w)),
        (Some(wp), Some(wo), None) => Some(if np > no {
            ("project-self-eval", wp)
        } else {
            ("dept-overall", wo)
        }),
        (None, None, Some(w)) => Some(("final-accounts", w)),
        _ => None,
    };
    if let Some((p, w)) = by_content {
        return Some((p, format!("标题未点明报告类型，正文含“{w}”")));
    }
    by_title.map(|(p, why, _)| (p, why))
}

fn detect_clear(t: &str) -> Option<(&'static str, String)> {
    let t = t.to_string();
    let evaluation = has_any(&t, &["自评", "评价"]);
    let perf = has_any(&t, &["绩效", "自评", "评价"]);
    // 部门决算 (公开说明): a disclosure, not an evaluation.
    if t.contains("决算") && evaluation.is_none() {
        return Some(("final-accounts", "标题含“决算”".into()));
    }
    if let Some(p) = perf {
        if let Some(w) = has_any(
            &t,
            &[
                "整体支出",
                "整体绩效",
                "部门整体",
                "整体和项目",
                "整体及项目",
            ],
        ) {
            return Some(("dept-overall", format!("标题含“{w}”")));
        }
        if t.contains("项目") {
            return Some(("project-self-eval", format!("标题含“项目”与“{p}”")));
        }
        if let Some(w) = has_any(&t, &["部门", "单位"]) {
            return Some(("dept-overall", format!("标题含“{w}”与“{p}”")));
        }
        if t.contains("绩效") {
            return Some((
                "dept-overall",
                "标题含“绩效”（未点明项目，按部门整体报告处理）".into(),
            ));
        }
    }
    None
}

pub fn is_known(id: &str) -> bool {
    PROFILES.iter().any(|(p, _)| *p == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(title: &str) -> Option<&'static str> {
        detect(title).map(|(p, _)| p)
    }

    #[test]
    fn families_are_told_apart_by_title() {
        assert_eq!(
            id("2020年度某区人民政府办公室部门整体支出绩效评价报告"),
            Some("dept-overall")
        );
        assert_eq!(
            id("2021年度农村道路维修项目支出绩效自评报告"),
            Some("project-self-eval")
        );
        assert_eq!(
            id("某县教育局2022年度部门决算公开说明"),
            Some("final-accounts")
        );
        assert_eq!(id("会议纪要"), None);
    }

    #[test]
    fn title_variants_of_each_family() {
        // Two-line titles arrive joined; spaces inside are ignored.
        assert_eq!(
            id("枫源市自然资源和规划局2022年度部门整体支出绩效自评报告"),
            Some("dept-overall")
        );
        assert_eq!(
            id("云岭市城市管理局2023年度中心城区排水管网清淤疏浚项目绩效自评报告"),
            Some("project-self-eval")
        );
        assert_eq!(id("枫源市水利局2022年度部门决算"), Some("final-accounts"));
        // A 决算 title that mentions 预算绩效 is still a disclosure.
        assert_eq!(
            id("某局2021年度部门决算及预算绩效情况公开"),
            Some("final-accounts")
        );
        // A project named inside a department report does not make it a project report.
        assert_eq!(
            id("某局2021年度部门整体支出（含重点项目）绩效评价报告"),
            Some("dept-overall")
        );
        assert_eq!(id("某中心2020年度单位绩效自评报告"), Some("dept-overall"));
        // 整体 and its projects in one report: department-wide.
        assert_eq!(
            id("某中学2024年度部门整体和项目支出绩效自评报告"),
            Some("dept-overall")
        );
        assert_eq!(
            id("某中心2022年整体和项目支出绩效自评总结报告"),
            Some("dept-overall")
        );
        assert_eq!(id("某局2020年度部门预算"), None);
        // A whole government's budget report is no department's family.
        assert_eq!(id("某市某区2024年决算报告"), None);
        assert_eq!(id("关于某县2022年财政预算执行情况的报告"), None);
        // A disclosure of 三公 alone has no parts of a 部门决算.
        assert_eq!(
            id("2023年某厅一般公共预算财政拨款“三公”经费支出决算情况说明"),
            None
        );
        assert_eq!(
            id("某园2017年度部门决算及“三公”经费公开"),
            Some("final-accounts")
        );
    }

    fn doc_id(text: &str) -> Option<&'static str> {
        let d = crate::parse("t.txt", text.to_string());
        detect_document(&d).map(|(p, _)| p)
    }

    #[test]
    fn an_unclear_title_is_decided_by_the_content() {
        // 绩效自评表 alone says nothing of the family; the form says 项目.
        assert_eq!(
            doc_id("食堂改造经费绩效自评表\n项目支出绩效自评表\n项目名称 | 食堂改造 |\n"),
            Some("project-self-eval")
        );
        // A clear title wins over the words of the body.
        assert_eq!(
            doc_id("某局2021年度部门整体支出绩效自评报告\n一、基本情况\n含专项资金50万元。\n"),
            Some("dept-overall")
        );
        // A body on the department as a whole that also names its projects.
        assert_eq!(
            doc_id("项目评分表\n5 5 项目绩效 专项资金\n部门整体支出绩效评价得分表\n自评得分90分\n"),
            Some("dept-overall")
        );
        // A project's report that once names 部门整体 among its grounds.
        assert_eq!(
            doc_id("为落实部门整体支出和项目支出绩效管理要求，对专项资金开展自评。\n一、专项资金基本情况\n专项资金174万元。\n"),
            Some("project-self-eval")
        );
        // No title, a 部门决算 body.
        assert_eq!(
            doc_id("本部门2019年部门决算情况说明如下，收入合计10万元。\n"),
            Some("final-accounts")
        );
        // A delivery note and a 决算草案 body: a government's report.
        assert_eq!(
            doc_id("——2023年8月1日在某市人民代表\n大会常务委员会第五次会议上\n某市财政局\n各位委员：\n某市2022年市级决算草案已编制完成。\n"),
            None
        );
        // Breadcrumbs before the title do not decide the family.
        assert_eq!(
            doc_id("首页 > 部门预决算 > 乡镇\n\n某镇2021年度项目支出绩效自评报告\n来源：某镇  发布时间：2022-05-19\n一、项目概况\n"),
            Some("project-self-eval")
        );
    }

    #[test]
    fn the_reason_names_the_deciding_words() {
        let (_, why) = detect("某县2022年农村人居环境整治项目支出绩效自评报告").unwrap();
        assert_eq!(why, "标题含“项目”与“绩效”");
        assert!(is_known("final-accounts") && !is_known("budget"));
        assert_eq!(
            name("dept-overall"),
            Some("部门整体支出绩效评价（自评）报告")
        );
    }
}
