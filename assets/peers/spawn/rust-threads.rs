//! spawn, rust-threads: start N Rust std threads; time it and weigh them.
//!
//! Each thread says it is up, then blocks at a barrier until released. The
//! start time runs from the first spawn until the last thread is up; the
//! memory per thread is how much the resident set (VmRSS in
//! /proc/self/status) grew, over N.
//!
//! It reports one JSON object per line on stdout; see the README, "Peers".
use std::collections::HashMap;
use std::io::Write;
use std::sync::{mpsc, Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

fn emit(line: String) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line);
    let _ = out.flush();
}

fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kib| kib.parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

fn main() {
    let cfg: HashMap<String, String> = std::env::args()
        .skip(1)
        .filter_map(|a| a.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect();
    let count: usize = cfg["count"].parse().unwrap();
    emit(r#"{"ev":"ready"}"#.to_string());

    let (up_tx, up_rx) = mpsc::channel();
    let release = Arc::new(Barrier::new(count + 1));
    let before = rss_bytes();
    let t0 = Instant::now();
    let threads: Vec<_> = (0..count)
        .map(|i| {
            let (up, release) = (up_tx.clone(), Arc::clone(&release));
            thread::spawn(move || {
                emit(format!(r#"{{"ev":"start","task":{},"worker":0}}"#, i));
                up.send(()).unwrap();
                release.wait(); //@ running
                emit(format!(r#"{{"ev":"done","task":{}}}"#, i));
            })
        })
        .collect();
    for _ in 0..count {
        up_rx.recv().unwrap(); // every thread is up
    }
    let took = t0.elapsed().as_secs_f64();
    let grew = rss_bytes().saturating_sub(before) as f64;
    let n = count as f64;
    emit(format!(r#"{{"ev":"stat","name":"units","value":{}}}"#, count));
    emit(format!(r#"{{"ev":"stat","name":"start_ms","value":{}}}"#, took * 1e3));
    emit(format!(r#"{{"ev":"stat","name":"start_us_per_unit","value":{}}}"#, took * 1e6 / n));
    emit(format!(r#"{{"ev":"stat","name":"bytes_per_unit","value":{}}}"#, grew / n));
    emit(format!(
        r#"{{"ev":"print","worker":0,"text":"{} threads up in {:.1} ms; resident set grew {} KiB, {:.1} KiB each"}}"#,
        count, took * 1e3, grew as u64 / 1024, grew / n / 1024.0
    ));
    thread::sleep(Duration::from_millis(200)); // kept alive a moment, so the board shows them all
    release.wait();
    for t in threads {
        t.join().unwrap();
    }
    emit(r#"{"ev":"end"}"#.to_string());
}
