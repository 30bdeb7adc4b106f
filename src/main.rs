//! The command line: parse arguments, call the library, map the outcome to
//! an exit code. Nothing else lives here.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use reportlint::commands::{self, CheckOptions, Format};
use reportlint::config::parse_fail_on;
use reportlint::linter::Overrides;

// Rule scripts allocate and free small values at a high rate; mimalloc
// takes ~10 % of the run off glibc malloc (bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const AFTER_HELP: &str = "\
示例：
  reportlint check 报告.txt                 检查一份报告
  reportlint check reports/                 递归检查目录下所有报告和表格（.txt/.md/.docx/.xlsx/.xls/.ods/.csv）
  reportlint check 自评表.xlsx              逐格检查自评表、基础数据表、决算表
  reportlint check 项目材料/                报告与同一目录中的自评表一并检查，并相互核对
  reportlint check --format json 报告.txt   以 JSON 输出（供其他程序读取）
  reportlint check --format sarif reports/ > reportlint.sarif
                                            SARIF 2.1.0（GitHub 代码扫描等）
  reportlint check --format github reports/ 在 GitHub Actions 中直接标注到行
  reportlint check --format html -o review.html 报告.txt
                                            生成可离线打开的审阅页
  reportlint check --fix 报告.txt           自动修正标点、百分号空格、文号括号等确定的问题
                                            （.docx 另存为 报告.fixed.docx，修改以修订记录）
  reportlint check --diff reports/          只显示 --fix 将做的修改，不写文件
  reportlint check --format concise reports/ 每个问题一行：文件:行:列: 级别[规则] 消息
  reportlint check --statistics reports/    按规则统计问题数
  reportlint check --fail-on warning --max-warnings 10 reports/
                                            警告也算失败；警告超过 10 个也失败
  reportlint baseline reports/ -o reportlint-baseline.json
  reportlint check --baseline reportlint-baseline.json reports/
                                            只报告基线之外的新问题
  reportlint facts 报告.txt                 查看抽取出的章节与数字（编写规则时用）
  reportlint explain income-total           查看某条规则的说明与修改建议
  reportlint init                           在当前目录生成带注释的 reportlint.toml
  reportlint test bureau-rules/             运行自定义规则目录中的测试用例
  reportlint annotate 报告.docx             生成带批注的副本 报告.reviewed.docx
  reportlint annotate 报告.docx --form 自评表.xlsx
                                            批注中也写出报告与自评表不一致之处

报告中的抑制指令（单独一行，必须写理由）：
  <!-- reportlint-disable-next-line income-total: 总计含代管资金，已与财政局核对 -->
  <!-- reportlint-disable number-format: 表格由系统导出 --> … <!-- reportlint-enable number-format -->

退出码：0 没有达到 fail-on 级别（默认 error）的问题，且警告数未超过 --max-warnings；
        1 有达到 fail-on 级别的问题、警告数超过上限或规则脚本出错；
        2 用法、配置、基线文件或输入错误（无法读取的文件会在 stderr 说明原因）。";

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
enum FactsFormat {
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
        format: Format,
        /// Write the output to FILE (atomically) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Report only findings not recorded in this baseline file
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
        /// Exit with 1 when a finding at or above this severity is found
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Exit with 1 when there are more warnings than this
        #[arg(long, value_name = "N")]
        max_warnings: Option<usize>,
        #[command(flatten)]
        selection: SelectionArgs,
        /// Apply the safe fixes (text reports in place; X.docx → X.fixed.docx with tracked changes), then report what is left
        #[arg(long)]
        fix: bool,
        /// Print what --fix would change as a unified diff; write nothing; exit 1 if anything would change
        #[arg(long, conflicts_with = "fix")]
        diff: bool,
        /// With --fix or --diff: apply the fixes offered only on request too
        #[arg(long)]
        unsafe_fixes: bool,
        /// Print how many findings each rule made instead of the findings
        #[arg(long)]
        statistics: bool,
    },
    /// Show what reportlint reads from a report: sections and numeric facts
    Facts {
        /// Report file (- for stdin)
        path: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value = "human")]
        format: FactsFormat,
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
        #[command(flatten)]
        selection: SelectionArgs,
        /// Add no comment for findings recorded in this baseline file
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// A form (自评表.xlsx, .docx …) to check the report against, paired as in a directory run; repeatable
        #[arg(long, value_name = "FILE")]
        form: Vec<PathBuf>,
    },
    /// Record the current findings as a baseline; `check --baseline` then reports only new ones
    Baseline {
        /// Report files or directories
        paths: Vec<PathBuf>,
        /// The baseline file to write
        #[arg(
            short,
            long,
            value_name = "FILE",
            default_value = "reportlint-baseline.json"
        )]
        output: PathBuf,
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        selection: SelectionArgs,
    },
    /// Print a shell completion script (e.g. reportlint completions bash > ~/.local/share/bash-completion/completions/reportlint)
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
}

fn color_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Which rules run, and on what family: shared by `check` and `baseline`.
#[derive(clap::Args, Clone, Default)]
struct SelectionArgs {
    /// Only these rules (ids, globs such as *-total, or category:NAME such as category:balance); repeatable or comma-separated
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules; repeatable or comma-separated
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Report family: dept-overall, project-self-eval or final-accounts (default: from the title)
    #[arg(long)]
    profile: Option<String>,
}

fn selected(r: &RuleArgs, sel: SelectionArgs) -> Overrides {
    Overrides {
        select: sel.select,
        ignore: sel.ignore,
        profile: sel.profile,
        ..overrides(r)
    }
}

fn overrides(r: &RuleArgs) -> Overrides {
    Overrides {
        rule_dirs: r.rules_dir.clone(),
        ..Default::default()
    }
}

/// A command-line mistake as one Chinese sentence with the common prefix
/// (clap's own text is English).
fn argument_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let get = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let valid = get(ContextKind::ValidValue);
    let what = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut s = format!("参数 {arg} 的值“{value}”无效");
            if !valid.is_empty() {
                s.push_str(&format!("（可用的值：{valid}）"));
            } else if let Some(src) = std::error::Error::source(e) {
                if src.to_string().contains("digit") {
                    s.push_str("（应为非负整数）");
                }
            }
            s
        }
        ErrorKind::UnknownArgument => format!("没有参数 {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("没有子命令“{}”", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数 {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少子命令（如 check、annotate、rules）".to_string()
        }
        ErrorKind::ArgumentConflict => {
            format!("参数 {arg} 不能与 {} 同时使用", get(ContextKind::PriorArg))
        }
        ErrorKind::NoEquals => format!("参数 {arg} 的值须用“=”给出"),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    format!("错误：{what}；用 `reportlint --help` 查看用法")
}

/// Transparent huge pages make the first touch of each fresh 2 MiB block
/// cost a 2 MiB clear; a run lives 15 ms and touches a few MiB, so it
/// pays for pages it never fills (bench/README.md: −2 ms per report).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and only
    // changes this process's memory policy.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    reportlint::linter::phase("start");
    no_huge_pages();
    let cli = match Cli::try_parse() {
        Ok(c) => {
            reportlint::linter::phase("arguments parsed");
            c
        }
        Err(e) if e.use_stderr() => {
            eprintln!("{}", argument_error(&e));
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::from(0);
        }
    };
    reportlint::isolation::install_panic_hook();
    let mut out = commands::TrackedOut::new(std::io::stdout().lock());
    // Not locked: the progress bar draws on stderr from worker threads.
    let mut err = std::io::stderr();
    let color = color_wanted();
    let outcome = match cli.command {
        Command::Check {
            paths,
            format,
            output,
            baseline,
            rules,
            fail_on,
            max_warnings,
            selection,
            fix,
            diff,
            unsafe_fixes,
            statistics,
        } => {
            let mut over = selected(&rules, selection);
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
                format,
                fix,
                diff,
                unsafe_fixes,
                statistics,
                config: rules.config.clone(),
                overrides: over,
                color,
                max_warnings,
                output,
                baseline,
                progress: std::io::stderr().is_terminal(),
                ..Default::default()
            };
            commands::check(&opts, &mut out, &mut err)
        }
        Command::Facts {
            path,
            format,
            rules,
            profile,
        } => {
            let mut over = overrides(&rules);
            over.profile = profile;
            let json = matches!(format, FactsFormat::Json);
            commands::facts(
                &path,
                json,
                rules.config.as_deref(),
                &over,
                &mut out,
                &mut err,
                color,
            )
        }
        Command::Rules { rules } => commands::list_rules(
            &overrides(&rules),
            rules.config.as_deref(),
            &mut out,
            &mut err,
        ),
        Command::Explain { id, rules } => commands::explain(
            &id,
            &overrides(&rules),
            rules.config.as_deref(),
            &mut out,
            &mut err,
        ),
        Command::Init { dir, force } => commands::init(&dir, force, &mut out, &mut err),
        Command::Test { dirs } => commands::test(&dirs, &mut out, &mut err),
        Command::Annotate {
            path,
            output,
            rules,
            selection,
            baseline,
            form,
        } => {
            let opts = reportlint::commands::annotate::AnnotateOptions {
                input: path,
                output,
                config: rules.config.clone(),
                overrides: selected(&rules, selection),
                baseline,
                forms: form,
            };
            reportlint::commands::annotate::annotate(&opts, &mut out, &mut err)
        }
        Command::Baseline {
            paths,
            output,
            rules,
            selection,
        } => {
            let over = selected(&rules, selection);
            let opts = CheckOptions {
                paths,
                config: rules.config.clone(),
                overrides: over,
                progress: std::io::stderr().is_terminal(),
                ..Default::default()
            };
            commands::baseline(&opts, &output, &mut out, &mut err)
        }
        Command::Completions { shell } => {
            // Generated into memory: clap_complete panics on a write error.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "reportlint", &mut script);
            let _ = out.write_all(&script);
            commands::Outcome::Clean
        }
    };
    if let Some(e) = out.finish() {
        let _ = writeln!(err, "{}", commands::write_failed_message(&e));
        return ExitCode::from(commands::Outcome::Error.code());
    }
    ExitCode::from(outcome.code())
}
