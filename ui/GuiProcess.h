// What the process sets up before its QApplication exists (the app's main() and the window's
// benchmarks call it, so that they measure the window the clerk gets).
#pragma once

namespace clerk {

// Each thread's painting stays on that thread (the GUI thread's, and the page renderer's). Qt's
// raster engine otherwise splits every fill and blend of more than about 96 spans, and every
// smooth scaling of a large image, over a thread pool of its own and waits for the pieces; with
// the other cores busy (sync, the sidebar's counts, page rendering) the pieces wait for a core and
// the window with them: in ./dev bench week the longest stall while opening documents fell from
// 87.8 to 25.4 ms and while triaging from 80.4 to 30.3 ms without that pool (docs/PERFORMANCE.md, "The
// GUI thread's stalls"). Sets Qt's QT_NO_GUI_THREADPOOL. (Qt only asks whether that variable is
// set: any value, also 0, switches the pool off; there is no way back to it but a build without
// this call.)
void prepareGuiProcess();

} // namespace clerk
