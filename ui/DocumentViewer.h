// The e-file viewer: a request's PDF (continuous pages, zoom, fit width/page, page jump, text
// search with hits) or image, shown from memory; the decrypted bytes never touch the disk. A
// damaged or password-protected file shows a clear message instead of pages.
#pragma once

#include <QWidget>

class QBuffer;
class QLabel;
class QLineEdit;
class QPdfDocument;
class QPdfSearchModel;
class QPdfView;
class QScrollArea;
class QSpinBox;
class QStackedWidget;
class QToolButton;

namespace clerk {

class DocumentViewer : public QWidget
{
    Q_OBJECT
public:
    explicit DocumentViewer(QWidget* parent = nullptr);
    ~DocumentViewer() override;

    // Shows `bytes` (PDF or image). Returns false and shows a message when it cannot.
    bool open(const QString& title, const QString& mimeType, const QByteArray& bytes);
    void showMessage(const QString& title, const QString& message);

    int pageCount() const;
    int searchHits() const;
    QString message() const;
    QPdfView* pdfView() const { return m_view; }
    QLineEdit* searchField() const { return m_search; }

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitWidth();
    void fitPage();
    void search(const QString& text);
    void nextHit();

Q_SIGNALS:
    void closeRequested();

private:
    QLabel* m_title = nullptr;
    QStackedWidget* m_pages = nullptr;
    QPdfView* m_view = nullptr;
    QPdfDocument* m_document = nullptr;
    QPdfSearchModel* m_searchModel = nullptr;
    QBuffer* m_buffer = nullptr;
    QScrollArea* m_imageArea = nullptr;
    QLabel* m_image = nullptr;
    QLabel* m_message = nullptr;
    QSpinBox* m_page = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_hits = nullptr;
    int m_currentHit = -1;
};

} // namespace clerk
