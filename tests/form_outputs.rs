//! Findings on table cells as a person and a program read them: the human
//! snippet draws the cell's row as cells with its column header, the
//! location names the cell; labels in another file (a report's paired
//! form) in every format; `annotate` on a Word form's cell and on a
//! workbook; merged cells and shown decimals of .ods workbooks.

mod common;
mod docx_fixtures;

use docx_fixtures::{docx_from_text, Extras, Layout};
use reportlint::config::Config;
use reportlint::linter::{FileReport, Linter, Overrides};
use reportlint::render::human::render_report;
use reportlint::source::load_bytes;
use rust_xlsxwriter::{Format, Workbook};

fn linter() -> Linter {
    Linter::new(&Config::default(), &Overrides::default()).expect("built-in rules")
}

/// A small 自评表 workbook: funds block (merged title), scores, 总分 in G8.
fn workbook(total: f64) -> Vec<u8> {
    let mut wb = Workbook::new();
    let two = Format::new().set_num_format("0.00");
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    ws.merge_range(0, 0, 0, 6, "项目支出绩效自评表（2024年度）", &Format::new())
        .unwrap();
    let head = [
        "项目资金（万元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_string(2, 0, "年度资金总额").unwrap();
    for (c, v) in [(1, 120.0), (2, 120.0), (3, total)] {
        ws.write_number_with_format(2, c, v, &two).unwrap();
    }
    ws.write_number(2, 4, 10).unwrap();
    ws.write_string(2, 5, "100%").unwrap();
    ws.write_number(2, 6, 10).unwrap();
    ws.write_string(3, 0, "其中：当年财政拨款").unwrap();
    for (c, v) in [(1, 100.0), (2, 100.0), (3, 100.0)] {
        ws.write_number_with_format(3, c, v, &two).unwrap();
    }
    ws.write_string(4, 0, "上年结转资金").unwrap();
    for (c, v) in [(1, 20.0), (2, 20.0), (3, 20.0)] {
        ws.write_number_with_format(4, c, v, &two).unwrap();
    }
    ws.write_string(5, 0, "其他资金").unwrap();
    for c in 1..4 {
        ws.write_number_with_format(5, c, 0.0, &two).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn lint_bytes(name: &str, bytes: &[u8]) -> FileReport {
    linter().lint(load_bytes(name.into(), bytes).expect("loads"))
}

fn human(r: &FileReport) -> String {
    String::from_utf8(render_report(r, false)).unwrap()
}

#[test]
fn a_spreadsheet_cell_finding_shows_its_row_as_cells_and_names_the_cell() {
    let r = lint_bytes("自评表.xlsx", &workbook(130.0));
    let out = human(&r);
    assert!(out.contains("┌─ 自评表.xlsx:3:42 (自评表!F3)"), "{out}");
    insta::assert_snapshot!("xlsx-cell-row", out);
}

const WORD_FORM: &str = "项目支出绩效自评表
项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
年度资金总额\t120.00\t120.00\t130.00\t10\t100%\t10
其中：当年财政拨款\t100.00\t100.00\t100.00\t—\t\t—
上年结转资金\t20.00\t20.00\t20.00\t—\t\t—
其他资金\t0\t0\t0\t—\t\t—
";

#[test]
fn a_word_table_cell_finding_shows_its_row_as_cells_under_its_header() {
    let bytes = docx_from_text(WORD_FORM, Layout::Tables, Extras::default());
    let r = lint_bytes("自评表.docx", &bytes);
    let out = human(&r);
    // The tab-separated row is drawn with ` | ` and the cell underlined.
    assert!(
        out.contains("3 │ 年度资金总额 | 120.00 | 120.00 | 130.00 | 10 | 100% | 10\n"),
        "{out}"
    );
    assert!(
        out.contains("┌─ 自评表.docx:3:32 (表 1 第 2 行第 6 列)"),
        "{out}"
    );
    insta::assert_snapshot!("word-cell-row", out);
}

#[test]
fn a_long_pasted_row_is_windowed_around_its_cell_and_header() {
    let filler: Vec<String> = (1..=14).map(|i| format!("第{i}项说明文字")).collect();
    let text = format!(
        "某项目绩效自评表\n单位：万元\n项目 | {} | 全年预算数 | 全年执行数 | 执行率\n年度资金总额 | {} | 120.00 | 90.00 | 95%\n",
        filler.join(" | "),
        vec!["—"; 14].join(" | ")
    );
    let mut d = reportlint::diagnostic::Diagnostic::new(
        "execution-score",
        reportlint::diagnostic::Severity::Error,
        "r.txt",
        span_of(&text, "95%"),
        "执行率应为 75.00%".into(),
    );
    d.labels.push(label(&text, "90.00", "全年执行数"));
    let r = report_with("r.txt", &text, vec![d]);
    let out = human(&r);
    for line in out.lines() {
        assert!(
            reportlint::render::window::display_width(line) <= 100,
            "{line}"
        );
    }
    assert!(out.contains("执行率"), "the header stays visible: {out}");
    insta::assert_snapshot!("long-pasted-row", out);
}

fn span_of(text: &str, what: &str) -> reportlint::document::Span {
    let at = text.rfind(what).expect("in text");
    reportlint::document::Span::new(at, at + what.len())
}

fn label(text: &str, what: &str, message: &str) -> reportlint::diagnostic::Label {
    reportlint::diagnostic::Label {
        span: span_of(text, what),
        message: message.into(),
        file: None,
    }
}

/// A report of `text` with hand-made diagnostics, its tables read as the
/// linter reads them.
fn report_with(
    name: &str,
    text: &str,
    diagnostics: Vec<reportlint::diagnostic::Diagnostic>,
) -> FileReport {
    let tables = reportlint::table::text::read(text);
    FileReport {
        name: name.into(),
        text: text.into(),
        tables: reportlint::render::cells::touched(name, &tables, &diagnostics),
        diagnostics,
        extra_sources: Vec::new(),
        locations: Vec::new(),
        suppressed: 0,
        cells: reportlint::table::cell_places(&tables),
    }
}
