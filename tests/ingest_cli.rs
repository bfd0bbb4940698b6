//! The ingestion commands through the real binary: `veille feeds import/export` (OPML),
//! presets in `veille check`, and `veille feeds` still listing health with no subcommand.

use std::process::Command;

fn veille(args: &[&str], cfg: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(args)
        .arg("--config")
        .arg(cfg)
        .output()
        .expect("run veille");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const CONFIG: &str = r#"# My config: this comment must survive an import.
[storage]
path = "veille.db"

[[feeds]]
url = "https://fr.hespress.com/feed"   # already here
name = "Hespress FR"

[[feeds]]
preset = "google_news"
query = "inwi"
lang = "fr"
country = "MA"
"#;

const OPML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Export</title></head><body>
  <outline text="Maroc">
    <outline text="Presse FR">
      <outline type="rss" text="Hespress" xmlUrl="https://fr.hespress.com/feed"/>
      <outline type="rss" text="TelQuel" title="TelQuel" xmlUrl="https://telquel.ma/feed"/>
    </outline>
    <outline type="rss" text="هسبريس" xmlUrl="https://www.hespress.com/feed"/>
  </outline>
</body></opml>"#;

#[test]
fn opml_import_appends_keeps_comments_and_skips_known_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("veille.toml");
    std::fs::write(&cfg, CONFIG).unwrap();
    let opml = dir.path().join("subs.opml");
    std::fs::write(&opml, OPML).unwrap();

    // Dry run writes nothing.
    let (code, out, err) = veille(
        &["feeds", "import", "--dry-run", opml.to_str().unwrap()],
        &cfg,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("url = \"https://telquel.ma/feed\""), "{out}");
    assert!(
        err.contains("2 feeds to add, 1 already configured"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), CONFIG);

    let (code, out, err) = veille(&["feeds", "import", opml.to_str().unwrap()], &cfg);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 2 feeds"), "{out}");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.starts_with(CONFIG), "the old text is kept as it was");
    assert!(text.contains("# OPML folder: Maroc / Presse FR\n[[feeds]]\nurl = \"https://telquel.ma/feed\"\nname = \"TelQuel\""), "{text}");
    assert!(text.contains("name = \"هسبريس\""), "{text}");

    let (code, out, _) = veille(&["check"], &cfg);
    assert_eq!(code, 0);
    assert!(out.contains("feeds (4)"), "{out}");
    assert!(
        out.contains("https://news.google.com/rss/search?q=inwi&hl=fr&gl=MA&ceid=MA%3Afr"),
        "{out}"
    );

    // Importing again adds nothing.
    let (code, out, _) = veille(&["feeds", "import", opml.to_str().unwrap()], &cfg);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to add"), "{out}");

    // Export gives every configured feed, presets expanded, as OPML.
    let (code, out, _) = veille(&["feeds", "export"], &cfg);
    assert_eq!(code, 0);
    assert!(out.starts_with("<?xml"));
    for u in [
        "https://fr.hespress.com/feed",
        "https://telquel.ma/feed",
        "https://www.hespress.com/feed",
        "https://news.google.com/rss/search?q=inwi&amp;hl=fr&amp;gl=MA&amp;ceid=MA%3Afr",
    ] {
        assert!(out.contains(&format!("xmlUrl=\"{u}\"")), "{u} in {out}");
    }
}

#[test]
fn a_bad_opml_file_or_preset_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("veille.toml");
    std::fs::write(&cfg, CONFIG).unwrap();
    let bad = dir.path().join("bad.opml");
    std::fs::write(&bad, "<html><body>not opml</body></html>").unwrap();
    let (code, _, err) = veille(&["feeds", "import", bad.to_str().unwrap()], &cfg);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.opml") && err.contains("no feeds found"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), CONFIG);

    std::fs::write(
        &cfg,
        "[[feeds]]\npreset = \"youtube\"\nchannel_id = \"@inwi\"\n",
    )
    .unwrap();
    let (code, _, err) = veille(&["check"], &cfg);
    assert_eq!(code, 78);
    assert!(
        err.contains("veille.toml:3:15:") && err.contains("UC"),
        "{err}"
    );
}

#[test]
fn feeds_without_subcommand_still_lists_health() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("f.xml");
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>Local</title><item><title>a</title><guid>1</guid></item></channel></rss>",
    )
    .unwrap();
    let cfg = dir.path().join("veille.toml");
    std::fs::write(
        &cfg,
        format!(
            "[storage]\npath = \"veille.db\"\n[[feeds]]\nurl = \"{}\"\n[alerts]\ndesktop = false\n",
            feed.display()
        ),
    )
    .unwrap();
    let (code, _, err) = veille(&["once"], &cfg);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = veille(&["feeds"], &cfg);
    assert_eq!(code, 0);
    assert!(
        out.contains("failures in a row 0") && out.contains("items seen 1"),
        "{out}"
    );
    assert!(out.contains("title Local"), "{out}");
}
