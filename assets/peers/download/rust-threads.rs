//! download, rust-threads: the downloader on a pool of Rust std threads.
//!
//! `workers` OS threads take the next URL from a shared atomic counter and
//! fetch it with plain HTTP/1.1 over a std TcpStream (std has no HTTP
//! client): a GET, the status line, the headers, then the body. A thread
//! blocked on the network waits in the kernel and costs no core.
//!
//! It reports one JSON object per line on stdout; see the README, "Peers".
use std::collections::HashMap;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

fn emit(line: String) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line);
    let _ = out.flush();
}

/// Text in a JSON string: quotes and backslashes escaped.
fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn size_text(n: f64) -> String {
    if n < 1048576.0 {
        format!("{:.0} KiB", n / 1024.0)
    } else {
        format!("{:.1} MiB", n / 1048576.0)
    }
}

/// Why a download failed: the network said so, or the server did.
enum Failure {
    Io(std::io::Error),
    Said(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Fetches url as task i; got counts the body's bytes and their total.
fn get(i: usize, url: &str, timeout: Duration, got: &mut (u64, u64)) -> Result<(), Failure> {
    let rest = url.strip_prefix("http://").ok_or(Failure::Said("not an http:// URL".into()))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let stream = TcpStream::connect(host)?;
    stream.set_read_timeout(Some(timeout))?;
    let mut w = stream.try_clone()?;
    write!(w, "GET {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", path, host)?;
    let mut r = BufReader::new(stream);
    let mut line = String::new();
    r.read_line(&mut line)?; //@ sleeping
    let status: Vec<&str> = line.trim_end().splitn(3, ' ').collect();
    let mut length = 0u64;
    loop {
        let mut h = String::new();
        r.read_line(&mut h)?;
        if h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    if status.get(1) != Some(&"200") {
        let (code, text) = (status.get(1).unwrap_or(&"?"), status.get(2).unwrap_or(&""));
        return Err(Failure::Said(format!("HTTP {} {}", code, text)));
    }
    got.1 = length;
    emit(format!(r#"{{"ev":"run","task":{},"on":"receiving"}}"#, i));
    let mut buf = vec![0u8; 32 * 1024];
    let mut last = Instant::now();
    while got.0 < length {
        let n = match r.read(&mut buf) { //@ running
            // A pause (SIGSTOP, then SIGCONT) interrupts a read that has a
            // timeout; reading again starts the timeout afresh, so a pause
            // is not a stall. (read_line above retries by itself.)
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            n => n?,
        };
        if n == 0 {
            return Err(Failure::Said(format!("connection closed after {} of {} bytes", got.0, length)));
        }
        got.0 += n as u64;
        if last.elapsed().as_millis() >= 5 || got.0 == length {
            last = Instant::now();
            emit(format!(r#"{{"ev":"progress","task":{},"n":{},"total":{}}}"#, i, got.0, length));
        }
    }
    Ok(())
}

fn download(i: usize, url: &str, lane: usize, timeout: Duration) {
    emit(format!(r#"{{"ev":"sleep","task":{},"worker":{},"on":"waiting for first byte"}}"#, i, lane));
    let t0 = Instant::now();
    let mut got = (0u64, 0u64);
    match get(i, url, timeout, &mut got) {
        Ok(()) => {
            let took = t0.elapsed().as_secs_f64();
            emit(format!(r#"{{"ev":"done","task":{}}}"#, i));
            let text = format!("file {}: {} in {:.2} s ({}/s)", i, size_text(got.0 as f64), took, size_text(got.0 as f64 / took));
            emit(format!(r#"{{"ev":"print","worker":{},"text":"{}"}}"#, lane, quote(&text)));
        }
        Err(failure) => {
            let reason = match failure {
                Failure::Said(why) => why,
                // a read timeout is WouldBlock on Unix, TimedOut on Windows
                Failure::Io(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    format!("stalled: no data for {} s", timeout.as_secs_f64())
                }
                Failure::Io(e) if e.kind() == ErrorKind::ConnectionReset => {
                    format!("connection reset after {} of {} bytes", got.0, got.1)
                }
                Failure::Io(e) => format!("request failed: {}", e),
            };
            emit(format!(r#"{{"ev":"fail","task":{},"reason":"{}"}}"#, i, quote(&reason)));
            let text = format!("file {}: FAILED: {}", i, reason);
            emit(format!(r#"{{"ev":"print","worker":{},"text":"{}"}}"#, lane, quote(&text)));
        }
    }
}

fn main() {
    let cfg: HashMap<String, String> = std::env::args()
        .skip(1)
        .filter_map(|a| a.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect();
    let workers: usize = cfg["workers"].parse().unwrap();
    let timeout = Duration::from_secs_f64(cfg["timeout"].parse().unwrap());
    let urls: Vec<&str> = cfg["urls"].split(',').collect();
    emit(r#"{"ev":"ready"}"#.to_string());

    let next = AtomicUsize::new(0);
    thread::scope(|s| {
        for lane in 0..workers {
            let (next, urls) = (&next, &urls);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= urls.len() {
                    return;
                }
                download(i, urls[i], lane, timeout);
            });
        }
    });
    emit(r#"{"ev":"end"}"#.to_string());
}
