// Two threads with different rhythms: numbers every 1 s, letters every 1.5 s.
use std::thread;
use std::time::Duration;

fn main() {
    let numbers = thread::spawn(|| {
        for i in 1..=5 {
            thread::sleep(Duration::from_millis(1000));
            println!("{i}");
        }
    });
    let letters = thread::spawn(|| {
        for c in 'a'..='e' {
            thread::sleep(Duration::from_millis(1500));
            println!("{c}");
        }
    });
    // join blocks until the thread ends; when main returns, the process exits
    // and takes any unfinished threads with it.
    numbers.join().unwrap();
    letters.join().unwrap();
    println!("both done");
}
