// Work the clerk neither watches nor waits for runs below the window.
//
// On a laptop with two cores the window's GUI thread shares them with the sidebar's counting: a
// pass over 1,000,000 requests takes a second of a core, and the system's scheduler gives threads
// of equal priority equal shares (in ./dev bench week the GUI thread was seen ready to run but
// waiting 100–185 ms while both cores ran other threads: the counting, the sync, the server). A
// thread that calls lowerThreadBelowTheWindow() gets a lower priority (Linux: niceness
// kBackgroundNiceness for that thread alone, about a tenth of a normal thread's share when both
// want the same core; elsewhere QThread::LowPriority), and the counting still gets every cycle
// the window leaves.
//
// Only for work that holds no lock the GUI thread may wait for: a thread of low priority holding
// one while other programs keep the cores busy would keep the window waiting (priority
// inversion). So the sidebar's counting (reads only, on a connection of its own) runs below; the
// sync and jobs (the store's write lock), page rendering (Qt PDF's lock), the memory trim (the
// allocator's locks) and the inbox search (the clerk waits for its hits) do not. A lower priority
// is never raised again (an ordinary user may not): a pool whose threads call it keeps to such work.
#pragma once

namespace clerk {

inline constexpr int kBackgroundNiceness = 10;

// Lowers the calling thread's priority, once per thread; false on the GUI (main) thread, which it
// leaves as it is, and when the system refused (logged once).
bool lowerThreadBelowTheWindow();

// The calling thread's niceness on Linux (0 for a normal thread); 0 elsewhere.
int currentThreadNiceness();

} // namespace clerk
