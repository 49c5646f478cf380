//! Entry point of the web app (built by Trunk with the `ui` feature): mounts the app.
fn main() {
    kmsplay::ui::start();
}
