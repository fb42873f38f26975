// Two threads take the same two locks in opposite order, and both wait forever.
// Rust does not notice; here main gives up waiting after 2 s.
// The fix: every thread takes the locks in one agreed order (a, then b).
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    let (a, b) = (Arc::new(Mutex::new(())), Arc::new(Mutex::new(())));
    let (done, finished) = mpsc::channel();
    // The bug is in the second pair: (b, a). The fix is (a, b).
    for (name, first, second) in [("worker 1", &a, &b), ("worker 2", &b, &a)] {
        let (first, second, done) = (Arc::clone(first), Arc::clone(second), done.clone());
        thread::spawn(move || {
            let _held = first.lock().unwrap();
            println!("{name} holds its first lock");
            thread::sleep(Duration::from_millis(100)); // time for the other to take its first
            let _both = second.lock().unwrap(); // held by the other thread, which waits for ours
            println!("{name} holds both"); // never printed
            done.send(()).unwrap();
        });
    }
    let ok = (0..2).all(|_| finished.recv_timeout(Duration::from_secs(2)).is_ok());
    // Returning from main ends the process, stuck threads and all.
    println!("{}", if ok { "both finished" } else { "deadlock!" });
}
