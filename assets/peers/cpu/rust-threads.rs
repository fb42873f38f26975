//! cpu, rust-threads: the cpu demo's work on Rust's std threads.
//!
//! `workers` OS threads take the next chunk from a shared atomic counter and
//! compute it: `units` units of `rounds` rounds of splitmix64, exactly the Go
//! demo's work, so the checksum is the Go one. No GIL: the threads run on
//! every core.
//!
//! It reports one JSON object per line on stdout; see the README, "Peers".
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Instant;

const GOLDEN: u64 = 0x9E3779B97F4A7C15;

fn emit(line: String) {
    // the lock keeps a line whole when two threads print at once
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line);
    let _ = out.flush();
}

fn crunch(chunk: u64, units: u64, rounds: u64, mut progress: impl FnMut(u64)) -> u64 {
    let mut x = (chunk + 1).wrapping_mul(GOLDEN);
    let mut sum: u64 = 0;
    for unit in 0..units {
        for _ in 0..rounds {
            x = x.wrapping_add(GOLDEN);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
            sum = sum.wrapping_add(z ^ (z >> 31));
        }
        progress(unit + 1);
    }
    sum
}

fn main() {
    let cfg: HashMap<String, String> = std::env::args()
        .skip(1)
        .filter_map(|a| a.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect();
    let num = |k: &str| -> u64 { cfg[k].parse().expect(k) };
    let (workers, chunks, units, rounds) = (num("workers"), num("chunks"), num("units"), num("rounds"));
    let report = cfg.get("report").map_or(true, |v| v == "1");
    emit(r#"{"ev":"ready"}"#.to_string());

    let next = AtomicU64::new(0);
    let total = AtomicU64::new(0);
    thread::scope(|s| {
        for w in 0..workers {
            let (next, total) = (&next, &total);
            s.spawn(move || loop {
                let chunk = next.fetch_add(1, Ordering::Relaxed);
                if chunk >= chunks {
                    return;
                }
                emit(format!(r#"{{"ev":"start","task":{},"worker":{}}}"#, chunk, w));
                let mut last = Instant::now();
                let sum = crunch(chunk, units, rounds, |n| { //@ running
                    if report && last.elapsed().as_millis() >= 5 {
                        last = Instant::now();
                        emit(format!(r#"{{"ev":"progress","task":{},"n":{},"total":{}}}"#, chunk, n, units));
                    }
                });
                total.fetch_add(sum, Ordering::Relaxed); // wraps, like Go's uint64
                emit(format!(r#"{{"ev":"progress","task":{},"n":{},"total":{}}}"#, chunk, units, units));
                emit(format!(r#"{{"ev":"done","task":{}}}"#, chunk));
            });
        }
    });
    let checksum = total.load(Ordering::Relaxed) & ((1u64 << 52) - 1);
    emit(format!(r#"{{"ev":"stat","name":"checksum","value":{}}}"#, checksum));
    emit(r#"{"ev":"end"}"#.to_string());
}
