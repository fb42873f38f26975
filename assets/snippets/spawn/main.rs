// Start and finish N OS threads, then N processes, and time each kind.
use std::process::Command;
use std::thread;
use std::time::Instant;

fn main() {
    if std::env::args().nth(1).as_deref() == Some("child") {
        return; // a child process: nothing to do but exit
    }
    let n = 1000;
    let start = Instant::now();
    let threads: Vec<_> = (0..n).map(|_| thread::spawn(|| {})).collect();
    for t in threads {
        t.join().unwrap();
    }
    println!("{n} threads: {:?} each", start.elapsed() / n);

    // Processes: run this same program again, as `main child`.
    let (n, exe) = (100, std::env::current_exe().unwrap());
    let start = Instant::now();
    let children: Vec<_> = (0..n)
        .map(|_| Command::new(&exe).arg("child").spawn().unwrap())
        .collect();
    for mut child in children {
        child.wait().unwrap();
    }
    println!("{n} processes: {:?} each", start.elapsed() / n);
}
