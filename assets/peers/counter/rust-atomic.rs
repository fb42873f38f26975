//! counter, rust-atomic: Rust std threads add 1 to an AtomicU64.
//!
//! fetch_add is one hardware instruction: no update is lost and no thread
//! waits for a lock, only for the cache line the counter sits in.
//!
//! It reports one JSON object per line on stdout; see the README, "Peers".
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Instant;

fn emit(line: String) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line);
    let _ = out.flush();
}

fn main() {
    let cfg: HashMap<String, String> = std::env::args()
        .skip(1)
        .filter_map(|a| a.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect();
    let workers: u64 = cfg["workers"].parse().unwrap();
    let increments: u64 = cfg["increments"].parse().unwrap();
    emit(r#"{"ev":"ready"}"#.to_string());

    let count = AtomicU64::new(0);
    thread::scope(|s| {
        for w in 0..workers {
            let count = &count;
            s.spawn(move || {
                emit(format!(r#"{{"ev":"start","task":{},"worker":{}}}"#, w, w));
                let mut last = Instant::now();
                for done in 1..=increments {
                    count.fetch_add(1, Ordering::Relaxed); //@ running
                    if done % 1024 == 0 && last.elapsed().as_millis() >= 5 {
                        last = Instant::now();
                        emit(format!(r#"{{"ev":"progress","task":{},"n":{},"total":{}}}"#, w, done, increments));
                    }
                }
                emit(format!(r#"{{"ev":"progress","task":{},"n":{},"total":{}}}"#, w, increments, increments));
                emit(format!(r#"{{"ev":"done","task":{}}}"#, w));
            });
        }
    });
    let actual = count.load(Ordering::Relaxed);
    let expected = workers * increments;
    emit(format!(r#"{{"ev":"counter","actual":{},"expected":{}}}"#, actual, expected));
    emit(format!(r#"{{"ev":"stat","name":"lost","value":{}}}"#, expected - actual));
    emit(r#"{"ev":"end"}"#.to_string());
}
