// N threads each add 1 to shared counters K times. Safe Rust will not compile a
// plain `count += 1` on a counter shared by threads, so the racy one below uses
// a separate atomic load and store: it compiles, and still loses updates.
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let (workers, increments) = (8, 100_000);
    let racy = Arc::new(AtomicU64::new(0));
    let atomic = Arc::new(AtomicU64::new(0));
    let locked = Arc::new(Mutex::new(0u64)); // Arc shares it, Mutex guards it
    let mut handles = Vec::new();
    for _ in 0..workers {
        let (racy, atomic, locked) = (racy.clone(), atomic.clone(), locked.clone());
        handles.push(thread::spawn(move || {
            for _ in 0..increments {
                racy.store(racy.load(Relaxed) + 1, Relaxed); // others may store in between
                atomic.fetch_add(1, Relaxed); // one indivisible read-modify-write
                *locked.lock().unwrap() += 1; // the guard unlocks at the `;`
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("expected {}", workers * increments);
    println!("racy     {}", racy.load(Relaxed));
    println!("mutex    {}", locked.lock().unwrap());
    println!("atomic   {}", atomic.load(Relaxed));
}
