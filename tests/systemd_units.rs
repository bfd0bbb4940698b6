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
    if !common::require_component("systemd-analyze", "user_unit_verifies_cleanly") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_with_built_binary("systemd/veille.service", dir.path());
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
        "systemd-analyze verify said:\n{all}"
    );
}
