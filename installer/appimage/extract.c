/* The AppImage runtime's extraction: --appimage-extract, --appimage-extract-and-run and the unpacked cache
 * (cache.c) unpack the SquashFS image with squashfuse's reader. Names from the image are checked before use,
 * nothing is written through a symbolic link, and no setuid, setgid, sticky or world-writable bit survives.
 * Also the folders' locks and clean-up: a running app holds a shared lock on the folder it runs from
 * (holdFolder), and a folder is removed only when it can be locked exclusively (removeUnheld);
 * extract-and-run first removes what killed runs left in the temporary folder. */
#define _GNU_SOURCE

#include "runtime.h"

#include <squashfuse/ll.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

enum { AbandonedAfterSeconds = 600 };
/* File systems whose locks other machines do not see (statfs f_type; linux/magic.h). */
enum { NfsMagic = 0x6969, SmbMagic = 0x517B };
static const unsigned long Smb2Magic = 0xFE534D42ul, CifsMagic = 0xFF534D42ul;

/* What an extracted file or folder may be: rwx for the owner, r-x for others at most (no setuid, setgid,
 * sticky or world-writable bits from the image, whoever extracts it). */
static mode_t safeMode(mode_t mode)
{
    return mode & 0755;
}

/* A path from the image is used only if none of its parts is empty, "." or "..". */
static int safePath(const char* path)
{
    if (!*path || path[0] == '/')
        return 0;
    for (const char* part = path; *part;) {
        const char* end = strchr(part, '/');
        const size_t length = end ? (size_t)(end - part) : strlen(part);
        if (length == 0 || (length == 1 && part[0] == '.') || (length == 2 && part[0] == '.' && part[1] == '.'))
            return 0;
        if (!end)
            break;
        part = end + 1;
    }
    return 1;
}

static int writeFile(sqfs* fs, sqfs_inode* inode, const char* target, mode_t mode)
{
    int out = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, safeMode(mode));
    if (out < 0)
        return -1;
    char buffer[65536];
    sqfs_off_t position = 0;
    sqfs_off_t size = (sqfs_off_t)inode->xtra.reg.file_size;
    while (position < size) {
        sqfs_off_t chunk = size - position < (sqfs_off_t)sizeof buffer ? size - position : (sqfs_off_t)sizeof buffer;
        if (sqfs_read_range(fs, inode, position, &chunk, buffer) != SQFS_OK || chunk <= 0) {
            close(out);
            return -1;
        }
        for (ssize_t done = 0; done < chunk;) {
            ssize_t n = write(out, buffer + done, (size_t)(chunk - done));
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                close(out);
                return -1;
            }
            done += n;
        }
        position += chunk;
    }
    if (fchmod(out, safeMode(mode)) != 0) {
        close(out);
        return -1;
    }
    return close(out);
}

/* Whether `path` or one of the folders above it matches the pattern (a folder is unpacked with the
 * files it holds; the folders on the way to a match are made as they are needed). */
static int wanted(const char* pattern, const char* path)
{
    if (!pattern)
        return 1;
    char prefix[PATH_MAX];
    snprintf(prefix, sizeof prefix, "%s", path);
    for (;;) {
        if (fnmatch(pattern, prefix, 0) == 0)
            return 1;
        char* slash = strrchr(prefix, '/');
        if (!slash)
            return 0;
        *slash = '\0';
    }
}

static int makeParents(const char* target)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", target);
    for (char* p = path + 1; *p; ++p) {
        if (*p != '/')
            continue;
        *p = '\0';
        struct stat st;
        if (mkdir(path, 0755) != 0
            && (errno != EEXIST || lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))) /* never through a symlink */
            return -1;
        *p = '/';
    }
    return 0;
}

/* A folder whose own mode leaves its owner without rwx (a read-only folder in the image): made 0700 so
 * that it can be filled (and removed later); given its mode at the end when the caller asks for exact
 * modes (--appimage-extract), deepest first. */
struct LaterModes
{
    size_t count, capacity;
    char** paths;
    mode_t* modes;
};

static int rememberMode(struct LaterModes* later, const char* path, mode_t mode)
{
    if (later->count == later->capacity) {
        const size_t capacity = later->capacity ? later->capacity * 2 : 16;
        char** paths = realloc(later->paths, capacity * sizeof *paths);
        if (!paths)
            return -1;
        later->paths = paths;
        mode_t* modes = realloc(later->modes, capacity * sizeof *modes);
        if (!modes)
            return -1;
        later->modes = modes;
        later->capacity = capacity;
    }
    if (!(later->paths[later->count] = strdup(path)))
        return -1;
    later->modes[later->count++] = mode;
    return 0;
}

static int finishModes(struct LaterModes* later, int apply)
{
    int result = 0;
    for (size_t i = later->count; i-- > 0;) {
        if (apply) {
            const int fd = open(later->paths[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0 || fchmod(fd, later->modes[i]) != 0) {
                perror(later->paths[i]);
                result = -1;
            }
            if (fd >= 0)
                close(fd);
        }
        free(later->paths[i]);
    }
    free(later->paths);
    free(later->modes);
    return result;
}

int extract(const char* image, long offset, const char* destination, const char* pattern, int flags)
{
    int fd = open(image, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        perror(image);
        return -1;
    }
    sqfs fs;
    if (sqfs_init(&fs, fd, (size_t)offset) != SQFS_OK) {
        fail("the image inside this AppImage is damaged (no SquashFS file system where the program ends)");
        close(fd);
        return -1;
    }
    struct stat st;
    if (mkdir(destination, 0755) != 0
        && (errno != EEXIST || lstat(destination, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid()
            || (st.st_mode & 022) != 0)) {
        fprintf(stderr,
                "%s: %s exists and is not a folder of yours that only you may write to (or is a symbolic link); "
                "nothing was extracted\n",
                s_name, destination);
        sqfs_destroy(&fs);
        close(fd);
        return -1;
    }
    sqfs_traverse trv;
    if (sqfs_traverse_open(&trv, &fs, sqfs_inode_root(&fs)) != SQFS_OK) {
        fail("cannot read the image's folders");
        sqfs_destroy(&fs);
        close(fd);
        return -1;
    }
    int result = 0;
    sqfs_err err = SQFS_OK;
    struct LaterModes later = {0, 0, NULL, NULL};
    while (result == 0 && sqfs_traverse_next(&trv, &err)) {
        if (trv.dir_end || !wanted(pattern, trv.path))
            continue;
        if (!safePath(trv.path)) {
            fprintf(stderr, "%s: the image holds an unsafe name (%s); extraction stopped\n", s_name, trv.path);
            result = -1;
            break;
        }
        char target[PATH_MAX];
        if (snprintf(target, sizeof target, "%s/%s", destination, trv.path) >= (int)sizeof target) {
            result = -1;
            break;
        }
        sqfs_inode inode;
        if (sqfs_inode_get(&fs, &inode, trv.entry.inode) != SQFS_OK || makeParents(target) != 0) {
            result = -1;
            break;
        }
        const mode_t mode = inode.base.mode;
        if (flags & ExtractVerbose)
            printf("%s\n", target);
        if (S_ISDIR(mode)) {
            struct stat existing;
            const int readOnly = (safeMode(mode) & 0700) != 0700;
            if (mkdir(target, safeMode(mode) | 0700) != 0) {
                if (errno != EEXIST || lstat(target, &existing) != 0 || !S_ISDIR(existing.st_mode))
                    result = -1;
                else if ((existing.st_mode & 0700) != 0700 && chmod(target, (existing.st_mode & 0755) | 0700) != 0)
                    result = -1; /* extracted before, read-only since: opened up to be filled again */
            }
            if (result == 0 && readOnly && (flags & ExtractExactModes))
                result = rememberMode(&later, target, safeMode(mode));
        } else if (S_ISREG(mode)) {
            unlink(target); /* a symlink left by an earlier run is replaced, never followed */
            result = writeFile(&fs, &inode, target, mode);
        } else if (S_ISLNK(mode)) {
            char link[PATH_MAX];
            size_t size = sizeof link;
            if (sqfs_readlink(&fs, &inode, link, &size) != SQFS_OK) {
                result = -1;
                break;
            }
            unlink(target);
            result = symlink(link, target);
        } /* devices, sockets and fifos have no place in an AppDir: skipped */
        if (result != 0)
            perror(target);
    }
    if (err != SQFS_OK)
        result = -1;
    if (finishModes(&later, result == 0) != 0)
        result = -1;
    sqfs_traverse_close(&trv);
    sqfs_destroy(&fs);
    close(fd);
    return result;
}

static int removeEntry(const char* path, const struct stat* st, int type, struct FTW* ftw)
{
    (void)st;
    (void)ftw;
    return type == FTW_DP ? rmdir(path) : unlink(path);
}

void removeTree(const char* path)
{
    if (nftw(path, removeEntry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) != 0)
        fprintf(stderr, "%s: could not remove %s completely\n", s_name, path);
}

/* Opens `name` in `root` as a folder (never through a link) and locks it exclusively without waiting. The
 * descriptor, or -1. */
static int lockUnheld(int root, const char* name)
{
    int fd = openat(root, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

void removeUnheld(const char* root, int rootFd, const char* name)
{
    int fd = lockUnheld(rootFd, name);
    if (fd < 0)
        return; /* a running app holds it, or it went already */
    /* Renamed out of the way first, so that a start looking for it finds it gone or whole; an earlier
     * clean-up's leftover, or one whose trash name is taken (someone may make that name in /tmp), is taken
     * apart where it is, under the lock. */
    char path[PATH_MAX];
    if (strncmp(name, ".trash-", 7) != 0 && snprintf(path, sizeof path, "%s/.trash-%s", root, name) < (int)sizeof path
        && renameat2(rootFd, name, rootFd, path + strlen(root) + 1, RENAME_NOREPLACE) == 0) {
        removeTree(path);
    } else if (snprintf(path, sizeof path, "%s/%s", root, name) < (int)sizeof path) {
        removeTree(path);
    }
    close(fd);
}

int holdFolder(const char* path)
{
    /* No O_CLOEXEC: the descriptor, and with it the lock, lives on in AppRun and the app after exec. */
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_SH) != 0) {
        const int error = errno;
        close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

void forEachEntry(const char* root, EntryVisitor visit, void* context)
{
    int rootFd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR* dir = rootFd < 0 ? NULL : fdopendir(dup(rootFd));
    if (!dir) { /* (nothing visited this time; the caller's next use of the folder says what is wrong) */
        if (rootFd >= 0)
            close(rootFd);
        return;
    }
    struct dirent* entry;
    while ((entry = readdir(dir))) {
        struct stat st;
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0
            && fstatat(rootFd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            visit(root, rootFd, entry->d_name, &st, context);
    }
    closedir(dir);
    close(rootFd);
}

struct Abandoned
{
    char prefix[64], trashPrefix[72];
    time_t now;
};

static void removeIfAbandoned(const char* root, int rootFd, const char* name, const struct stat* st, void* context)
{
    const struct Abandoned* a = context;
    if ((strncmp(name, a->prefix, strlen(a->prefix)) == 0 || strncmp(name, a->trashPrefix, strlen(a->trashPrefix)) == 0)
        && S_ISDIR(st->st_mode) && st->st_uid == geteuid() && a->now - st->st_mtime >= AbandonedAfterSeconds)
        removeUnheld(root, rootFd, name);
}

/* Folders earlier extract-and-run starts left in `tmp` (the runtime and the app killed, the machine
 * switched off): this user's, older than AbandonedAfterSeconds (a start locks its new folder right after
 * making it) and held by no running app, are removed. */
static void removeAbandonedFolders(const char* tmp)
{
    struct Abandoned abandoned;
    snprintf(abandoned.prefix, sizeof abandoned.prefix, ".%s-run-", s_name);
    snprintf(abandoned.trashPrefix, sizeof abandoned.trashPrefix, ".trash-%s", abandoned.prefix);
    abandoned.now = time(NULL);
    char resolved[PATH_MAX];
    /* Not where others could swap a folder between the checks and the removal (a folder others may write
     * to that is not sticky), and not on a network file system: a lock there is not seen by the user's
     * other machines, whose running apps' folders would look abandoned. */
    struct statfs fs;
    if (!realpath(tmp, resolved) || !onlyOursOnTheWay(resolved) || statfs(resolved, &fs) != 0
        || fs.f_type == NfsMagic || fs.f_type == SmbMagic || fs.f_type == Smb2Magic || fs.f_type == CifsMagic)
        return;
    forEachEntry(resolved, removeIfAbandoned, &abandoned);
}

int extractAndRun(const char* self, long offset, const char* argv0, int argc, char** argv)
{
    char folder[PATH_MAX];
    /* ".NAME-run-": runtimes before this one named their folders ".NAME-extracted-" and held no lock, so
     * the clean-up below must not take those for abandoned. */
    snprintf(folder, sizeof folder, "%s/.%s-run-XXXXXX", temporaryFolder(), s_name);
    removeAbandonedFolders(temporaryFolder());
    if (!mkdtemp(folder)) {
        perror(folder);
        return 1;
    }
    /* Held while the app runs: a later start's clean-up leaves the folder alone even if this process is
     * killed and the app runs on. */
    const int held = holdFolder(folder);
    if (held < 0) {
        perror(folder);
        removeTree(folder);
        return 1;
    }
    struct stat made, there;
    if (fstat(held, &made) != 0 || lstat(folder, &there) != 0 || made.st_dev != there.st_dev
        || made.st_ino != there.st_ino) {
        /* This start stood still for ten minutes between making the folder and locking it, and another
         * start's clean-up took it: what is at the name now is not ours to fill. */
        fprintf(stderr, "%s: the folder %s was removed before it could be used; start again\n", s_name, folder);
        close(held);
        return 1;
    }
    int status = 1;
    if (extract(self, offset, folder, NULL, 0) == 0) {
        setenv("APPIMAGE_EXTRACT_AND_RUN", "1", 1); /* a restart of the app runs the same way */
        status = runApp(self, folder, argv0, argc, argv);
    }
    close(held);
    removeTree(folder);
    return status;
}
