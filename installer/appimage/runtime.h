/* What the parts of the AppImage runtime share (runtime.c: the image, starting AppRun, mounting, main;
 * extract.c: extraction and extract-and-run; cache.c: the opt-in unpacked cache). */
#pragma once

extern const char* s_name;

void fail(const char* what);

/* Unpacks the image at `offset` of `image` into `destination` (made if missing); only the paths matching
 * `pattern` when it is not NULL. Flags: ExtractVerbose prints each path; ExtractExactModes gives read-only
 * folders their mode at the end (without it every folder keeps rwx for its owner, so that the tree can be
 * removed). 0 on success. */
enum { ExtractVerbose = 1, ExtractExactModes = 2 };
int extract(const char* image, long offset, const char* destination, const char* pattern, int flags);

/* Unpacks into a private folder of the temporary folder, runs AppRun from it, removes it; first removes what
 * earlier runs that were killed left there. Returns the app's exit status (1 if it could not start). */
int extractAndRun(const char* self, long offset, const char* argv0, int argc, char** argv);

/* TMPDIR when it is an absolute path, else /tmp. */
const char* temporaryFolder(void);

/* Removes a folder and what it holds, never following symbolic links. */
void removeTree(const char* path);

/* Removes `name` in `root` (open as `rootFd`) unless a running app holds it (a shared lock on the folder):
 * locked exclusively, renamed to ".trash-NAME" (one named so already stays), then taken apart. */
void removeUnheld(const char* root, int rootFd, const char* name);

/* Whether nobody but root and this user can change what `path` (resolved, absolute) names: every folder on
 * the way belongs to root or the user, and one that others may write to is sticky (they cannot rename or
 * remove what is not theirs in it). */
int onlyOursOnTheWay(const char* path);

/* Calls `visit` for each entry of the folder `root` (not "." and "..", not through a link; `st` as lstat
 * sees it), with the folder open as `rootFd`. An unreadable folder is skipped. */
struct stat;
typedef void (*EntryVisitor)(const char* root, int rootFd, const char* name, const struct stat* st, void* context);
void forEachEntry(const char* root, EntryVisitor visit, void* context);

/* Opens the folder at `path` (not through a link) with a shared lock that AppRun and the app inherit
 * through exec, so that no clean-up removes it while they run. The descriptor, or -1 (errno set). */
int holdFolder(const char* path);

/* Runs AppRun from `appDir` with the app's arguments in a child; returns its exit status (128 + signal if
 * killed). TERM, HUP and QUIT sent to this process are passed on to the app. */
int runApp(const char* self, const char* appDir, const char* argv0, int argc, char** argv);

/* Replaces this process by AppRun from `appDir` (APPIMAGE, APPDIR, ARGV0, OWD set); returns 127 only if
 * that failed. */
int execApp(const char* self, const char* appDir, const char* argv0, int argc, char** argv);

/* The unpacked cache (CLERKDESK_APPIMAGE_CACHE=1): runs the app from a folder in the user's cache that holds
 * this image unpacked, unpacking it there first when it is not yet. Returns -1 (after saying why) when the
 * cache cannot be used, so that the caller mounts instead; otherwise the app's exit status. */
int cachedRun(const char* self, long offset, const char* argv0, int argc, char** argv);
