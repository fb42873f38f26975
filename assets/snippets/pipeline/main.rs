// A pipeline of three stages joined by channels: generate numbers, square them
// on 3 worker threads (fan-out), and add up what all 3 send back (fan-in).
use std::sync::mpsc;
use std::thread;

fn main() {
    // sync_channel(n) holds n items, then blocks the sender; 0 means every
    // send waits for a receive (like Go's unbuffered channel).
    let (squares, results) = mpsc::sync_channel::<u64>(10);
    let mut inputs = Vec::new();
    for _ in 0..3 {
        let (input, nums) = mpsc::sync_channel::<u64>(0); // one input channel per worker
        let squares = squares.clone(); // fan-in: every worker sends into one channel
        thread::spawn(move || {
            for n in nums {
                squares.send(n * n).unwrap();
            }
        });
        inputs.push(input);
    }
    drop(squares); // now only workers hold senders: `results` ends when they finish
    thread::spawn(move || {
        for n in 1..=100u64 {
            inputs[n as usize % 3].send(n).unwrap(); // fan-out: deal items round-robin
        }
    }); // `inputs` is dropped here, which closes every worker's channel
    let sum: u64 = results.iter().sum();
    println!("sum of squares 1..100 = {sum}");
}
