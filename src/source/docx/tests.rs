use super::*;

fn doc(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn text_of(body: &str) -> String {
    extract(&doc(body), &Numbering::default()).unwrap().text
}

#[test]
fn runs_tabs_and_paragraphs_become_lines() {
    let t = text_of(
        r#"<w:p><w:r><w:t>收入</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">622 万元</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p>"#,
    );
    assert_eq!(t, "收入\t622 万元\n\nA&B\n");
}

#[test]
fn tracked_deletions_and_field_instructions_are_not_text() {
    let t = text_of(
        r#"<w:p><w:ins><w:r><w:t>总计</w:t></w:r></w:ins><w:del><w:r><w:delText>751.2</w:delText></w:r></w:del><w:r><w:t>741.2</w:t></w:r>
           <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \h </w:instrText></w:r>
           <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
    );
    assert_eq!(t, "总计741.23\n");
}

#[test]
fn table_rows_are_tab_separated_lines_with_cell_locations() {
    let x = extract(
        &doc(r#"<w:p><w:r><w:t>单位：万元</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>金额</w:t></w:r></w:p></w:tc></w:tr>
           <w:tr><w:tc><w:p><w:r><w:t>公务接待费</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.22</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"#),
        &Numbering::default(),
    )
    .unwrap();
    assert_eq!(x.text, "单位：万元\n项目\t金额\t\n公务接待费\t2.22\t\n");
    let off = x.text.find("2.22").unwrap();
    let loc = super::super::location_at(&x.locations, off).unwrap();
    assert_eq!((loc.table, loc.row, loc.cell), (Some(1), Some(2), Some(2)));
    assert_eq!(loc.paragraph, 5);
}

#[test]
fn tab_stops_page_breaks_and_drawings_are_not_text() {
    let t = text_of(
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>一、</w:t></w:r><w:r><w:br w:type="page"/><w:drawing><w:t>图</w:t></w:drawing><w:t>基本情况</w:t></w:r></w:p>"#,
    );
    assert_eq!(t, "一、基本情况\n");
}

#[test]
fn two_column_rows_still_read_as_table_rows() {
    let t = text_of(
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>公务接待费</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.22</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
    );
    assert_eq!(t, "公务接待费\t2.22\t\n");
}

#[test]
fn deleted_paragraph_mark_joins_paragraphs() {
    let t = text_of(
        r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr><w:r><w:t>年初结转</w:t></w:r></w:p><w:p><w:r><w:t>和结余</w:t></w:r></w:p>"#,
    );
    assert_eq!(t, "年初结转和结余\n");
}

#[test]
fn unclosed_or_mismatched_xml_is_an_error() {
    assert!(extract("<w:document><w:body><w:p>", &Numbering::default()).is_err());
    assert!(extract(
        "<w:document><w:body></w:p></w:body></w:document>",
        &Numbering::default()
    )
    .is_err());
}
