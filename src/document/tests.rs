use super::*;

fn doc(text: &str) -> Document {
    parse("t.txt", text.to_string())
}

#[test]
fn title_spans_the_lines_before_the_first_heading() {
    let d = doc("2020年度某区人民政府办公室部门\n整体支出绩效评价报告\n一、基本情况\n正文。\n");
    assert_eq!(
        d.title,
        "2020年度某区人民政府办公室部门整体支出绩效评价报告"
    );
    assert_eq!(d.year, Some(2020));
}

#[test]
fn heading_tree_nests_by_level() {
    let d = doc("报告\n一、基本情况\n（一）概况\n1.聚焦任务。正文\n2.深化改革。正文\n二、存在的问题\n无。\n");
    let titles: Vec<_> = d
        .sections
        .iter()
        .map(|s| (s.level, s.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        vec![
            (1, "基本情况"),
            (2, "概况"),
            (3, "聚焦任务"),
            (3, "深化改革"),
            (1, "存在的问题")
        ]
    );
    assert_eq!(d.sections[2].parent, Some(1));
    assert_eq!(d.sections[1].children, vec![2, 3]);
    assert_eq!(d.sections[0].line, 2);
}

#[test]
fn section_body_ends_at_the_next_sibling() {
    let text = "报告\n一、甲\n内容甲\n二、乙\n内容乙\n";
    let d = doc(text);
    assert_eq!(d.slice(d.sections[0].body), "内容甲\n");
}

#[test]
fn hard_wrapped_lines_are_joined_into_one_paragraph() {
    let text = "报告\n一、基本情况\n本单位2020年度收支情况如下，本年收入合\n计1,205.36万元，其中财政拨款收入1,100万元，其\n他收入105.36万元，年初结转和结余20万元，总\n计1,225.36万元。单位人员编制为本年度核定的\n行政编制数量，年末实有人员共计32人，退休人员\n";
    let d = doc(text);
    assert!(d.hard_wrapped);
    let f = d
        .facts
        .iter()
        .find(|f| f.value.to_string() == "1205.36")
        .unwrap();
    assert_eq!(f.label, "本年收入合计");
    // The label span covers both pieces across the line break.
    assert_eq!(d.slice(f.label_span.unwrap()), "本年收入合\n计");
    assert_eq!(f.line, 4);
}

#[test]
fn markdown_headings_are_recognised() {
    let d = doc("# 2021年度项目支出绩效自评报告\n\n## 一、基本情况\n\n正文。\n");
    assert_eq!(d.title, "2021年度项目支出绩效自评报告");
    assert_eq!(d.sections[0].title, "基本情况");
}
