//! Malformed configs through the real binary: `veille check --config FILE` must exit 78
//! (EX_CONFIG) and print `FILE:LINE:COL: message` naming the offending spot, and never
//! panic. The config module's unit tests check the parser; this checks what a user (or a
//! provisioning script reading the exit code) actually gets.

use std::process::Command;

struct Case {
    name: &'static str,
    config: &'static str,
    /// "LINE:COL" of the offending spot.
    at: &'static str,
    /// A piece of the message that says what is wrong.
    says: &'static str,
}

const FEED: &str = "[[feeds]]\nurl = \"https://press.example/feed.xml\"\n";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "wrong type: string for an integer",
            config: "[daemon]\nconcurrency = \"eight\"\n",
            at: "2:15",
            says: "invalid type",
        },
        Case {
            name: "wrong type: number for a URL",
            config: "[[feeds]]\nurl = 42\n",
            at: "2:7",
            says: "invalid type",
        },
        Case {
            name: "wrong type: string for a boolean",
            config: "[alerts]\ndesktop = \"yes\"\n",
            at: "2:11",
            says: "invalid type",
        },
        Case {
            name: "wrong type: table instead of an array of tables",
            config: "[brands]\nname = \"Inwi\"\n",
            at: "1:1",
            says: "invalid type",
        },
        Case {
            name: "unknown key in a feed",
            config: "[[feeds]]\nurl = \"https://press.example/a.xml\"\nintervall = \"5m\"\n",
            at: "3:1",
            says: "unknown field `intervall`",
        },
        Case {
            name: "unknown section",
            config: "[deamon]\ninterval = \"5m\"\n",
            at: "1:2",
            says: "unknown field `deamon`",
        },
        Case {
            name: "unknown key in [storage]",
            config: "[storage]\nretention = \"365d\"\n",
            at: "2:1",
            says: "unknown field `retention`",
        },
        Case {
            name: "TOML syntax: unclosed table header",
            config: "[[brands]\nname = \"X\"\n",
            at: "1:10",
            says: "expected `]`",
        },
        Case {
            name: "TOML syntax: key defined twice",
            config: "[daemon]\ninterval = \"5m\"\ninterval = \"6m\"\n",
            at: "3:1",
            says: "duplicate key",
        },
        Case {
            name: "bad regex",
            config: "[[brands]]\nname = \"X\"\nregex = [\"(unclosed\"]\n",
            at: "3:",
            says: "regex",
        },
        Case {
            name: "bad query syntax: unbalanced parenthesis",
            config: "[[brands]]\nname = \"Inwi\"\nquery = \"inwi AND (panne OR coupure\"\n",
            at: "3:",
            says: "query",
        },
        Case {
            name: "bad URL: unsupported scheme",
            config: "[[feeds]]\nurl = \"ftp://press.example/a.xml\"\n",
            at: "2:8",
            says: "unsupported scheme",
        },
        Case {
            name: "bad URL: no host",
            config: "[[feeds]]\nurl = \"http://\"\n",
            at: "2:8",
            says: "invalid feed URL",
        },
        Case {
            name: "bad URL: space in the host",
            config: "[[feeds]]\nurl = \"https://press example/a.xml\"\n",
            at: "2:8",
            says: "invalid feed URL",
        },
        Case {
            name: "bad URL: relative file URL",
            config: "[[feeds]]\nurl = \"file://feeds/a.xml\"\n",
            at: "2:8",
            says: "absolute path",
        },
        Case {
            name: "feed listed twice",
            config: "[[feeds]]\nurl = \"https://press.example/a.xml\"\n[[feeds]]\nurl = \"https://press.example/a.xml\"\n",
            at: "4:7",
            says: "listed twice",
        },
        Case {
            name: "duplicate brand names (case-insensitive)",
            config: "[[brands]]\nname = \"Inwi\"\n[[brands]]\nname = \"INWI\"\n",
            at: "4:8",
            says: "defined twice",
        },
        Case {
            name: "empty brand name",
            config: "[[brands]]\nname = \"  \"\n",
            at: "2:8",
            says: "must not be empty",
        },
        Case {
            name: "brand lexicon: weight out of range",
            config: "[[brands]]\nname = \"Inwi\"\nlexicon = [\n  { term = \"coupure\", weight = 20 },\n]\n",
            at: "4:12",
            says: "between -10 and 10",
        },
        Case {
            // Regression: an unknown language was caught only when the scorer
            // was built, and reported at 1:1 instead of at the entry.
            name: "brand lexicon: unknown language points at it",
            config: "[[brands]]\nname = \"Inwi\"\nlexicon = [\n  { term = \"coupure\", weight = -2, lang = \"de\" },\n]\n",
            at: "4:43",
            says: "lexicon language \"de\" for \"coupure\" is not one of fr, en, ar, ary, ary-latn",
        },
        Case {
            name: "shared lexicon: unknown language",
            config: "[scoring]\nlexicon = [{ term = \"top\", weight = 2, lang = \"darija\" }]\n",
            at: "2:47",
            says: "is not one of",
        },
        Case {
            // Regression: a language veille never detects was accepted, and
            // the brand then matched no document at all.
            name: "brand langs: a language veille never detects",
            config: "[[brands]]\nname = \"Inwi\"\nlangs = [\"fr\", \"francais\"]\n",
            at: "3:17",
            says: "langs: \"francais\" is not a language veille detects (fr, en, ar, ary, ary-latn, und)",
        },
        Case {
            name: "brand exclude_langs: unknown language",
            config: "[[brands]]\nname = \"Inwi\"\nexclude_langs = [\"darija\"]\n",
            at: "3:19",
            says: "exclude_langs: \"darija\"",
        },
        Case {
            name: "impossible interval: under a minute",
            config: "[daemon]\ninterval = \"10s\"\n",
            at: "2:1",
            says: "too short",
        },
        Case {
            name: "impossible interval: zero",
            config: "[daemon]\ninterval = \"0s\"\n",
            at: "2:1",
            says: "too short",
        },
        Case {
            name: "impossible interval: a remote feed every 5 seconds",
            config: "[[feeds]]\nurl = \"https://press.example/a.xml\"\ninterval = \"5s\"\n",
            at: "2:7",
            says: "too short (minimum \"1m\")",
        },
        Case {
            name: "impossible interval: a loopback feed every 0 s",
            config: "[[feeds]]\nurl = \"http://127.0.0.1:8080/a.xml\"\ninterval = \"0s\"\n",
            at: "2:7",
            says: "too short (minimum \"1s\")",
        },
        Case {
            name: "bad duration: unknown unit",
            config: "[daemon]\ntimeout = \"5 fortnights\"\n",
            at: "2:11",
            says: "duration",
        },
        Case {
            name: "bad duration: negative",
            config: "[alerts]\ncooldown = \"-6h\"\n",
            at: "2:12",
            says: "duration",
        },
        Case {
            name: "bad duration: retention",
            config: "[storage]\nkeep = \"forever\"\n",
            at: "2:8",
            says: "duration",
        },
        Case {
            name: "impossible retention: shorter than detection's memory",
            config: "[storage]\nkeep = \"30d\"\n",
            at: "2:1",
            says: "too short",
        },
        Case {
            name: "bad time zone",
            config: "[daemon]\ntimezone = \"Mars/Olympus\"\n",
            at: "2:12",
            says: "time zone",
        },
        Case {
            name: "bad size: no number",
            config: "[daemon]\nmax_body = \"lots\"\n",
            at: "2:12",
            says: "invalid size",
        },
        Case {
            name: "bad size: unknown unit",
            config: "[daemon]\nmax_body = \"10 parsecs\"\n",
            at: "2:12",
            says: "unknown unit",
        },
        Case {
            name: "bad size: overflow",
            config: "[daemon]\nmax_body = \"99999999999999GB\"\n",
            at: "2:12",
            says: "too large",
        },
        Case {
            name: "concurrency out of range",
            config: "[daemon]\nconcurrency = 0\n",
            at: "2:15",
            says: "between 1 and 1024",
        },
        Case {
            name: "negative feed weight",
            config: "[[feeds]]\nurl = \"https://press.example/a.xml\"\nweight = -1.0\n",
            at: "3:10",
            says: "weight",
        },
        Case {
            name: "ARL below the floor",
            config: "[alerts]\narl = 2.0\n",
            at: "2:7",
            says: "at least 10",
        },
        Case {
            name: "unknown alert language",
            config: "[alerts]\nlanguage = \"de\"\n",
            at: "2:13",
            says: "\"fr\" or \"en\"",
        },
        Case {
            name: "error after valid sections keeps its line",
            config: "# a comment\n\n[daemon]\ninterval = \"15m\"\n\n[[feeds]]\nurl = \"https://a.example/x.xml\"\n\n[[brands]]\nname = \"Inwi\"\naliases = [\"inwi\", 7]\n",
            at: "11:20",
            says: "invalid type",
        },
        Case {
            name: "non-ASCII before the error: column counts characters",
            config: "[[brands]]\nname = \"Inwi\"\n[[brands]]\nname = \"إنوي\"\nexclude = 3\n",
            at: "5:11",
            says: "invalid type",
        },
    ]
}

fn veille_check(config: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_veille"))
        .arg("check")
        .arg("--config")
        .arg(config)
        .output()
        .unwrap()
}

#[test]
fn every_malformed_config_exits_78_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, c) in cases().iter().enumerate() {
        let path = dir.path().join(format!("case{i}.toml"));
        // Feeds are required by nothing, but most real configs have one: put one first
        // when the case does not start with its own, and shift the expected line.
        let (text, shift) = if c.config.starts_with("[daemon]")
            || c.config.starts_with("[alerts]")
            || c.config.starts_with("[storage]")
        {
            (format!("{FEED}{}", c.config), 2)
        } else {
            (c.config.to_string(), 0)
        };
        std::fs::write(&path, &text).unwrap();
        let out = veille_check(&path);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let (line, col) = c.at.split_once(':').unwrap();
        let line: usize = line.parse::<usize>().unwrap() + shift;
        let want = format!("{}:{line}:{col}", path.display());
        let mut problems = Vec::new();
        if out.status.code() != Some(78) {
            problems.push(format!("exit {:?}, want 78", out.status.code()));
        }
        if !stderr.contains(&want) {
            problems.push(format!("no {want:?}"));
        }
        if !stderr.contains(c.says) {
            problems.push(format!("no {:?}", c.says));
        }
        if stderr.contains("panicked") {
            problems.push("panicked".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({}):\n{text}\n  -> {}\n  stderr: {stderr}",
                c.name,
                problems.join(", "),
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong:\n{}",
        failures.len(),
        cases().len(),
        failures.join("\n")
    );
}

/// A config that is not UTF-8 (saved as Windows-1252 or UTF-16 by a Windows
/// editor) exits 78 with the spot where it stops being UTF-8 and what to do,
/// not only "stream did not contain valid UTF-8". A UTF-8 byte-order mark, as
/// Notepad writes it, is fine.
#[test]
fn config_not_in_utf8_exits_78_naming_the_spot_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = veille_check(&path);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{stderr}");
        (out.status.code(), stderr, path.display().to_string())
    };
    let (code, err, path) = check("latin1.toml", b"[[brands]]\nname = \"Caf\xe9 Inwi\"\n");
    assert_eq!(code, Some(78), "{err}");
    assert!(
        err.contains(&format!("{path}:2:12: not UTF-8 (byte 0xE9")),
        "{err}"
    );
    assert!(err.contains("save the file as UTF-8"), "{err}");

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "[[brands]]\nname = \"Inwi\"\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let (code, err, path) = check("utf16.toml", &utf16);
    assert_eq!(code, Some(78), "{err}");
    assert!(
        err.contains(&format!("{path}:1:1: the file is UTF-16")),
        "{err}"
    );

    let (code, err, _) = check(
        "bom.toml",
        "\u{feff}[[feeds]]\nurl = \"http://127.0.0.1:9/a.xml\"\n[[brands]]\nname = \"Inwi\"\n"
            .as_bytes(),
    );
    assert_eq!(code, Some(0), "{err}");
}
