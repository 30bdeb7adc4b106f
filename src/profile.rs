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
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let evaluation = has_any(&t, &["自评", "评价"]);
    let perf = has_any(&t, &["绩效", "自评", "评价"]);
    // 部门决算 (公开说明): a disclosure, not an evaluation.
    if t.contains("决算") && evaluation.is_none() {
        return Some(("final-accounts", "标题含“决算”".into()));
    }
    if let Some(p) = perf {
        if let Some(w) = has_any(&t, &["整体支出", "整体绩效"]) {
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
        assert_eq!(id("某局2020年度部门预算"), None);
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
