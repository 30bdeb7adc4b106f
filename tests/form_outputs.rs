//! Findings on table cells as a person and a program read them: the human
//! snippet draws the cell's row as cells with its column header, the
//! location names the cell; labels in another file (a report's paired
//! form) in every format; `annotate` on a Word form's cell and on a
//! workbook; merged cells and shown decimals of .ods workbooks.

mod common;
mod docx_fixtures;
mod xls_writer;

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
    for (c, h) in common::FUNDS_HEAD.iter().enumerate() {
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
    // The review page (what annotate points a workbook's reader to) names
    // the cell of each finding.
    let page = reportlint::render::html::render(
        std::slice::from_ref(&r),
        reportlint::render::Summary::of(std::slice::from_ref(&r), 1),
    );
    assert!(page.contains("自评表.xlsx:3:42（自评表!F3）"), "{page}");
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
        tables: reportlint::report::touched(name, &tables, &diagnostics),
        diagnostics,
        extra_sources: Vec::new(),
        locations: Vec::new(),
        suppressed: 0,
        cells: reportlint::table::cell_places(&tables),
    }
}

// ------------------------------------------------------------ labels in another file

/// A report whose 自评得分 disagrees with its paired form's 总分: the
/// finding on the report's line, a label on the form's cell (as the
/// pairing rule makes it, built here by hand).
fn paired() -> FileReport {
    let form = load_bytes("自评表.xlsx".into(), &workbook(120.0)).expect("form loads");
    let text = "某项目绩效自评报告\n一、自评结论\n经自评，本项目自评得分为95分，评价等级为优。\n";
    let at = text.find("95分").unwrap();
    let cell = form
        .tables
        .iter()
        .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
        .find(|c| c.location == "自评表!G3")
        .expect("G3");
    let mut d = reportlint::diagnostic::Diagnostic::new(
        "form-report-agree",
        reportlint::diagnostic::Severity::Error,
        "自评报告.txt",
        reportlint::document::Span::new(at, at + 2),
        "报告写自评得分 95 分，自评表写 10 分".into(),
    );
    d.labels.push(reportlint::diagnostic::Label {
        span: cell.span,
        message: "自评表的得分".into(),
        file: Some("自评表.xlsx".into()),
    });
    let mut r = report_with("自评报告.txt", text, vec![d]);
    r.extra_sources.push((
        "自评表.xlsx".into(),
        std::sync::Arc::from(form.text.as_str()),
    ));
    r.tables
        .push(("自评表.xlsx".into(), std::sync::Arc::from(form.tables)));
    r
}

#[test]
fn a_label_in_the_paired_form_is_drawn_in_its_own_file_on_its_cell() {
    let out = human(&paired());
    assert!(out.contains("┌─ 自评报告.txt:3:13\n"), "{out}");
    assert!(out.contains("┌─ 自评表.xlsx:3:"), "{out}");
    assert!(out.contains(" (自评表!G3)\n"), "{out}");
    insta::assert_snapshot!("paired-form-label", out);
}

#[test]
fn json_names_a_label_s_file_and_cell() {
    let r = paired();
    let v: serde_json::Value = serde_json::from_str(&reportlint::render::json::render(
        std::slice::from_ref(&r),
        reportlint::render::Summary::of(std::slice::from_ref(&r), 1),
    ))
    .unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["file"], "自评报告.txt");
    assert_eq!(d["line"], 3);
    assert!(d.get("cell").is_none(), "the report's line is no cell");
    let l = &d["labels"][0];
    assert_eq!(l["file"], "自评表.xlsx");
    assert_eq!(l["cell"], "自评表!G3");
    // Line and column in the form's own text (row 3 of the sheet).
    assert_eq!(l["line"], 3);
    let form_line = r.extra_sources[0].1.lines().nth(2).unwrap().to_string();
    let col = form_line
        .rfind("10")
        .map(|b| form_line[..b].chars().count() + 1);
    assert_eq!(l["column"].as_u64(), col.map(|c| c as u64));
}

#[test]
fn sarif_gives_a_label_in_another_file_its_own_artifact_and_cell_and_validates() {
    let r = paired();
    let log: serde_json::Value = serde_json::from_str(&reportlint::render::sarif::render(
        std::slice::from_ref(&r),
        &[],
    ))
    .unwrap();
    let res = &log["runs"][0]["results"][0];
    let own = &res["locations"][0];
    assert!(own["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .ends_with(".txt"));
    assert!(own.get("logicalLocations").is_none());
    let rel = &res["relatedLocations"][0];
    assert_eq!(
        rel["physicalLocation"]["artifactLocation"]["uri"],
        reportlint::render::sarif::path_uri("自评表.xlsx")
    );
    assert_eq!(rel["physicalLocation"]["region"]["startLine"], 3);
    assert_eq!(rel["logicalLocations"][0]["name"], "自评表!G3");
    assert_eq!(rel["logicalLocations"][0]["kind"], "element");

    // A finding on a workbook's own cell names it too.
    let cell = lint_bytes("自评表.xlsx", &workbook(130.0));
    let log2: serde_json::Value = serde_json::from_str(&reportlint::render::sarif::render(
        std::slice::from_ref(&cell),
        &[],
    ))
    .unwrap();
    let names: Vec<&str> = log2["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["locations"][0]["logicalLocations"][0]["name"].as_str())
        .collect();
    assert!(names.contains(&"自评表!D3"), "{names:?}");

    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/data/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    for l in [&log, &log2] {
        let errors: Vec<String> = validator.iter_errors(l).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn html_and_concise_place_a_label_in_another_file_rightly() {
    let r = paired();
    let page = reportlint::render::html::render(
        std::slice::from_ref(&r),
        reportlint::render::Summary::of(std::slice::from_ref(&r), 1),
    );
    // The label quotes the form's cell text, with the form's name and cell.
    assert!(page.contains("自评表的得分“10”（自评表.xlsx:3:"), "{page}");
    assert!(page.contains("，自评表!G3）"), "{page}");
    let concise = reportlint::render::concise::render_report(&r);
    assert_eq!(concise.lines().count(), 1);
    assert!(
        concise.starts_with("自评报告.txt:3:13: 错误[form-report-agree]"),
        "{concise}"
    );
}

// ------------------------------------------------------------ annotate

/// The text of the `w:tc` element of `xml` around byte `at`.
fn cell_around(xml: &str, at: usize) -> Option<(usize, usize, String)> {
    let open = xml[..at].rfind("<w:tc>").max(xml[..at].rfind("<w:tc "))?;
    let close = at + xml[at..].find("</w:tc>")?;
    // No cell ends between: the marker is inside this one.
    if xml[open..at].contains("</w:tc>") {
        return None;
    }
    let inner = &xml[open..close];
    let mut text = String::new();
    let mut rest = inner;
    while let Some(i) = rest.find("<w:t") {
        rest = &rest[i..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with("<w:t>") || tag.starts_with("<w:t ") || tag == "<w:t" {
            let end = rest.find("</w:t>").unwrap_or(rest.len());
            text.push_str(&rest[..end]);
        }
    }
    Some((open, close, text))
}

#[test]
fn annotate_anchors_a_word_cell_finding_on_that_cell() {
    let bytes = docx_from_text(WORD_FORM, Layout::Tables, Extras::default());
    let r = lint_bytes("自评表.docx", &bytes);
    let found: Vec<&reportlint::diagnostic::Diagnostic> = r
        .diagnostics
        .iter()
        .filter(|d| matches!(d.rule.as_str(), "fund-composition" | "execution-rate"))
        .collect();
    assert_eq!(found.len(), 2, "{:#?}", r.diagnostics);
    let out = reportlint::annotate::annotate_bytes(&bytes, &found).expect("annotates");
    assert_eq!((out.comments, out.skipped), (2, 0));
    let xml = docx_fixtures::read_entry(&out.bytes, "word/document.xml").expect("document.xml");
    let mut cells = Vec::new();
    for id in 0..50 {
        let start = format!("<w:commentRangeStart w:id=\"{id}\"/>");
        let Some(a) = xml.find(&start) else { continue };
        let end = format!("<w:commentRangeEnd w:id=\"{id}\"/>");
        let b = xml.find(&end).expect("range end");
        let reference = xml
            .find(&format!("<w:commentReference w:id=\"{id}\"/>"))
            .expect("reference");
        let (open, close, text) = cell_around(&xml, a).expect("start inside a cell");
        assert!(open < b && b < close, "the range ends in the same cell");
        assert!(
            open < reference && reference < close,
            "the mark is in the cell"
        );
        cells.push(text);
    }
    cells.sort();
    assert_eq!(cells, vec!["100%".to_string(), "130.00".to_string()]);
}

#[test]
fn annotate_refuses_a_workbook_in_one_sentence_naming_the_review_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("自评表.xlsx");
    std::fs::write(&path, workbook(130.0)).unwrap();
    let (out, err, code) = common::stdout_of(common::cli().arg("annotate").arg(&path));
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("电子表格"), "{err}");
    assert!(err.contains("--format html"), "{err}");
    assert!(
        std::fs::read_dir(dir.path()).unwrap().count() == 1,
        "nothing written"
    );
}

// ------------------------------------------------------------ .ods

/// An OpenDocument spreadsheet: `rows` of cells, each cell XML as an .ods
/// writer stores it.
fn ods(rows: &[&str]) -> Vec<u8> {
    let body: String = rows
        .iter()
        .map(|r| format!("<table:table-row>{r}</table:table-row>"))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="自评表"><table:table-column table:number-columns-repeated="5"/>{body}<table:table-row table:number-rows-repeated="1048560"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    // As office suites write it: the mimetype first and stored, the rest deflated.
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    for (name, data) in [
        ("META-INF/manifest.xml", manifest),
        ("content.xml", &content),
    ] {
        w.start_file(name, deflated).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn s(t: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
    )
}

fn f(v: &str, shown: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="float" office:value="{v}"><text:p>{shown}</text:p></table:table-cell>"#
    )
}

fn ods_form(total_exec: &str) -> Vec<u8> {
    let title = r#"<table:table-cell table:number-columns-spanned="5" table:number-rows-spanned="1" office:value-type="string"><text:p>项目支出绩效自评表</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="4"/>"#;
    let head = [
        "项目资金（万元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "执行率",
    ]
    .map(s)
    .concat();
    let rate = r#"<table:table-cell office:value-type="percentage" office:value="0.857539908426"><text:p>86%</text:p><office:annotation><text:p>复核 2.5</text:p></office:annotation></table:table-cell>"#;
    let total = [
        s("年度资金总额"),
        f("808.1", "808.10"),
        f("808.1", "808.10"),
        f(total_exec, &format!("{total_exec:0<6}")),
        rate.to_string(),
    ]
    .concat();
    // The 执行率 column of the parts is one cell merged down three rows.
    let merged = r#"<table:table-cell table:number-rows-spanned="3" office:value-type="string"><text:p>—</text:p></table:table-cell>"#;
    let covered = r#"<table:covered-table-cell/>"#;
    let part = |label: &str, budget: (&str, &str), exec: (&str, &str), last: &str| {
        [
            s(label),
            f(budget.0, budget.1),
            f(budget.0, budget.1),
            f(exec.0, exec.1),
            last.to_string(),
        ]
        .concat()
    };
    let rows = [
        title.to_string(),
        head,
        total,
        part(
            "其中：当年财政拨款",
            ("700", "700.00"),
            ("600", "600.00"),
            merged,
        ),
        part(
            "上年结转资金",
            ("108.1", "108.10"),
            ("92.98", "92.98"),
            covered,
        ),
        part("其他资金", ("0", "0.00"), ("0", "0.00"), covered),
    ];
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    ods(&refs)
}

#[test]
fn an_ods_workbook_reads_merged_cells_and_shown_decimals() {
    let src = load_bytes("自评表.ods".into(), &ods_form("692.98")).expect("ods loads");
    let t = &src.tables[0];
    assert_eq!(t.sheet, "自评表");
    assert_eq!(t.rows[0].cells[0].col_span, 5, "{:#?}", t.rows[0]);
    assert_eq!(t.rows[0].cells.len(), 1, "covered cells are not repeated");
    let total = &t.rows[2];
    assert_eq!(total.cells[1].value.unwrap().to_string(), "808.10");
    assert_eq!(total.cells[1].decimals, 2);
    let rate = &total.cells[4];
    assert_eq!(rate.location, "自评表!E3");
    assert!(rate.percent);
    assert_eq!(rate.decimals, 0, "shown as 86%, not read from the comment");
    assert!(
        src.text
            .contains("年度资金总额 | 808.10 | 808.10 | 692.98 | 86%\n"),
        "{}",
        src.text
    );
    // The parts' 执行率 cell merged down three rows.
    assert_eq!(t.rows[3].cells[4].row_span, 3);
    assert_eq!(t.rows[4].cells.len(), 4, "covered cells are not repeated");
    assert_eq!(t.rows[4].label(), "上年结转资金");
}

#[test]
fn an_ods_form_broken_is_found_on_its_cell() {
    let clean = lint_bytes("自评表.ods", &ods_form("692.98"));
    let broken = lint_bytes("自评表.ods", &ods_form("700"));
    let cells = |r: &FileReport| -> Vec<(String, Option<String>)> {
        r.diagnostics
            .iter()
            .filter(|d| d.rule == "fund-composition")
            .map(|d| {
                (
                    d.message.clone(),
                    reportlint::render::cells::cell_place(r, &d.file, d.span.start),
                )
            })
            .collect()
    };
    assert_eq!(cells(&clean), vec![]);
    let found = cells(&broken);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].1.as_deref(), Some("自评表!D3"), "{found:#?}");
}

// ------------------------------------------------------------ .xls

fn xls_form(total_exec: f64) -> Vec<u8> {
    use xls_writer::XlsCell::{Formatted as F, Number as N, Text as T};
    let head = [
        "项目资金（万元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "执行率",
    ];
    let mut cells = vec![(0, 0, T("项目支出绩效自评表"))];
    cells.extend(head.iter().enumerate().map(|(c, h)| (1, c as u16, T(h))));
    cells.extend([
        (2, 0, T("年度资金总额")),
        (2, 1, F(808.1, "0.00")),
        (2, 2, F(808.1, "#,##0.00")),
        (2, 3, F(total_exec, "0.00")),
        (2, 4, F(692.98 / 808.1, "0%")),
    ]);
    for (r, label, budget, exec) in [
        (3u16, "其中：当年财政拨款", 700.0, 600.0),
        (4, "上年结转资金", 108.1, 92.98),
        (5, "其他资金", 0.0, 0.0),
    ] {
        cells.extend([
            (r, 0, T(label)),
            (r, 1, N(budget)),
            (r, 2, N(budget)),
            (r, 3, N(exec)),
        ]);
    }
    cells.push((3, 4, T("—")));
    // The title across the five columns; the parts' 执行率 down three rows.
    xls_writer::xls("自评表", &cells, &[(0, 0, 0, 4), (3, 5, 4, 4)])
}

#[test]
fn an_xls_workbook_reads_merged_cells_and_formats_and_its_form_is_checked_on_its_cells() {
    let load = |bytes: &[u8]| {
        reportlint::source::xlsx::load_spreadsheet("自评表.xls".into(), bytes, "xls")
            .expect("xls loads")
    };
    let src = load(&xls_form(692.98));
    let t = &src.tables[0];
    assert_eq!(t.sheet, "自评表");
    assert_eq!(t.rows[0].cells[0].col_span, 5, "{:#?}", t.rows[0]);
    assert_eq!(t.rows[0].cells.len(), 1);
    assert_eq!(t.rows[3].cells[4].row_span, 3);
    assert_eq!(t.rows[4].cells.len(), 4, "covered cells are not repeated");
    // Number formats from the BIFF8 records: decimals shown, a percentage.
    let total = &t.rows[2];
    assert_eq!(total.cells[1].value.unwrap().to_string(), "808.10");
    assert_eq!(total.cells[2].decimals, 2);
    assert!(total.cells[4].percent);
    assert_eq!(total.cells[4].decimals, 0);
    // A number without a format keeps its shortest decimals.
    assert_eq!(t.rows[4].cells[1].value.unwrap().to_string(), "108.1");
    assert!(
        src.text
            .contains("年度资金总额 | 808.10 | 808.10 | 692.98 | 86%\n"),
        "{}",
        src.text
    );

    let found = |r: &FileReport| -> Vec<Option<String>> {
        r.diagnostics
            .iter()
            .filter(|d| d.rule == "fund-composition")
            .map(|d| reportlint::render::cells::cell_place(r, &d.file, d.span.start))
            .collect()
    };
    assert_eq!(found(&linter().lint(load(&xls_form(692.98)))), vec![]);
    assert_eq!(
        found(&linter().lint(load(&xls_form(700.0)))),
        vec![Some("自评表!D3".to_string())]
    );
}

#[test]
fn a_label_in_a_file_whose_text_is_not_carried_becomes_a_note() {
    let mut r = paired();
    r.extra_sources.clear();
    r.tables.retain(|(n, _)| n != "自评表.xlsx");
    let out = human(&r);
    assert!(
        out.contains("note: 另见 自评表.xlsx：自评表的得分"),
        "{out}"
    );
    assert_eq!(out.matches("┌─").count(), 1, "{out}");
}
