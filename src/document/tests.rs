use super::*;
use crate::parse;

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

#[test]
fn a_heading_behind_debris_is_still_a_heading() {
    let text = "某局2022年度部门整体支出绩效评价报告\n&nbsp;&nbsp;一、基本\u{200b}情况&nbsp;\n本局收入100万元[footnoteRef:1]。\n\u{200b}二、存在的问题\n资金支付偏慢。\n";
    let d = doc(text);
    let titles: Vec<_> = d.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, vec!["基本情况", "存在的问题"]);
    assert_eq!(d.sections[0].line, 2);
    // Offsets did not move: the text is as long as the input and the
    // debris is kept with its place, for conversion-artifact.
    assert_eq!(d.text.len(), text.len());
    assert_eq!(d.debris.len(), 6);
    assert!(!d.text.contains(';'));
    assert_eq!(
        &text[d.debris[0].span.start..d.debris[0].span.end],
        "&nbsp;"
    );
    assert_eq!(d.unmasked_text(), text);
    // The amount behind a footnote mark is read.
    assert!(d.facts.iter().any(|f| f.value.to_string() == "100"));
}

#[test]
fn contents_lines_are_not_headings_title_or_sections() {
    let text = "某局2021年度部门决算\n目  录\n第一部分 部门概况……………………1\n一、部门职责……………………1\n第二部分 情况说明……………………3\n第一部分 部门概况\n一、部门职责\n负责全县的有关工作。\n第二部分 情况说明\n收入合计20万元。\n";
    let d = doc(text);
    assert_eq!(d.title, "某局2021年度部门决算");
    let lines: Vec<_> = d.sections.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![6, 7, 9]);
    // A 目录 block without leaders ends where its first entry returns.
    let text =
        "目录\n一、基本情况\n二、存在的问题\n一、基本情况\n正文甲。\n二、存在的问题\n正文乙。\n";
    let d = doc(text);
    let lines: Vec<_> = d.sections.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![4, 6]);
}

#[test]
fn web_page_chrome_is_not_the_title() {
    let text = "首页 > 信息公开 > 财政资金\n\n政府信息公开\n\n某县民政局2023年度项目支出绩效自评报告.pdf\n发布时间：2024-05-09 来源：某县民政局 浏览次数：12\n字号：【大】【中】【小】 【打印本页】\n一、项目概况\n正文。\n";
    let d = doc(text);
    assert_eq!(d.title, "某县民政局2023年度项目支出绩效自评报告");
    assert_eq!(d.year, Some(2023));
    // The chrome lines give no facts (浏览次数 12 is not a count of the report).
    assert!(!d.facts.iter().any(|f| f.value.to_string() == "12"));
}

#[test]
fn a_metadata_table_gives_the_title() {
    let text = "| 索引号: | 1150/2025-00034 | 发布日期: | 2025-08-04 |\n| 标题: | 某区2024年决算报告 | |\n一、收入情况\n正文。\n";
    let d = doc(text);
    assert_eq!(d.title, "某区2024年决算报告");
    assert_eq!(d.slice(d.title_span), "某区2024年决算报告");
}

#[test]
fn the_year_is_not_a_meeting_or_publication_date() {
    // The delivery note of a government report holds a meeting date; the
    // body is about 2022.
    let text = "——2023年8月30日在某市第八届人民代表\n大会常务委员会第六次会议上\n某市财政局\n各位委员：\n某市2022年预算执行情况已报告。2022年市级决算草案已编制完成。2022年全市一般公共预算收入增长。与2021年相比有所增加。\n";
    let d = doc(text);
    assert_eq!(d.year, Some(2022));
    assert_ne!(d.title, "——2023年8月30日在某市第八届人民代表");
    // Publication dates of a page do not count either.
    let text = "某中心部门整体支出绩效自评报告\n发布时间：2024-03-01 来源：某中心\n一、基本情况\n2023年度收入100万元，2023年支出90万元，于2024年3月1日完成自评，2024年3月5日公开。\n";
    assert_eq!(doc(text).year, Some(2023));
}

#[test]
fn an_attachment_number_and_table_cells_are_not_the_title() {
    let d = doc("附件3\n某县2022年度项目支出绩效自评报告\n一、项目概况\n正文。\n");
    assert_eq!(d.title, "某县2022年度项目支出绩效自评报告");
    // A title pasted as the one filled cell of a table row.
    let d = doc("2016年某局“三公”经费情况统计表 | | |\n项目 | 预算数 |\n合计 | 34.35 |\n");
    assert_eq!(d.title, "2016年某局“三公”经费情况统计表");
    assert_eq!(d.year, Some(2016));
    // A page number or a row of figures is not a title.
    let d = doc("6\n心为保证日常运转发生的基本支出，如人员经费。\n");
    assert_eq!(d.title, "");
}

#[test]
fn a_text_that_breaks_off_is_told_from_a_whole_report() {
    let cut = |t: &str| doc(t).ends_cut_off();
    assert!(cut(
        "某局报告\n一、基本情况\n本局2022年度收入合计100万元，较上年"
    ));
    assert!(cut("某局报告\n一、基本情况\n正文。\n二、存在的问题\n"));
    assert!(cut("某局报告\n一、基本情况\n主要职责如下："));
    assert!(!cut("某局报告\n一、基本情况\n正文。\n"));
    assert!(!cut(
        "某局报告\n一、基本情况\n正文。\n某县农业农村局\n2023年3月15日\n"
    ));
    assert!(!cut("某局报告\n一、基本情况\n正文。\n某县农业农村局\n"));
    // A numbered last item that ends its sentence is the report's end.
    assert!(!cut(
        "某局报告\n五、有关建议\n1.加强预算管理。\n2.提高资金使用效益。\n"
    ));
    assert!(!cut("某局报告\n五、有关建议\n加强资金管理\n"));
}

#[test]
fn row_labels_of_a_table_flattened_one_cell_a_line_are_not_headings() {
    let text = "某中心2019年部门决算\n一、收入支出决算总表\n项目\n\n一、一般公共预算财政拨款收入\n\n1\n\n440.55\n\n二、其他收入\n2\n0.00\n二、情况说明\n本年收入440.55万元。\n";
    let d = doc(text);
    let titles: Vec<_> = d.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, vec!["收入支出决算总表", "情况说明"]);
}
