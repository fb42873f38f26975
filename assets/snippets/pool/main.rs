// A steady stream of jobs goes into a queue served by a fixed pool of 4 worker
// threads, using only std. A job waits in the channel until a worker is free.
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let start = Instant::now();
    let (queue, jobs) = mpsc::channel::<u32>();
    // An mpsc channel has one receiver, so the workers share it behind a lock.
    let jobs = Arc::new(Mutex::new(jobs));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let jobs = Arc::clone(&jobs);
            thread::spawn(move || loop {
                let next = jobs.lock().unwrap().recv(); // the lock is released at the `;`
                let Ok(job) = next else { break }; // queue closed and empty: stop
                thread::sleep(Duration::from_millis(100)); // the job's cost (simulated)
                let secs = start.elapsed().as_secs_f64();
                println!("{secs:.2} s: worker {w} finished job {job}");
            })
        })
        .collect();
    for job in 0..20 {
        queue.send(job).unwrap();
        thread::sleep(Duration::from_millis(20)); // 50 jobs/s arrive; 4 workers clear 40/s
    }
    drop(queue); // close the queue
    for w in workers {
        w.join().unwrap();
    }
}
