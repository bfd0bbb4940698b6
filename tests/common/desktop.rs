//! A private D-Bus session bus and a real notification server (dunst on an Xvfb display)
//! for the desktop notification tests. dunst's `-print` output is what the server
//! received: summary, body, urgency, actions.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A private session bus; killed on drop.
pub struct Bus {
    pub addr: String,
    pid: i32,
}

impl Bus {
    pub fn start() -> Bus {
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .output()
            .expect("dbus-daemon runs");
        assert!(out.status.success(), "dbus-daemon failed: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let addr = lines.next().expect("address").to_string();
        let pid = lines.next().expect("pid").trim().parse().expect("pid");
        Bus { addr, pid }
    }

    pub fn has_notification_server(&self) -> bool {
        let out = Command::new("dbus-send")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.addr)
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.Notifications",
            ])
            .output()
            .expect("dbus-send runs");
        String::from_utf8_lossy(&out.stdout).contains("boolean true")
    }

    /// Waits (bounded) until a client on the bus listens for notification signals: the
    /// match rules notify-rust's click listener adds once a notification is shown, the
    /// second (NotificationClosed) right before it starts reading. A person cannot click
    /// before the notification is drawn; a test can, so it waits for this first.
    pub fn wait_for_click_listener(&self) {
        let t = Instant::now();
        loop {
            let out = Command::new("dbus-send")
                .env("DBUS_SESSION_BUS_ADDRESS", &self.addr)
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.Debug.Stats.GetAllMatchRules",
                ])
                .output()
                .expect("dbus-send runs");
            if String::from_utf8_lossy(&out.stdout).contains("member='NotificationClosed'") {
                return;
            }
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "nobody listens for notification clicks: {out:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        // SAFETY: kill(2) on the pid dbus-daemon printed for itself.
        unsafe { libc::kill(self.pid, libc::SIGTERM) };
    }
}

/// dunst on its own Xvfb display, printing every notification into `out`.
pub struct Dunst {
    xvfb: Child,
    dunst: Child,
    pub out: PathBuf,
}

impl Dunst {
    pub fn start(bus: &Bus, dir: &Path) -> Dunst {
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "800x600x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs");
        let mut display = String::new();
        std::io::BufReader::new(xvfb.stdout.take().unwrap())
            .read_line(&mut display)
            .unwrap();
        let display = format!(":{}", display.trim());
        let out = dir.join("dunst.out");
        let cfg = dir.join("xdg-config");
        std::fs::create_dir_all(&cfg).unwrap();
        let dunst = Command::new("dunst")
            .arg("-print")
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.addr)
            .env("XDG_CONFIG_HOME", &cfg)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst runs");
        let t = Instant::now();
        while !bus.has_notification_server() {
            assert!(
                t.elapsed() < Duration::from_secs(15),
                "dunst did not take org.freedesktop.Notifications"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Dunst { xvfb, dunst, out }
    }

    /// The notifications dunst printed so far, as (field, value) maps.
    pub fn notifications(&self) -> Vec<Vec<(String, String)>> {
        let text = std::fs::read_to_string(&self.out).unwrap_or_default();
        let mut all = Vec::new();
        let mut cur: Option<Vec<(String, String)>> = None;
        // A quoted value may span lines (a body with several lines).
        let mut open: Option<(String, String)> = None;
        for line in text.lines() {
            if let Some((k, mut v)) = open.take() {
                v.push('\n');
                v.push_str(line);
                if line.ends_with('\'') {
                    let v = v.trim_end_matches('\'').to_string();
                    if let Some(c) = cur.as_mut() {
                        c.push((k, v));
                    }
                } else {
                    open = Some((k, v));
                }
                continue;
            }
            if line == "{" {
                cur = Some(Vec::new());
            } else if line == "}" {
                all.extend(cur.take());
            } else if let Some(c) = cur.as_mut()
                && let Some((k, v)) = line.trim_start().split_once(": ")
            {
                if v.starts_with('\'') && (v.len() == 1 || !v.ends_with('\'')) {
                    open = Some((k.to_string(), v[1..].to_string()));
                } else {
                    c.push((k.to_string(), v.trim_matches('\'').to_string()));
                }
            }
        }
        all
    }

    /// Waits (bounded) until dunst printed at least `n` notifications.
    pub fn wait_for(&self, n: usize) -> Vec<Vec<(String, String)>> {
        let t = Instant::now();
        loop {
            let all = self.notifications();
            if all.len() >= n || t.elapsed() > Duration::from_secs(10) {
                return all;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Dunst {
    fn drop(&mut self) {
        let _ = self.dunst.kill();
        let _ = self.dunst.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

pub fn field<'a>(n: &'a [(String, String)], k: &str) -> &'a str {
    n.iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {k} in {n:?}"))
}

/// Whether every program the desktop tests need is installed (see `require_component`).
pub fn components(test: &str) -> bool {
    ["dbus-daemon", "dbus-send", "dunst", "Xvfb"]
        .iter()
        .all(|c| super::require_component(c, test))
}
