fn main() {
    // The benchmark times a repeat visit from here to the first artist painted.
    encore::browser::timing::mark("encore:start");
    console_error_panic_hook::set_once();
    // In the same task as the mount, so no frame shows neither.
    encore::browser::remove_element("shell");
    leptos::mount::mount_to_body(encore::App);
}
