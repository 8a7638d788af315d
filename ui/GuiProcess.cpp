#include "GuiProcess.h"

#include <QByteArray>

namespace clerk {

void prepareGuiProcess()
{
    // Qt reads it once, when the raster engine first asks for its pool: before QApplication.
    qputenv("QT_NO_GUI_THREADPOOL", "1");
}

} // namespace clerk
