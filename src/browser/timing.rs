//! User Timing marks and measures (`performance.measure`), which the project's
//! benchmark reads to time the app's own work. They cost next to nothing.

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

pub fn mark(name: &str) {
    if let Some(performance) = performance() {
        let _ = performance.mark(name);
    }
}

/// Records a measure `name` from the mark `start` to now, and drops the mark.
pub fn measure_since(name: &str, start: &str) {
    if let Some(performance) = performance() {
        if performance.get_entries_by_name(start).length() > 0 {
            let _ = performance.measure_with_start_mark(name, start);
            performance.clear_marks_with_mark_name(start);
        }
    }
}
