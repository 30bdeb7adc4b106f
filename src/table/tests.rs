use rust_decimal::Decimal;

use super::grid::{format_decimals, number_cell, shortest_decimal};
use super::text::read;
use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn pasted_rows_with_pipes_become_a_table_with_unit_and_labels() {
    let text = "2015年“三公”经费情况统计表 | ||\n? | 单位:万元 | |\n项 目 | 本年预算数 | 其中:公共预算财政拨款 |\n合 计 | 34.35 | 34.35 |\n3.公务用车费 | 0 | 0 |\n注:说明文字\n";
    let t = read(text);
    assert_eq!(t.len(), 1);
    let t = &t[0];
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert!(t.title.contains("三公"));
    // The title row (one filled cell between pipes) is the table's first row.
    assert_eq!(t.rows.len(), 5);
    assert_eq!(t.rows[3].label(), "合计");
    let c = &t.rows[3].cells[1];
    assert_eq!(c.value, Some(d("34.35")));
    assert_eq!(c.decimals, 2);
    assert_eq!(&text[c.span.start..c.span.end], "34.35");
    assert_eq!(t.header_of(3, 1).as_deref(), Some("本年预算数"));
}

#[test]
fn flattened_header_without_label_column_is_matched_by_count() {
    let text = "全年预算数(A) | 全年执行数(B) | 预算执行率 | ||||\n年度资金总额: | 808.1 | 692.98 | 86% | ||||\n";
    let t = &read(text)[0];
    assert!(!t.aligned);
    assert_eq!(t.header_of(1, 1).as_deref(), Some("全年预算数(A)"));
    assert_eq!(t.header_of(1, 3).as_deref(), Some("预算执行率"));
    assert!(t.rows[1].cells[3].percent);
}

#[test]
fn tab_rows_are_an_aligned_grid() {
    let text = "项目\t\t年初预算数\t全年预算数\n\t年度资金总额\t10\t12.50\n";
    let t = &read(text)[0];
    assert!(t.aligned);
    assert_eq!(t.rows[1].label(), "年度资金总额");
    assert_eq!(t.header_of(1, 3).as_deref(), Some("全年预算数"));
    assert_eq!(t.header_of(1, 1), None);
}

#[test]
fn cell_numbers_keep_decimals_units_and_signs() {
    assert_eq!(
        cell_number("1,234.50"),
        Some((d("1234.50"), 2, false, None))
    );
    assert_eq!(cell_number("（12.00）").map(|n| n.0), Some(d("-12.00")));
    assert_eq!(cell_number("90分").map(|n| n.3), Some(Some("分".into())));
    assert!(cell_number("86％").is_some_and(|n| n.2));
    assert_eq!(cell_number("指标1"), None);
    assert_eq!(cell_number("2019年"), None);
}

#[test]
fn spreadsheet_numbers_are_the_shortest_round_trip_with_format_decimals() {
    assert_eq!(shortest_decimal(0.1 + 0.2), Some(d("0.30000000000000004")));
    assert_eq!(shortest_decimal(43.2), Some(d("43.2")));
    assert_eq!(format_decimals("#,##0.00_ "), Some((2, false)));
    assert_eq!(format_decimals("0.0%"), Some((1, true)));
    assert_eq!(format_decimals("General"), None);
    assert_eq!(format_decimals("[Red]0.000;\"负\"0"), Some((3, false)));
    let c = number_cell(43.2, Some("0.00"));
    assert_eq!((c.text.as_str(), c.decimals), ("43.20", 2));
    assert_eq!(c.value.map(|v| v.to_string()), Some("43.20".into()));
    let p = number_cell(0.862, Some("0%"));
    assert_eq!((p.text.as_str(), p.percent), ("86%", true));
    assert_eq!(p.value, Some(d("86.2")));
    let g = number_cell(251.89, None);
    assert_eq!((g.text.as_str(), g.decimals), ("251.89", 2));
}

#[test]
fn a1_names_columns_past_z() {
    assert_eq!(grid::a1(6, 2), "C7");
    assert_eq!(grid::a1(0, 26), "AA1");
}
