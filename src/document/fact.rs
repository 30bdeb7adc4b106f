//! A figure of the report, as the model holds it. Reading figures from
//! text is [`crate::facts`]' work; binding them into statements is
//! [`crate::reading`]'s.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Span;

/// What kind of figure a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// Money: 元, 万元, 亿元.
    Amount,
    /// A percentage (`%`, `％`); never 个百分点.
    Percent,
    /// A count with a classifier: 人, 件, 个, 次 …
    Count,
    /// Points of a score: 95分.
    Score,
    /// A year: 2020年.
    Year,
    /// A change against another period: 增加5万元, 下降3%, 提高2个百分点.
    Change,
}

impl FactKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            FactKind::Amount => "amount",
            FactKind::Percent => "percent",
            FactKind::Count => "count",
            FactKind::Score => "score",
            FactKind::Year => "year",
            FactKind::Change => "change",
        }
    }
}

/// One figure of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub kind: FactKind,
    /// The value in its written unit (622 for 622万元; 92.1 for 92.1%).
    pub value: Decimal,
    /// Digits after the decimal point as written.
    pub decimals: u32,
    /// 元 / 万元 / 亿元 / % / 个百分点 / 分 / 年, or a classifier (人, 件 …).
    pub unit: String,
    /// For amounts (and amount changes): the value in 元.
    pub yuan: Option<Decimal>,
    /// The phrase the figure belongs to, filler and year prefix removed.
    pub label: String,
    /// The label as the one normaliser reads it ([`label::core`]): what it
    /// names, for comparing labels without recomputing it per query.
    #[serde(skip)]
    pub core: String,
    pub label_span: Option<Span>,
    /// The figure with its unit, as written.
    pub span: Span,
    pub text: String,
    /// 约, 余, 多: the figure is approximate.
    pub approx: bool,
    pub fullwidth: bool,
    pub mixed_width: bool,
    /// For an amount: index of the percentage that follows as its share (占Y%).
    pub share: Option<usize>,
    /// For a percentage written 占X的Y%: the whole X.
    pub whole: Option<String>,
    /// For a change: +1 增加/增长, −1 减少/下降, 0 none stated.
    pub direction: i32,
    /// The direction word as written (增加, 下降 …).
    pub direction_word: String,
    /// For a change: the year compared with (2019 in 与2019年相比; the
    /// report's year − 1 for 上年/同比).
    pub base_year: Option<i32>,
    /// For a change: the comparison phrase as written (与2019年相比, 同比 …).
    pub base: String,
    /// For a change: the fact it describes (the nearest figure before it).
    pub subject: Option<usize>,
    /// For a table cell: the column header.
    pub column: Option<String>,
    pub paragraph: usize,
    pub section: Option<usize>,
    pub sentence: Span,
    pub line: usize,
}

impl Fact {
    pub fn kind_str(&self) -> &'static str {
        self.kind.as_str()
    }
}
