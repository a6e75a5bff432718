//! The command line's help in the user's language, with examples.
//!
//! The English texts are the doc comments of `Cli` and `Command` in `mod.rs`
//! (clap reads them). Everything else is in [`HELP`], one entry per
//! subcommand: its description and its arguments' help in Chinese, and its
//! examples in both languages. **A new subcommand adds its entry to [`HELP`]**
//! (a test fails until it has one, with a Chinese text for every argument and
//! at least one example); nothing else is needed. With `--lang zh`, or
//! `LC_ALL` / `LANG` set to `zh_*`, `rubric --help` and `rubric <command>
//! --help` are then in Chinese, headings and flags included.

use clap::{Arg, ArgAction, Command};

use crate::base::i18n::{lang, Lang};

/// One subcommand's help in Chinese, and its examples.
pub(super) struct Help {
    /// The subcommand as typed: `eval`.
    pub name: &'static str,
    /// What it does, in Chinese (one line, as the English doc comment).
    pub about: &'static str,
    /// Each argument's help in Chinese, by its id (the field's name in `Command`).
    pub args: &'static [(&'static str, &'static str)],
    /// Examples: the command line, then what it does in English and in Chinese.
    pub examples: &'static [(&'static str, &'static str, &'static str)],
    /// Its own subcommands (`access add`), each with its entry.
    pub subcommands: &'static [Help],
}

/// The whole program's description, and `--lang`'s help, in Chinese.
const ABOUT_ZH: &str = "评分表（评分细则）的声明式语言及其精确小数解释器：计分、逐项说明、审核自评";
const LANG_ZH: &str = "消息和报表的语言：zh 或 en（默认按 LC_ALL / LANG，zh_* 为中文）";

/// Every subcommand's Chinese help and examples (see the module's doc).
pub(super) const HELP: &[Help] = &[
    Help {
        name: "check",
        about: "检查评分表文件：一次列出全部问题，并指明位置",
        args: &[("rubrics", "评分表文件")],
        examples: &[(
            "rubric check rubrics/lezhi-2022-performance-management.rubric",
            "check one rubric",
            "检查一份评分表",
        )],
        subcommands: &[],
    },
    Help {
        name: "eval",
        about: "按评分表为数据文件计分，并审核单位自评",
        args: &[
            ("rubric", "评分表文件"),
            (
                "data",
                "数据文件（TOML、JSON 或 YAML）、表格（.xlsx、.csv：每行一个单位）或其所在文件夹；多个单位时并排比较",
            ),
            ("format", "输出格式：table（终端表格）、json（JSON，小数写成字符串）或 markdown"),
            ("strict", "只有自评分、无法核实的指标按错误处理"),
        ],
        examples: &[
            (
                "rubric eval rubrics/lezhi-2022-performance-management.rubric 盛池镇.toml",
                "score one unit and audit its self-assessment",
                "为一个单位计分并审核其自评",
            ),
            (
                "rubric eval rubrics/finance-indicators.rubric rubrics/data/finance-indicators/ --format markdown",
                "score a folder of units, as Markdown",
                "为一个文件夹中的各单位计分，输出 Markdown",
            ),
        ],
        subcommands: &[],
    },
    Help {
        name: "test",
        about: "运行评分表自带的示例用例（保存在同目录的 `<名称>.tests/` 中）",
        args: &[("rubrics", "评分表文件"), ("accept", "记录新的或变化了的结果（先显示出来）")],
        examples: &[(
            "rubric test rubrics/lezhi-2022-performance-management.rubric",
            "run the rubric's own cases",
            "运行评分表自带的用例",
        )],
        subcommands: &[],
    },
    Help {
        name: "diff",
        about: "比较评分表的两个版本有何不同，以及对各单位的影响",
        args: &[
            ("old", "旧版评分表"),
            ("new", "新版评分表"),
            ("data", "数据文件或文件夹：列出每个单位新旧两版的总分和等级"),
            ("format", "输出格式：table（终端表格）、json（JSON，小数写成字符串）或 markdown"),
        ],
        examples: &[(
            "rubric diff 2022.rubric 2024.rubric --data rubrics/data/lezhi-2022-performance-management/",
            "what the new version changes, and for whom",
            "新版改了什么，对哪些单位有影响",
        )],
        subcommands: &[],
    },
    Help {
        name: "fmt",
        about: "按唯一的规范格式排版评分表（保留注释和关键字语言）",
        args: &[("rubrics", "评分表文件"), ("check", "只报告未排版的文件，不做修改")],
        examples: &[(
            "rubric fmt --check rubrics/*.rubric",
            "list the rubrics not laid out",
            "列出未按规范排版的评分表",
        )],
        subcommands: &[],
    },
    Help {
        name: "template",
        about: "生成单位填写用的空白数据文件（或 .xlsx 表格，每行一个单位）",
        args: &[
            ("rubric", "评分表文件"),
            ("format", "数据格式：toml、json、yaml 或 xlsx（默认按 --out 文件的扩展名，否则为 toml）"),
            ("out", "写入此文件而不是标准输出（xlsx 必须指定）"),
        ],
        examples: &[
            (
                "rubric template rubrics/lezhi-2022-performance-management.rubric > 空白数据.toml",
                "the blank data file a unit fills in",
                "生成单位填写的空白数据文件",
            ),
            (
                "rubric template rubrics/lezhi-2022-performance-management.rubric --out 填报模板.xlsx",
                "the spreadsheet to send out, one unit per row",
                "生成下发的填报表格，每行一个单位",
            ),
        ],
        subcommands: &[],
    },
    Help {
        name: "batch",
        about: "一次为全县计分：文件夹、数据文件和表格，并行处理",
        args: &[
            ("rubric", "评分表文件"),
            ("inputs", "数据文件所在文件夹、数据文件，以及每行一个单位的表格（.xlsx、.csv）"),
            (
                "out",
                "结果写入此文件，按扩展名：.xlsx、.html、.csv、.json 或 .md（可重复）；不指定时以 Markdown 输出汇总",
            ),
            ("threads", "工作线程数（默认每核一个）"),
            ("details", "最多详细列出这么多个单位（每个单位一页或一节）；汇总始终包含全部单位"),
            ("strict", "只有自评分、无法核实的指标按错误处理"),
        ],
        examples: &[(
            "rubric batch rubrics/lezhi-2022-performance-management.rubric 各镇数据/ --out 汇总.xlsx",
            "score every unit of a folder into a workbook",
            "为文件夹中的全部单位计分，写入 Excel 工作簿",
        )],
        subcommands: &[],
    },
    Help {
        name: "generate",
        about: "为评分表生成 N 个合理的模拟单位数据文件（用于演示、测试和性能测试）",
        args: &[
            ("rubric", "评分表文件"),
            ("n", "单位个数"),
            ("seed", "随机种子：评分表、N 和种子相同，生成的文件就相同"),
            ("out_dir", "写入的文件夹（不存在时创建），或一个 .csv、.xlsx 文件：每行一个单位的表格"),
        ],
        examples: &[(
            "rubric generate rubrics/lezhi-2022-performance-management.rubric 300 --out /tmp/county",
            "300 plausible units in a folder",
            "在文件夹中生成 300 个模拟单位",
        )],
        subcommands: &[],
    },
    Help {
        name: "lsp",
        about:
            "为编辑器运行语言服务器（stdio 上的 JSON-RPC）：边写边检查、悬停说明、补全、重命名、大纲、格式化、快速修复",
        args: &[("stdio", "通过标准输入输出通信（唯一的传输方式；编辑器会自动加上）")],
        examples: &[(
            "rubric lsp --stdio",
            "what VS Code runs (editors/vscode starts it for you)",
            "VS Code 运行的命令（editors/vscode 扩展会自动启动）",
        )],
        subcommands: &[],
    },
    Help {
        name: "serve",
        about: "在浏览器中为全县服务：乡镇填报数据并即时看到得分，财政局汇总、审核、排名",
        args: &[
            ("rubrics", "评分表文件，或包含评分表的文件夹（其中每个 .rubric 文件）"),
            ("db", "数据库文件（不存在时创建；启动时自动升级）"),
            ("addr", "监听地址"),
        ],
        examples: &[(
            "rubric serve rubrics/",
            "serve every rubric in rubrics/ at http://127.0.0.1:7878",
            "在 http://127.0.0.1:7878 提供 rubrics/ 中的全部评分表",
        )],
        subcommands: &[],
    },
    Help {
        name: "access",
        about: "生成、列出、收回单位和财政局的专属链接",
        args: &[],
        examples: &[(
            "rubric access add --db rubric.db --unit 乐至县盛池镇人民政府",
            "a personal link for one township",
            "为一个乡镇生成专属链接",
        )],
        subcommands: &[
            Help {
                name: "add",
                about: "生成专属链接：每项一行，依次为名称、令牌、链接（以制表符分隔）",
                args: &[
                    ("db", "数据库文件"),
                    ("unit", "单位名称（与数据中 [unit] name 一致）：只能查看和提交本单位的数据"),
                    ("bureau", "财政局工作人员：可查看全部单位的数据、审核、导出"),
                    ("base_url", "单位访问本系统的地址，用于生成链接"),
                ],
                examples: &[(
                    "rubric access add --db rubric.db --bureau 张科长",
                    "a personal link for someone at the bureau",
                    "为财政局工作人员生成专属链接",
                )],
                subcommands: &[],
            },
            Help {
                name: "list",
                about: "列出全部授权（令牌不保存，因此不显示）",
                args: &[("db", "数据库文件")],
                examples: &[("rubric access list --db rubric.db", "who may use the desk", "列出可以使用本系统的人")],
                subcommands: &[],
            },
            Help {
                name: "revoke",
                about: "收回某个名称的全部授权：其链接失效，已登录的浏览器被注销",
                args: &[("db", "数据库文件"), ("name", "单位或人员的名称")],
                examples: &[(
                    "rubric access revoke --db rubric.db 乐至县盛池镇人民政府",
                    "the township's links stop working",
                    "该乡镇的链接失效",
                )],
                subcommands: &[],
            },
        ],
    },
    Help {
        name: "backup",
        about: "用 SQLite 的在线备份复制数据库（rubric serve 运行时也安全）",
        args: &[("db", "数据库文件"), ("out", "写入的副本（已存在则在复制完成后替换）")],
        examples: &[(
            "rubric backup --db rubric.db 备份/rubric-2024-01-31.db",
            "a consistent copy while the desk runs",
            "在系统运行时得到一份一致的副本",
        )],
        subcommands: &[],
    },
];

/// The language asked for on the command line (`--lang zh`, `--lang=en`),
/// read before clap parses it, so that `--help` is in that language.
pub(super) fn lang_in_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(value) = word.strip_prefix("--lang=") {
            return Lang::parse(value);
        }
        if word == "--lang" {
            return words.next().and_then(Lang::parse);
        }
    }
    None
}

/// The command line with its help in the thread's language, and every
/// subcommand's examples.
pub(super) fn localized(cmd: Command) -> Command {
    let zh = lang() == Lang::Zh;
    let mut cmd = if zh { in_chinese(cmd, ABOUT_ZH).mut_arg("lang", |a| chinese_arg(a, LANG_ZH)) } else { cmd };
    cmd = with_entries(cmd, HELP, zh);
    if zh {
        cmd = cmd.disable_help_subcommand(true).subcommand(
            Command::new("help").about("显示本帮助，或某个子命令的帮助").arg(Arg::new("command").num_args(0..)),
        );
    }
    cmd
}

/// `cmd`'s subcommands with their entries: examples, and in Chinese their
/// descriptions and arguments; their own subcommands likewise.
fn with_entries(mut cmd: Command, entries: &'static [Help], zh: bool) -> Command {
    for help in entries {
        cmd = cmd.mut_subcommand(help.name, |sub| {
            let sub = with_entries(sub.after_help(examples(help, zh)), help.subcommands, zh);
            if !zh {
                return sub;
            }
            let sub = in_chinese(sub.about(help.about), help.about);
            help.args.iter().fold(sub, |sub, (id, text)| sub.mut_arg(*id, |a| chinese_arg(a, text)))
        });
    }
    cmd
}

/// A subcommand's examples under a heading, one line each: the command, then what it does.
fn examples(help: &Help, zh: bool) -> String {
    let mut out = String::from(if zh { "示例:" } else { "Examples:" });
    for (line, en, cn) in help.examples {
        out.push_str(&format!("\n  {line}\n      {}", if zh { cn } else { en }));
    }
    out
}

/// Chinese headings, usage line and `-h` / `-V` flags for one command.
fn in_chinese(cmd: Command, about: &'static str) -> Command {
    let has_version = cmd.get_version().is_some();
    let mut template = String::from("{about-with-newline}\n用法: {usage}\n");
    if cmd.has_subcommands() {
        template.push_str("\n命令:\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        template.push_str("\n参数:\n{positionals}\n");
    }
    template.push_str("\n选项:\n{options}{after-help}");
    let cmd = cmd
        .about(about)
        .long_about(None)
        .help_template(template)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助"));
    if has_version {
        cmd.disable_version_flag(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本号"))
    } else {
        cmd
    }
}

/// An argument's help in Chinese; a closed list of values is named in the text.
fn chinese_arg(arg: Arg, text: &'static str) -> Arg {
    let default: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    let text = match default.as_slice() {
        [] => text.to_string(),
        values => format!("{text}（默认：{}）", values.join("、")),
    };
    let arg = arg.help(text).long_help(None);
    if arg.get_action().takes_values() {
        arg.hide_possible_values(true).hide_default_value(true)
    } else {
        arg
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every subcommand has its entry, with a Chinese text for each of its
    /// arguments and an example: a new subcommand fails here until it does.
    /// Every subcommand's entry is there, its own subcommands' too.
    fn entries_cover(cmd: &Command, entries: &[Help]) {
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            let Some(help) = entries.iter().find(|h| h.name == name) else {
                panic!("`{name}` has no entry in cli::help::HELP")
            };
            assert!(!help.examples.is_empty(), "{name}: no example");
            for arg in sub.get_arguments().filter(|a| !matches!(a.get_id().as_str(), "help" | "version" | "lang")) {
                let id = arg.get_id().as_str();
                assert!(help.args.iter().any(|(a, _)| *a == id), "{name}: no Chinese help for `{id}`");
            }
            for (id, _) in help.args {
                assert!(sub.get_arguments().any(|a| a.get_id() == *id), "{name}: no argument `{id}`");
            }
            entries_cover(sub, help.subcommands);
        }
    }

    #[test]
    fn every_subcommand_has_chinese_help_and_an_example() {
        entries_cover(&super::super::Cli::command(), HELP);
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |words: &[&str]| words.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_in_args(&args(&["rubric", "--lang", "zh", "eval", "--help"])), Some(Lang::Zh));
        assert_eq!(lang_in_args(&args(&["rubric", "eval", "--help", "--lang=en"])), Some(Lang::En));
        assert_eq!(lang_in_args(&args(&["rubric", "eval", "--", "--lang", "zh"])), None);
        assert_eq!(lang_in_args(&args(&["rubric", "check", "a.rubric"])), None);
    }
}
