// 10,000 tokio tasks each wait one second (simulated I/O). Waiting uses no CPU,
// so together they take about one second, not 10,000.
// Cargo.toml: tokio = { version = "1", features = ["full"] }
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let start = Instant::now();
    // .await yields to the runtime while waiting; std::thread::sleep here
    // would block one of its few worker threads instead.
    let handles: Vec<_> = (0..10_000)
        .map(|_| tokio::spawn(async { tokio::time::sleep(Duration::from_secs(1)).await }))
        .collect();
    let tasks = handles.len();
    for h in handles {
        h.await.unwrap(); // wait for every task, like asyncio.gather
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{tasks} waits of 1 s took {secs:.2} s");
}
