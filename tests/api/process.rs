//! The `regenquote` binary as a child process: started with a scratch config directory (the
//! shipped files plus one test key) and a database URL, found on the port it logs, killed with
//! SIGKILL, its log kept for inspection.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use regenquote::auth::{KeyKind, mint};

use crate::helpers::ScratchDir;

/// A config directory: the shipped `base.toml` and `local.toml`, plus a secret key.
pub struct ProcessConfig {
    pub dir: ScratchDir,
    /// The secret key's token, for `Authorization: Bearer`.
    pub token: String,
    /// Environment variables the server is started with, beside the ones it always gets.
    pub env: Vec<(String, String)>,
}

impl ProcessConfig {
    /// The shipped config with one secret key, `ops`, of account `clinic`.
    pub fn new() -> ProcessConfig {
        let dir = ScratchDir::new();
        let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config");
        std::fs::copy(shipped.join("base.toml"), dir.0.join("base.toml")).unwrap();
        let (token, hash) = mint(KeyKind::Secret, &"ops".parse().unwrap());
        let local = std::fs::read_to_string(shipped.join("local.toml")).unwrap();
        let key = format!(
            "\n[[auth.keys]]\nid = \"ops\"\nlabel = \"test back office\"\nkind = \"secret\"\n\
             account = \"clinic\"\nsecret_sha256 = \"{hash}\"\n"
        );
        std::fs::write(dir.0.join("local.toml"), local + &key).unwrap();
        ProcessConfig {
            dir,
            token,
            env: Vec::new(),
        }
    }
}

/// A running `regenquote serve`.
pub struct ServerProcess {
    child: Child,
    pub address: String,
    log: Arc<Mutex<String>>,
}

impl ServerProcess {
    /// Starts the binary with `config` on `database_url` (port 0, JSON logs filtered by `level`,
    /// which must let the binary's own `info` line through, e.g. `warn,regenquote=info`) and
    /// waits until that line says which port it listens on.
    pub fn start(config: &ProcessConfig, database_url: &str, level: &str) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regenquote"))
            .arg("serve")
            .current_dir(&config.dir.0)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("APP_CONFIG_DIR", &config.dir.0)
            .env("APP__DATABASE__URL", database_url)
            .env("APP__SERVER__PORT", "0")
            .env("APP__METRICS__PORT", "0")
            .env("APP__SERVER__WORKERS", "2")
            .env("APP__RATE_LIMIT__ENABLED", "false")
            .env("APP__TELEMETRY__FORMAT", "json")
            .env("APP__TELEMETRY__LEVEL", level)
            .envs(config.env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the regenquote binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        collect(stderr, log.clone(), None);
        collect(stdout, log.clone(), Some(port_tx));
        let port = port_rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                panic!(
                    "no `regenquote listening` line; log:\n{}",
                    log.lock().unwrap()
                )
            });
        ServerProcess {
            child,
            address: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Everything the process wrote to stdout and stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// SIGKILL: no shutdown, no flushing, nothing in flight finishes.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL delivered");
        self.child.wait().expect("the killed process is reaped");
    }

    /// Waits until the log holds `needle` (log lines are written by another thread).
    pub fn wait_for_log(&self, needle: &str, timeout: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.log().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies `stream` into `log` line by line; the first `regenquote listening` line's port goes
/// to `port`.
fn collect(
    stream: impl std::io::Read + Send + 'static,
    log: Arc<Mutex<String>>,
    port: Option<std::sync::mpsc::Sender<u16>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(tx) = &port
                && line.contains("regenquote listening")
                && let Some(p) = listening_port(&line)
            {
                let _ = tx.send(p);
            }
            let mut log = log.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
}

fn listening_port(line: &str) -> Option<u16> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value["fields"]["port"]
        .as_u64()
        .and_then(|p| u16::try_from(p).ok())
}

/// `sqlite://` URL of a file in `dir`.
pub fn sqlite_url(dir: &Path, file: &str) -> String {
    format!("sqlite://{}", dir.join(file).display())
}
