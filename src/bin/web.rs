//! Entry point of the web app (built by Trunk with the `ui` feature).
fn main() {}
