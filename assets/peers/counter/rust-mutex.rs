//! counter, rust-mutex: Rust std threads add 1 to a counter inside a Mutex.
//!
//! Rust will not compile a shared counter without a lock or an atomic: the
//! lost update of the other modes cannot be written here. A thread that
//! finds the lock taken waits; that wait is timed and shown.
//!
//! It reports one JSON object per line on stdout; see the README, "Peers".
use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

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

    let count = Mutex::new(0u64);
    thread::scope(|s| {
        for w in 0..workers {
            let count = &count;
            s.spawn(move || {
                emit(format!(r#"{{"ev":"start","task":{},"worker":{}}}"#, w, w));
                let mut waited = Duration::ZERO;
                let mut last = Instant::now();
                for done in 1..=increments {
                    let mut c = match count.try_lock() {
                        Ok(c) => c,
                        Err(_) => {
                            // only a lock another thread holds is timed
                            let t0 = Instant::now();
                            let c = count.lock().unwrap();
                            waited += t0.elapsed();
                            c
                        }
                    };
                    *c += 1; //@ running
                    drop(c);
                    if done % 1024 == 0 && last.elapsed().as_millis() >= 5 {
                        last = Instant::now();
                        emit(format!(r#"{{"ev":"progress","task":{},"n":{},"total":{}}}"#, w, done, increments));
                    }
                }
                emit(format!(r#"{{"ev":"waited","task":{},"ms":{}}}"#, w, waited.as_secs_f64() * 1e3));
                emit(format!(r#"{{"ev":"progress","task":{},"n":{},"total":{}}}"#, w, increments, increments));
                emit(format!(r#"{{"ev":"done","task":{}}}"#, w));
            });
        }
    });
    let actual = *count.lock().unwrap();
    let expected = workers * increments;
    emit(format!(r#"{{"ev":"counter","actual":{},"expected":{}}}"#, actual, expected));
    emit(format!(r#"{{"ev":"stat","name":"lost","value":{}}}"#, expected - actual));
    emit(r#"{"ev":"end"}"#.to_string());
}
