// Download every URL read from stdin, one a line, each on its own tokio task,
// and report bytes or the error for each file: `cargo run < urls.txt`.
// Cargo.toml [dependencies]:
//   tokio = { version = "1", features = ["full"] }
//   reqwest = "0.12"
use std::time::{Duration, Instant};

async fn fetch(client: &reqwest::Client, url: &str) -> reqwest::Result<usize> {
    // The timeout turns a stalled server into an error instead of a hang.
    let request = client.get(url).timeout(Duration::from_secs(60));
    let resp = request.send().await?.error_for_status()?; // 404 and 500 become errors
    Ok(resp.bytes().await?.len()) // a connection reset mid-body fails here
}

#[tokio::main]
async fn main() {
    let urls: Vec<String> = std::io::stdin().lines().map_while(Result::ok).collect();
    let client = reqwest::Client::new(); // clones share one connection pool
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for url in urls.into_iter().filter(|u| u.starts_with("http")) {
        let client = client.clone();
        tasks.spawn(async move {
            match fetch(&client, &url).await {
                Ok(n) => println!("ok   {url}: {n} bytes"),
                Err(err) => println!("FAIL {url}: {err}"), // the other tasks carry on
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap(); // passes on a panic from the task, if there was one
    }
    println!("finished in {:.2} s", start.elapsed().as_secs_f64());
}
