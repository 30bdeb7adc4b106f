//! Document families (profiles), detected from the title.

/// The built-in profiles: (id, Chinese name).
pub const PROFILES: &[(&str, &str)] = &[
    ("dept-overall", "部门整体支出绩效评价（自评）报告"),
    ("project-self-eval", "项目支出绩效自评报告"),
    ("final-accounts", "部门决算公开说明"),
];

/// Detects the family from a title; returns (profile, reason).
pub fn detect(title: &str) -> Option<(&'static str, String)> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    if t.contains("决算") && !t.contains("绩效") {
        return Some(("final-accounts", "标题含“决算”".into()));
    }
    if t.contains("项目") && (t.contains("自评") || t.contains("绩效")) && !t.contains("整体")
    {
        return Some(("project-self-eval", "标题含“项目”与“绩效/自评”".into()));
    }
    if t.contains("整体") || (t.contains("部门") && t.contains("绩效")) {
        return Some(("dept-overall", "标题含“整体支出”或“部门…绩效”".into()));
    }
    if t.contains("绩效") {
        return Some(("dept-overall", "标题含“绩效”".into()));
    }
    None
}

pub fn is_known(id: &str) -> bool {
    PROFILES.iter().any(|(p, _)| *p == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_are_told_apart_by_title() {
        assert_eq!(
            detect("2020年度某区人民政府办公室部门整体支出绩效评价报告")
                .unwrap()
                .0,
            "dept-overall"
        );
        assert_eq!(
            detect("2021年度农村道路维修项目支出绩效自评报告")
                .unwrap()
                .0,
            "project-self-eval"
        );
        assert_eq!(
            detect("某县教育局2022年度部门决算公开说明").unwrap().0,
            "final-accounts"
        );
        assert!(detect("会议纪要").is_none());
    }
}
