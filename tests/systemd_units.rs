//! The unit files, checked with the real `systemd-analyze verify`. Any output counts as a
//! failure: an unknown setting is only a warning with exit status 0.

mod common;

use std::path::Path;
use std::process::Command;

/// The unit with `ExecStart` pointed at the freshly built binary (verify checks that the
/// binary exists).
fn unit_with_built_binary(src: &str, dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(src)).unwrap();
    let bin = env!("CARGO_BIN_EXE_veille");
    let text = text
        .replace("%h/.cargo/bin/veille", bin)
        .replace("/usr/local/bin/veille", bin);
    let p = dir.join("veille.service");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn user_unit_verifies_cleanly() {
    verify("systemd/veille.service", "user_unit_verifies_cleanly");
}

fn verify(src: &str, test: &str) {
    if !common::require_component("systemd-analyze", test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_with_built_binary(src, dir.path());
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&unit)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && all.trim().is_empty(),
        "systemd-analyze verify {src} said:\n{all}"
    );
}

/// The overall exposure `systemd-analyze security --offline=true` gives a unit.
fn exposure(src: &str) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_with_built_binary(src, dir.path());
    let out = Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager"])
        .arg(&unit)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("Overall exposure level"))
        .unwrap_or_else(|| {
            panic!(
                "no exposure in:\n{text}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    line.split(':')
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("cannot read {line:?}"))
}

fn settings(src: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(src)).unwrap()
}

#[test]
fn system_unit_verifies_cleanly() {
    verify(
        "systemd/system/veille.service",
        "system_unit_verifies_cleanly",
    );
}

#[test]
fn system_unit_exposure_is_at_most_2() {
    if !common::require_component("systemd-analyze", "system_unit_exposure_is_at_most_2") {
        return;
    }
    let e = exposure("systemd/system/veille.service");
    assert!(e <= 2.0, "exposure {e} > 2.0");
    // A bare unit scores 9.6: the measurement itself is live.
    let dir = tempfile::tempdir().unwrap();
    let bare = "[Service]\nExecStart=/usr/local/bin/veille run\n";
    let p = dir.path().join("bare-veille.service");
    std::fs::write(&p, bare).unwrap();
    let out = Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("exposure level for bare-veille.service: 9.")
    );
}

#[test]
fn user_unit_hardening_measured() {
    if !common::require_component("systemd-analyze", "user_unit_hardening_measured") {
        return;
    }
    // Without user namespaces a user unit cannot sandbox the filesystem; what it can
    // apply brings it from 9.6 to under 7.
    let e = exposure("systemd/veille.service");
    assert!(e < 7.0, "user unit exposure {e}");
}

#[test]
fn units_are_notify_with_watchdog_restart_and_reload() {
    let table = [
        (
            "systemd/veille.service",
            "WantedBy=graphical-session.target",
        ),
        (
            "systemd/system/veille.service",
            "WantedBy=multi-user.target",
        ),
    ];
    for (src, install) in table {
        let s = settings(src);
        for want in [
            "Type=notify",
            "WatchdogSec=",
            "Restart=on-failure",
            "ExecReload=/bin/sh -c 'kill -HUP $MAINPID'",
            "TimeoutStopSec=",
            install,
        ] {
            assert!(s.lines().any(|l| l.starts_with(want)), "{src}: no {want}");
        }
    }
    let sys = settings("systemd/system/veille.service");
    for want in [
        "DynamicUser=yes",
        "StateDirectory=veille",
        "ConfigurationDirectory=veille",
    ] {
        assert!(sys.lines().any(|l| l == want), "system unit: no {want}");
    }
    assert!(settings("systemd/veille.service").contains("PartOf=graphical-session.target"));
}
