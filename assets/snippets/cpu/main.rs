// The same CPU-bound work on 1 thread, then on one thread per core.
// Build with `rustc -O main.rs` for fair timings.
use std::thread;
use std::time::Instant;

// Slow trial division over first, first+step, ...: pure computing, no waiting.
fn count_primes(first: u64, step: usize) -> usize {
    let is_prime = |k: u64| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0);
    (first..3_000_000)
        .step_by(step)
        .filter(|&k| is_prime(k))
        .count()
}

fn main() {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    for workers in [1, cores] {
        let start = Instant::now();
        let handles: Vec<_> = (0..workers as u64)
            .map(|w| thread::spawn(move || count_primes(2 + w, workers)))
            .collect();
        // Each thread owns its count and join hands it back: nothing is shared.
        let primes: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
        let secs = start.elapsed().as_secs_f64();
        println!("{workers:2} threads: {primes} primes in {secs:.2} s");
    }
}
