//! What a real-browser test needs around it: finding Chromium and chromedriver, running
//! chromedriver on a free port, opening a headless session, and a clinic's web server on a
//! second origin.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::helpers::ScratchDir;

/// The Chromium and chromedriver executables: `$CHROMIUM` / `$CHROMEDRIVER`, else the first of
/// the usual names on `PATH`.
pub fn find_browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = find_program(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    )?;
    let driver = find_program("CHROMEDRIVER", &["chromedriver"])?;
    Some((chromium, driver))
}

fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env).map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    let dirs = std::env::var_os("PATH")?;
    std::env::split_paths(&dirs)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|path| path.is_file())
}

/// A running chromedriver, stopped on drop.
pub struct Chromedriver {
    child: Child,
    pub url: String,
}

impl Chromedriver {
    /// Starts `driver` on a free port and waits until it accepts connections.
    pub fn start(driver: &Path) -> Chromedriver {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Chromedriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    /// A headless Chromium session `width` CSS pixels wide with a fresh profile in `profile`.
    pub async fn session(&self, chromium: &Path, profile: &ScratchDir, width: u32) -> Client {
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([
            format!("--user-data-dir={}", profile.0.display()),
            format!("--window-size={width},1200"),
        ])
        .collect::<Vec<_>>();
        let mut caps = Capabilities::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            json!({"binary": chromium, "args": args}),
        );
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a Chromium session starts")
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A clinic's own web site on a second origin, bound before the app starts so that the app's
/// keys can name its origin.
pub struct ClinicSite {
    listener: TcpListener,
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
}

impl ClinicSite {
    /// Binds a free port.
    pub fn bind() -> ClinicSite {
        let listener = TcpListener::bind("127.0.0.1:0").expect("clinic site binds");
        let origin = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        ClinicSite { listener, origin }
    }

    /// Serves `html` at `/` (and 404 elsewhere) for as long as the test process runs; returns
    /// the page's URL.
    pub fn serve(self, html: String) -> String {
        let url = format!("{}/", self.origin);
        std::thread::spawn(move || {
            for stream in self.listener.incoming().flatten() {
                answer(stream, &html);
            }
        });
        url
    }
}

fn answer(mut stream: TcpStream, html: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let root = head.starts_with(b"GET / ");
    let (status, body) = if root {
        ("200 OK", html)
    } else {
        ("404 Not Found", "not found")
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes());
}
