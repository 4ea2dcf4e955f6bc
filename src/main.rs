//! Mounts the console; everything else lives in the library.

fn main() {
    // For `cargo xtask bench`: the wasm has been compiled and instantiated.
    #[cfg(feature = "bench")]
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("portal-admin:started");
    }
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(portal_admin::App);
    // The frame `index.html` painted while the wasm came goes in the task
    // that built the console: no paint shows both, or neither.
    if let Some(frame) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("frame"))
    {
        frame.remove();
    }
}
