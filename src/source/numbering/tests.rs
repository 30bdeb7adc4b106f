use super::*;

#[test]
fn chinese_counting_matches_word() {
    assert_eq!(format_number(1, "chineseCounting"), "一");
    assert_eq!(format_number(10, "chineseCounting"), "十");
    assert_eq!(format_number(13, "chineseCounting"), "十三");
    assert_eq!(format_number(20, "chineseCountingThousand"), "二十");
    assert_eq!(format_number(101, "chineseCountingThousand"), "一百〇一");
    assert_eq!(format_number(110, "chineseCountingThousand"), "一百一十");
    assert_eq!(format_number(101, "chineseCounting"), "一〇一");
    assert_eq!(format_number(4, "decimalFullWidth"), "４");
    assert_eq!(format_number(3, "ideographTraditional"), "丙");
    assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
}

#[test]
fn hostile_values_format_without_panicking() {
    for v in [i64::MIN, -12, 0, 1_000_000_000_000, i64::MAX] {
        for f in [
            "chineseCounting",
            "chineseCountingThousand",
            "ideographDigital",
            "decimalFullWidth",
            "lowerLetter",
            "upperRoman",
            "ideographTraditional",
            "decimalEnclosedCircle",
            "chineseLegalSimplified",
        ] {
            assert!(format_number(v, f).len() < 64, "{v} {f}");
        }
    }
    let xml = NUMBERING
        .replace(r#"<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>"#,
                 r#"<w:start w:val="9223372036854775807"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="%1、"/>"#)
        .replace(r#"<w:startOverride w:val="4"/>"#, r#"<w:startOverride w:val="-9223372036854775808"/>"#);
    let n = Numbering::parse(Some(&xml), None).unwrap();
    let mut c = Counters::default();
    for _ in 0..3 {
        assert!(n.next_marker(&mut c, "1", 0).is_some());
        assert!(n.next_marker(&mut c, "2", 2).is_some());
    }
}

const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:pStyle w:val="H1"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="0"/>
    <w:lvlOverride w:ilvl="2"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
</w:numbering>"#;
const STYLES: &str = r#"<w:styles xmlns:w="w">
  <w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="H1x"><w:basedOn w:val="H1"/></w:style>
</w:styles>"#;

#[test]
fn counters_reset_below_and_restart_on_override() {
    let n = Numbering::parse(Some(NUMBERING), Some(STYLES)).unwrap();
    let mut c = Counters::default();
    let mut next = |style: Option<&str>, num: Option<&str>, lvl: Option<usize>| {
        let (id, l) = n.resolve(style, num, lvl)?;
        n.next_marker(&mut c, &id, l)
    };
    assert_eq!(next(Some("H1"), None, None).as_deref(), Some("一、"));
    assert_eq!(next(None, Some("1"), Some(1)).as_deref(), Some("（一）"));
    assert_eq!(next(None, Some("1"), Some(2)).as_deref(), Some("1."));
    assert_eq!(next(None, Some("1"), Some(2)).as_deref(), Some("2."));
    assert_eq!(next(None, Some("1"), Some(1)).as_deref(), Some("（二）"));
    assert_eq!(next(None, Some("1"), Some(2)).as_deref(), Some("1."));
    assert_eq!(next(None, Some("2"), Some(2)).as_deref(), Some("4."));
    assert_eq!(next(Some("H1x"), None, None).as_deref(), Some("二、"));
    assert_eq!(next(None, Some("1"), Some(1)).as_deref(), Some("（一）"));
    assert_eq!(next(None, Some("0"), Some(1)), None);
}
