// Twelve threads want a resource that only 3 may use at once. std has no
// semaphore, so here is one: a count of free slots under a Mutex, and a
// Condvar on which the others wait for a slot to free.
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let start = Instant::now();
    let slots = Arc::new((Mutex::new(3), Condvar::new())); // K = 3 free slots
    let tasks: Vec<_> = (0..12)
        .map(|n| {
            let slots = Arc::clone(&slots);
            thread::spawn(move || {
                let (free, freed) = &*slots;
                let mut f = freed.wait_while(free.lock().unwrap(), |f| *f == 0).unwrap();
                *f -= 1; // take a slot
                drop(f); // let others look while we work
                println!("{:.1} s: task {n} got a slot", start.elapsed().as_secs_f64());
                thread::sleep(Duration::from_millis(500)); // use the resource
                *free.lock().unwrap() += 1; // give it back...
                freed.notify_one(); // ...and wake one waiter
            })
        })
        .collect();
    for t in tasks {
        t.join().unwrap();
    }
    // 12 tasks, 3 at a time, 0.5 s each: about 2 s in all
    println!("all done in {:.1} s", start.elapsed().as_secs_f64());
}
