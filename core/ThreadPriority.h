// Work the clerk does not watch runs below the window.
//
// On a laptop with two cores the window's GUI thread shares them with the sidebar's counting, the
// sync thread, jobs and the memory trim. The system's scheduler gives threads of equal priority
// equal turns: in ./dev bench week the GUI thread was seen ready to run but waiting 100–185 ms while
// both cores ran such work. A thread that calls runInBackground() gets a lower priority (Linux: a
// niceness of kBackgroundNiceness for that thread alone; elsewhere QThread::LowPriority), so
// that the GUI thread is served first whenever it has something to draw, and the background work
// still gets every cycle the window leaves. (A lower priority is never raised again: an ordinary
// user may not, so the pools that call it keep to background work.)
#pragma once

namespace clerk {

inline constexpr int kBackgroundNiceness = 10;

// Lowers the calling thread's priority, once per thread; false when the system refused (logged once).
bool runInBackground();

// The calling thread's niceness on Linux (0 for a normal thread); 0 elsewhere.
int currentThreadNiceness();

} // namespace clerk
