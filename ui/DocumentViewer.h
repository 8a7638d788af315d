// The e-file viewer: a request's PDF (continuous pages, zoom, rotate, thumbnails, outline, page
// jump, text search with a hit list, text selection and copy, print) or image, shown from memory;
// the decrypted bytes never touch the disk. With a store attached, the clerk annotates: highlight,
// underline, strike-out, sticky note, text, drawing, rectangle, stamps and redaction marks, each
// an outbox change (undo/redo included), and exports an annotated copy, a redacted copy (after a
// preview) or XFDF. A damaged or password-protected file is handled with a clear message.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"
#include "core/pdf/PdfExport.h"

#include <QWidget>
#include <functional>
#include <optional>

class QAbstractItemView;
class QAction;
class QBuffer;
class QLabel;
class QLineEdit;
class QPdfBookmarkModel;
class QPdfDocument;
class QPdfSearchModel;
class QScrollArea;
class QStackedWidget;

namespace clerk {

class AnnotationHistory;
class DocumentExports;
class AnnotationListModel;
class AnnotationToolPalette;
class PageView;
class Store;
class ViewerSidePanel;
class ViewerToolBar;

// The parts: ViewerToolBar (top), AnnotationToolPalette (tools), ViewerSidePanel (thumbnails,
// outline, annotations, hits) and the PageView; this class wires them to the document and the
// annotation history.
class DocumentViewer : public QWidget
{
    Q_OBJECT
public:
    explicit DocumentViewer(QWidget* parent = nullptr);
    ~DocumentViewer() override;

    // Annotations are read from and written to `store` as `clerk`; without it the viewer only shows.
    void setStore(Store* store, const QString& clerk);

    // Shows `bytes` (PDF or image). `documentId` ties annotations to it (empty: none). Returns
    // false and shows a message when it cannot.
    bool open(const QString& title, const QString& mimeType, const QByteArray& bytes, const QString& documentId = {});
    void showMessage(const QString& title, const QString& message);

    int pageCount() const;
    // Whether its tab may put it to sleep (DocumentTabs): a document shown (not a message, nor a
    // fetch under way), opened without a password (it would be asked again), and no export or
    // print of it under way (its result is shown by this viewer).
    bool canSleep() const;
    // Where the clerk is in the document, kept by a sleeping tab and set again on the viewer built
    // when it wakes (after open()).
    struct ViewState
    {
        int page = 0;
        double zoom = 1.0;
        int fit = 1; // PageView::Fit
        int rotation = 0;
    };
    ViewState viewState() const;
    void restoreViewState(const ViewState& state);
    int searchHits() const;
    QString message() const;
    QString documentId() const { return m_documentId; }
    PageView* pageView() const { return m_view; }
    QLineEdit* searchField() const;
    AnnotationHistory* history() const { return m_history; }
    // The side panel's list of annotations (a view over AnnotationListModel).
    QAbstractItemView* annotationList() const;
    QList<Annotation> annotations() const;
    // "select" or an annotation type's key ("highlight", ...).
    QAction* toolAction(const QString& tool) const;

    // How the viewer asks the clerk (replaceable for tests): a password for a protected PDF
    // (nullopt: cancelled), the text of a note.
    using PasswordProvider = std::function<std::optional<QString>(int attempt)>;
    using TextProvider = std::function<std::optional<QString>(const QString& title, const QString& current)>;
    void setPasswordProvider(PasswordProvider provider) { m_askPassword = std::move(provider); }
    void setTextProvider(TextProvider provider) { m_askText = std::move(provider); }

    // The exports (the menu asks for a file name, then calls these).
    Result<QByteArray> annotatedCopy(bool flatten) const;
    Result<pdf::Redaction> redactedCopy() const;
    QByteArray xfdf() const;
    // Adds the annotations of an XFDF file as the clerk's (one undo step); returns how many.
    Result<int> importXfdf(const QByteArray& xml);
    // Exports, printing and the password prompt (jobs for the long ones).
    DocumentExports* exports() const { return m_exports; }
    // What is shown: the original bytes and the title.
    const QByteArray& bytes() const { return m_bytes; }
    QString title() const;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitWidth();
    void fitPage();
    void search(const QString& text);
    void nextHit();
    void previousHit();
    void rotateClockwise();
    void rotateCounterClockwise();

Q_SIGNALS:
    void closeRequested();

private:
    void connectToolBar();
    void connectPalette();
    void connectSidePanel();
    void connectView();
    bool loadPdf(const QString& title, const QByteArray& bytes);
    void reloadAnnotations();
    void onDrawn(const Annotation& annotation);
    void editText(const QString& id);
    void recolor(const QString& id, const QString& color);
    void deleteAnnotation(const QString& id);
    void showAnnotationMenu(const QString& id, const QPoint& globalPos);
    void markSelection(AnnotationType type);
    void updateHitList();
    void exportAnnotated(bool flatten);
    void exportRedacted();
    void exportXfdf();
    void importXfdfFile();
    void printDialog();
    void updateZoomBox();
    void report(const Error& error);
    std::optional<QString> askPassword(int attempt);
    std::optional<QString> askText(const QString& title, const QString& current);

    ViewerToolBar* m_toolBar = nullptr;
    QLabel* m_title = nullptr; // the tool bar's
    AnnotationToolPalette* m_palette = nullptr;
    ViewerSidePanel* m_side = nullptr;
    AnnotationListModel* m_annotationModel = nullptr;
    DocumentExports* m_exports = nullptr;
    QStackedWidget* m_pages = nullptr;
    PageView* m_view = nullptr;
    QPdfDocument* m_document = nullptr;
    QPdfSearchModel* m_searchModel = nullptr;
    QPdfBookmarkModel* m_outline = nullptr;
    QBuffer* m_buffer = nullptr;
    QByteArray m_bytes;
    QScrollArea* m_imageArea = nullptr;
    QLabel* m_image = nullptr;
    QLabel* m_message = nullptr;
    int m_currentHit = -1;
    QHash<int, QList<QRectF>> m_hitRects; // search hits per page, Qt PDF page points

    Store* m_store = nullptr;
    QString m_clerk;
    QString m_documentId;
    AnnotationHistory* m_history = nullptr;
    PasswordProvider m_askPassword;
    TextProvider m_askText;
};

} // namespace clerk
