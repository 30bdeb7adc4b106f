use super::*;

const FORM: &str = "项目支出绩效自评表
（2023年度）
项目名称\t\t职业技能培训补贴项目\t\t
主管部门\t\t某市人力资源和社会保障局\t实施单位\t某市就业服务中心
项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
年度资金总额\t43.20\t43.20\t37.24\t10\t86%\t9
其中：当年财政拨款\t40.00\t40.00\t35.00\t—\t\t—
总分\t\t\t\t100\t\t94
";

fn doc(name: &str, text: &str) -> Document {
    crate::parse(name, text.to_string())
}

fn report(title: &str) -> Document {
    doc(
        "报告.txt",
        &format!("{title}\n一、基本情况\n本项目全年预算43.2万元，执行37.24万元。\n二、自评结论\n自评得分94分。\n"),
    )
}

#[test]
fn a_tab_table_titled_as_a_form_is_a_form_and_a_report_is_not() {
    assert!(is_form(&doc("表.txt", FORM)));
    assert!(!is_form(&report(
        "职业技能培训补贴项目2023年度绩效自评报告"
    )));
}

#[test]
fn a_report_with_its_form_attached_is_a_report() {
    let text = format!(
        "{}\n一、基本情况\n本项目全年预算43.2万元。\n二、自评结论\n自评得分94分。\n三、问题\n无。\n四、建议\n无。\n五、其他\n无。\n六、附件\n见附表。\n{FORM}",
        "职业技能培训补贴项目2023年度绩效自评报告"
    );
    // Half the lines are the attached form's rows: still a report.
    assert!(!is_form(&doc("报告.txt", &text)));
}

#[test]
fn the_form_states_its_project_unit_department_and_year() {
    let k = form_key(&doc("表.txt", FORM));
    assert_eq!(k.project.as_deref(), Some("职业技能培训补贴项目"));
    assert_eq!(k.unit.as_deref(), Some("某市就业服务中心"));
    assert_eq!(k.department.as_deref(), Some("某市人力资源和社会保障局"));
    assert_eq!(k.year, Some(2023));
}

#[test]
fn a_report_naming_the_project_pairs_and_says_why() {
    let k = form_key(&doc("表.txt", FORM));
    let (s, why) = pair(&report("职业技能培训补贴项目2023年度绩效自评报告"), &k).unwrap();
    assert_eq!(s, Strength::Project);
    assert!(why.contains("职业技能培训补贴项目"), "{why}");
    assert!(why.contains("2023"), "{why}");
    // Without the trailing 项目 in the title.
    assert!(pair(&report("2023年度职业技能培训补贴绩效自评报告"), &k).is_ok());
}

#[test]
fn years_that_differ_never_pair() {
    let k = form_key(&doc("表.txt", FORM));
    let e = pair(&report("职业技能培训补贴项目2022年度绩效自评报告"), &k).unwrap_err();
    assert!(e.contains("年度不同"), "{e}");
}

#[test]
fn a_report_naming_another_project_or_only_the_department_does_not_pair() {
    let k = form_key(&doc("表.txt", FORM));
    assert!(pair(&report("农村公路养护项目2023年度绩效自评报告"), &k).is_err());
    // A project form names its project: the department's own report is not its report.
    assert!(pair(
        &report("某市人力资源和社会保障局2023年度部门整体支出绩效自评报告"),
        &k
    )
    .is_err());
}

#[test]
fn a_unit_form_pairs_by_unit_and_a_department_only_when_nothing_more_specific() {
    let unit_form = doc(
        "基础数据表.txt",
        "部门整体支出绩效自评基础数据表\n单位名称\t某县教育局\t\t\n编制数\t实有人数\t控制率\t\n50\t48\t96%\t\n",
    );
    let k = form_key(&unit_form);
    assert!(is_form(&unit_form));
    assert_eq!(k.unit.as_deref(), Some("某县教育局"));
    assert_eq!(
        pair(&report("某县教育局2023年度部门整体支出绩效自评报告"), &k)
            .unwrap()
            .0,
        Strength::Unit
    );
    let dept = FormKey {
        department: Some("某县教育局".into()),
        ..Default::default()
    };
    assert_eq!(
        pair(&report("某县教育局2023年度部门整体支出绩效自评报告"), &dept)
            .unwrap()
            .0,
        Strength::Department
    );
}

#[test]
fn a_form_goes_to_the_reports_that_name_it_most_specifically() {
    let k = FormKey {
        project: None,
        unit: Some("某市就业服务中心".into()),
        department: Some("某市人力资源和社会保障局".into()),
        year: Some(2023),
    };
    let a = report("某市就业服务中心2023年度部门整体支出绩效自评报告");
    let b = report("某市就业服务中心2023年度项目支出绩效自评报告");
    let c = report("某市人力资源和社会保障局2023年度部门整体支出绩效自评报告");
    let p = pair_all(&[&a, &b, &c], &[k]);
    assert_eq!(p[0].len(), 1);
    assert_eq!(p[1].len(), 1);
    assert!(p[2].is_empty());
}

#[test]
fn years_are_read_from_a_title_line() {
    assert_eq!(year_in("（2023年度）"), Some(2023));
    assert_eq!(year_in("12023年"), None);
    assert_eq!(year_in("第3年"), None);
}

#[test]
fn a_name_too_short_to_tell_pairs_with_nothing() {
    let k = FormKey {
        project: Some("培训".into()),
        ..Default::default()
    };
    assert!(pair(&report("职业技能培训补贴项目2023年度绩效自评报告"), &k).is_err());
}

#[test]
fn a_project_named_after_its_unit_pairs_with_a_title_that_leaves_the_unit_out() {
    // The unit the form names, then a generic organisation ending.
    let named = FORM.replace(
        "项目名称\t\t职业技能培训补贴项目",
        "项目名称\t\t某市就业服务中心职业技能培训补贴项目",
    );
    let k = form_key(&doc("表.txt", &named));
    let (s, why) = pair(&report("2023年度职业技能培训补贴项目绩效自评报告"), &k).unwrap();
    assert_eq!(s, Strength::Project);
    assert!(why.contains("去掉单位或地区名称"), "{why}");
    let k = FormKey {
        project: Some("某县农业农村局高标准农田建设项目".into()),
        year: Some(2023),
        ..Default::default()
    };
    assert!(pair(&report("2023年度高标准农田建设项目绩效自评报告"), &k).is_ok());
    // What is left must still name a project: 局 + two characters is not one.
    let k = FormKey {
        project: Some("某县农业农村局培训项目".into()),
        year: Some(2023),
        ..Default::default()
    };
    assert!(pair(&report("2023年度培训项目绩效自评报告"), &k).is_err());
}

#[test]
fn a_region_before_the_project_or_a_funds_suffix_still_pairs_but_a_generic_rest_does_not() {
    let key = |p: &str| FormKey {
        project: Some(p.into()),
        year: Some(2025),
        ..Default::default()
    };
    let title = "2025年度城市供热管网维修补助项目支出绩效自评报告";
    for project in [
        "大理州城市供热管网维修补助项目",
        "2025年哈尔滨市道里区城市供热管网维修补助项目",
        "城市供热管网维修补助资金",
    ] {
        assert!(pair(&report(title), &key(project)).is_ok(), "{project}");
    }
    // What is left after 中心 is too little of the name to tell projects apart.
    let k = key("某市养老服务指导中心运营补助项目");
    assert!(pair(&report("2025年度日间照料运营补助项目支出绩效自评报告"), &k).is_err());
}
