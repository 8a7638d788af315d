// GUI tests answer modal dialogs (which run their own event loop) from a timer: whenModal<T>()
// waits until a dialog of type T is the active modal widget, then hands it to the test.
#pragma once

#include <QApplication>
#include <QTimer>
#include <QWidget>
#include <functional>

namespace clerk::test {

// Runs `fn` on the next modal dialog of type T (polling every 30 ms until it is up); the polling
// ends with `context`.
template <typename T> void whenModal(QObject* context, std::function<void(T*)> fn)
{
    QTimer::singleShot(30, context, [context, fn] {
        if (auto* d = qobject_cast<T*>(QApplication::activeModalWidget()))
            fn(d);
        else
            whenModal<T>(context, fn);
    });
}

} // namespace clerk::test
