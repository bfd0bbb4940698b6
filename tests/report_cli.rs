//! The comforts around the report: `veille rescore` after a lexicon change (on a database
//! filled by the real pipeline), shell completions and the man page generated from the CLI
//! definition, `--help` examples.

mod common;

use common::*;

fn labels(cfg: &str, search: &str) -> Vec<i64> {
    let o = veille(&["mentions", "--config", cfg, "--json", "--search", search]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    text(&o.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["label"]
                .as_i64()
                .unwrap()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rescore_applies_a_new_lexicon_entry_to_stored_mentions() {
    let now = chrono::Utc::now();
    let server = serve(vec![(
        "/s.xml",
        xml(rss("S", &tone_turn("Inwi", now, 10, 3, 0))),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let brand = "[[brands]]\nname = \"Inwi\"\naliases = [\"inwi\"]\n";
    let cfg = write_config(dir.path(), &[server.url("/s.xml")], brand);
    let c = cfg.to_str().unwrap().to_string();
    let o = tokio::task::spawn_blocking({
        let c = c.clone();
        move || veille(&["once", "--config", &c])
    })
    .await
    .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    drop(server);

    // "X ouvre une agence à ..." is neutral with the built-in lexicons.
    let before = labels(&c, "\"ouvre une agence\"");
    assert!(!before.is_empty());
    assert!(before.iter().all(|l| *l == 0), "{before:?}");
    let others_before = labels(&c, "excellente");

    // For this brand an "agence" is bad news now.
    let cfg_text = std::fs::read_to_string(&cfg).unwrap().replace(
        "aliases = [\"inwi\"]\n",
        "aliases = [\"inwi\"]\nlexicon = [ { term = \"agence\", weight = -3.0 } ]\n",
    );
    std::fs::write(&cfg, cfg_text).unwrap();
    let o = veille(&["rescore", "--config", &c]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains(&format!("{} changed", before.len())),
        "only the agency mentions change: {out}"
    );
    let after = labels(&c, "\"ouvre une agence\"");
    assert_eq!(after.len(), before.len());
    assert!(after.iter().all(|l| *l == -1), "{after:?}");
    assert_eq!(labels(&c, "excellente"), others_before);

    // Idempotent: a second run changes nothing.
    let o = veille(&["rescore", "--config", &c]);
    assert!(
        text(&o.stdout).contains(" 0 changed"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef veille"),
        ("fish", "complete -c veille"),
    ] {
        let o = veille(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let s = text(&o.stdout);
        assert!(s.contains(marker), "{shell}: {s}");
        for word in ["mentions", "report", "rescore", "search"] {
            assert!(s.contains(word), "{shell} completion lacks {word}");
        }
    }
    let o = veille(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));

    let o = veille(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let man = text(&o.stdout);
    assert!(
        man.starts_with(".ie") || man.contains(".TH veille"),
        "{man}"
    );
    assert!(man.contains("mentions") && man.contains("report"));

    for (cmd, example) in [
        ("mentions", "veille mentions --search"),
        ("report", "veille report --brand"),
        ("rescore", "veille rescore --brand"),
    ] {
        let o = veille(&[cmd, "--help"]);
        assert!(text(&o.stdout).contains(example), "{cmd} --help");
    }
}
