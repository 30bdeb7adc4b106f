//! The command line: parse arguments, call the library, map the outcome to
//! an exit code. Nothing else lives here.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use reportlint::config::parse_fail_on;
use reportlint::linter::Overrides;
use reportlint::run::{self, CheckOptions, Format};

const AFTER_HELP: &str = "\
示例：
  reportlint check 报告.txt                 检查一份报告
  reportlint check reports/                 递归检查目录下所有 .txt/.md/.docx
  reportlint check --format json 报告.txt   以 JSON 输出（供其他程序读取）
  reportlint facts 报告.txt                 查看抽取出的章节与数字（编写规则时用）
  reportlint explain income-total           查看某条规则的说明与修改建议
  reportlint init                           在当前目录生成带注释的 reportlint.toml
  reportlint test bureau-rules/             运行自定义规则目录中的测试用例
  reportlint annotate 报告.docx             生成带批注的副本 报告.reviewed.docx

退出码：0 无问题；1 有达到 fail-on 级别的问题；2 用法、配置或输入错误。";

#[derive(Parser)]
#[command(
    name = "reportlint",
    version,
    about = "检查预算绩效评价报告中的计算、结构与格式问题",
    long_about = "reportlint 像编译器一样检查部门整体支出绩效评价报告、项目支出绩效自评报告和部门决算公开说明：\n重新核算合计、占比、增减与执行率，检查必备章节、编号、披露项和格式残留，并指出具体行号。",
    after_help = AFTER_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(clap::Args, Clone, Default)]
struct RuleArgs {
    /// Additional rule directory (repeatable); its *.rhai rules run beside the built-in ones
    #[arg(long = "rules-dir", value_name = "DIR")]
    rules_dir: Vec<PathBuf>,
    /// Configuration file (default: nearest reportlint.toml upward from each report)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Lint reports (files, directories, or - for stdin)
    #[command(after_help = AFTER_HELP)]
    Check {
        /// Report files or directories; - reads standard input
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        #[command(flatten)]
        rules: RuleArgs,
        /// Exit with 1 when a finding at or above this severity is found
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Exit with 1 when there are more warnings than this
        #[arg(long, value_name = "N")]
        max_warnings: Option<usize>,
        /// Only these rules (ids, globs such as balance-*, or category:NAME); repeatable
        #[arg(long, value_name = "RULE")]
        select: Vec<String>,
        /// Skip these rules; repeatable
        #[arg(long, value_name = "RULE")]
        ignore: Vec<String>,
        /// Report family: dept-overall, project-self-eval or final-accounts (default: from the title)
        #[arg(long)]
        profile: Option<String>,
    },
    /// Show what reportlint reads from a report: sections and numeric facts
    Facts {
        /// Report file (- for stdin)
        path: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        #[command(flatten)]
        rules: RuleArgs,
        #[arg(long)]
        profile: Option<String>,
    },
    /// List the rules with their severity and summary
    Rules {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Explain a rule: what must hold, why, how to fix it, its options
    Explain {
        /// Rule id, e.g. income-total
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Write a commented reportlint.toml in a directory (default: here)
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
    /// Run rule test cases (<id>.test.toml beside each rule); no DIR = built-in rules
    Test { dirs: Vec<PathBuf> },
    /// Write a copy of a .docx with one Word comment per finding
    Annotate {
        /// The .docx report (never modified)
        path: PathBuf,
        /// Output file (default: <stem>.reviewed.docx beside the input)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
        /// Report family: dept-overall, project-self-eval or final-accounts (default: from the title)
        #[arg(long)]
        profile: Option<String>,
    },
}

fn color_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn overrides(r: &RuleArgs) -> Overrides {
    Overrides {
        rule_dirs: r.rules_dir.clone(),
        ..Default::default()
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let color = color_wanted();
    let outcome = match cli.command {
        Command::Check {
            paths,
            format,
            rules,
            fail_on,
            max_warnings,
            select,
            ignore,
            profile,
        } => {
            let mut over = overrides(&rules);
            over.select = select;
            over.ignore = ignore;
            over.profile = profile;
            over.fail_on = fail_on.map(|f| {
                let s = match f {
                    FailOn::Error => "error",
                    FailOn::Warning => "warning",
                    FailOn::Info => "info",
                    FailOn::Never => "never",
                };
                parse_fail_on(s).unwrap_or(None)
            });
            let opts = CheckOptions {
                paths,
                format: match format {
                    OutputFormat::Human => Format::Human,
                    OutputFormat::Json => Format::Json,
                },
                config: rules.config.clone(),
                overrides: over,
                color,
                max_warnings,
            };
            run::check(&opts, &mut out, &mut err)
        }
        Command::Facts {
            path,
            format,
            rules,
            profile,
        } => {
            let mut over = overrides(&rules);
            over.profile = profile;
            let json = matches!(format, OutputFormat::Json);
            run::facts(
                &path,
                json,
                rules.config.as_deref(),
                &over,
                &mut out,
                &mut err,
                color,
            )
        }
        Command::Rules { rules } => run::list_rules(
            &overrides(&rules),
            rules.config.as_deref(),
            &mut out,
            &mut err,
        ),
        Command::Explain { id, rules } => run::explain(&id, &overrides(&rules), &mut out, &mut err),
        Command::Init { dir, force } => run::init(&dir, force, &mut out, &mut err),
        Command::Test { dirs } => run::test(&dirs, &mut out, &mut err),
        Command::Annotate {
            path,
            output,
            rules,
            profile,
        } => {
            let mut over = overrides(&rules);
            over.profile = profile;
            reportlint::annotate::annotate(
                &path,
                output.as_deref(),
                rules.config.as_deref(),
                &over,
                &mut out,
                &mut err,
            )
        }
    };
    ExitCode::from(outcome.code())
}
