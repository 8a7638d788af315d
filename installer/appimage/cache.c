/* The opt-in unpacked cache of the AppImage runtime (CLERKDESK_APPIMAGE_CACHE=1).
 *
 * A FUSE mount per start reads every library page the app touches through the kernel again (docs/ADMIN.md,
 * "Start-up time"). With the cache on, the first start of an image unpacks it into a private folder of the
 * user's cache, named after the image's identity, and every start runs AppRun from there, as fast as an
 * unpacked AppDir. A new image (an update) has another identity and gets its own folder; folders no running
 * app holds and not started for 14 days are removed, and so are unpacking attempts that were cut off.
 *
 * Safety: every folder on the way to the cache must belong to root or the user, and one that others may
 * write to must be sticky (so nobody else can swap a folder between the checks and the start). A folder
 * counts as unpacked only when it holds the stamp written last, after its contents reached the disk. A
 * running app holds a shared lock on its folder (holdFolder: the descriptor is inherited through exec), and
 * the clean-up removes only folders it can lock exclusively. An unpacking that failed (a full disk, a quota)
 * is noted as ".failed-KEY"; for an hour that version's starts mount at once instead of trying again.
 *
 * The identity is a 64-bit FNV-1a hash of the AppImage file's own identity (inode, size, modification and
 * change times to the nanosecond: a new version copied or moved into place, even with its modification time
 * kept, is another file or was changed) and of the SquashFS superblock and its metadata tables. The metadata
 * alone would not do: ./dev package builds reproducibly (all times 0), and a one-byte change in a library can
 * keep every compressed size. It is not a signature: the cache is as trustworthy as the rest of the user's
 * home folder (the user can change what is in it), which is why it must be closed to everyone else. */
#define _GNU_SOURCE

#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    SuperblockSize = 96,
    KeepDays = 14,
    PartialSeconds = 3600,
    RetryAfterFailureSeconds = 3600,
};
static const uint64_t MaxMetadata = 256u << 20;

static uint64_t readLe64(const unsigned char* bytes)
{
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i)
        value = value << 8 | bytes[i];
    return value;
}

static uint64_t fnv1a(uint64_t hash, const unsigned char* bytes, size_t size)
{
    for (size_t i = 0; i < size; ++i) {
        hash ^= bytes[i];
        hash *= 0x100000001b3ull;
    }
    return hash;
}

/* The image's identity as 16 hex digits: the file's identity, the superblock and the metadata tables
 * that follow the data (from the inode table to the image's end). 0 on success. */
static int imageKey(const char* self, long offset, char key[17])
{
    int fd = open(self, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    unsigned char superblock[SuperblockSize];
    struct stat st;
    int result = -1;
    if (fstat(fd, &st) == 0 && pread(fd, superblock, sizeof superblock, offset) == (ssize_t)sizeof superblock
        && memcmp(superblock, "hsqs", 4) == 0) {
        const uint64_t bytesUsed = readLe64(superblock + 40);
        const uint64_t inodeTable = readLe64(superblock + 64);
        if (inodeTable < bytesUsed && bytesUsed - inodeTable <= MaxMetadata
            && (uint64_t)offset + bytesUsed <= (uint64_t)st.st_size) {
            const uint64_t file[] = {(uint64_t)st.st_ino, (uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
                (uint64_t)st.st_mtim.tv_nsec, (uint64_t)st.st_ctim.tv_sec, (uint64_t)st.st_ctim.tv_nsec};
            uint64_t hash = fnv1a(0xcbf29ce484222325ull, (const unsigned char*)file, sizeof file);
            hash = fnv1a(hash, superblock, sizeof superblock);
            unsigned char buffer[65536];
            uint64_t position = inodeTable;
            result = 0;
            while (position < bytesUsed) {
                const size_t want = bytesUsed - position < sizeof buffer ? (size_t)(bytesUsed - position) : sizeof buffer;
                const ssize_t got = pread(fd, buffer, want, offset + (off_t)position);
                if (got <= 0) {
                    result = -1;
                    break;
                }
                hash = fnv1a(hash, buffer, (size_t)got);
                position += (uint64_t)got;
            }
            snprintf(key, 17, "%016llx", (unsigned long long)hash);
        }
    }
    close(fd);
    return result;
}

static const char StampName[] = ".clerkdesk-unpacked";
/* ".failed-KEY": unpacking that image failed at the file's time (a full disk, a quota): the starts of the
 * next RetryAfterFailureSeconds mount instead of trying again, each a second or more of unpacking lost. */
static const char FailedPrefix[] = ".failed-";

/* Whether a failure noted at `when` still counts: within the last RetryAfterFailureSeconds (a time in the
 * future, after the clock was set back, does not). */
static int recentFailure(time_t when)
{
    const time_t age = time(NULL) - when;
    return age >= 0 && age < RetryAfterFailureSeconds;
}

int onlyOursOnTheWay(const char* path)
{
    char prefix[PATH_MAX];
    snprintf(prefix, sizeof prefix, "%s", path);
    for (size_t length = strlen(prefix);;) {
        struct stat st;
        if (lstat(length ? prefix : "/", &st) != 0 || !S_ISDIR(st.st_mode))
            return 0;
        if (st.st_uid != 0 && st.st_uid != geteuid())
            return 0;
        if ((st.st_mode & 022) != 0 && !(st.st_mode & S_ISVTX))
            return 0;
        if (length == 0)
            return 1;
        char* slash = strrchr(prefix, '/');
        *slash = '\0';
        length = strlen(prefix);
    }
}

/* $XDG_CACHE_HOME/clerkdesk-appimage (or ~/.cache/…), made if missing, as a resolved path; refused unless
 * it is a folder of this user that nobody else may write to, on a way nobody else can change. 0 on success. */
static int cacheRoot(char* root, size_t size)
{
    const char* xdg = getenv("XDG_CACHE_HOME");
    const char* home = getenv("HOME");
    char base[PATH_MAX], wanted[PATH_MAX];
    if (xdg && xdg[0] == '/')
        snprintf(base, sizeof base, "%s", xdg);
    else if (home && home[0] == '/')
        snprintf(base, sizeof base, "%s/.cache", home);
    else {
        fail("the unpacked cache needs HOME or XDG_CACHE_HOME; starting without it");
        return -1;
    }
    if (mkdir(base, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: cannot make the cache folder %s (%s); starting without the unpacked cache\n", s_name,
                base, strerror(errno));
        return -1;
    }
    if (snprintf(wanted, sizeof wanted, "%s/clerkdesk-appimage", base) >= (int)sizeof wanted)
        return -1;
    if (mkdir(wanted, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: cannot make the cache folder %s (%s); starting without the unpacked cache\n", s_name,
                wanted, strerror(errno));
        return -1;
    }
    struct stat st;
    if (!realpath(wanted, root) || strlen(root) >= size || lstat(root, &st) != 0 || !S_ISDIR(st.st_mode)
        || st.st_uid != geteuid() || (st.st_mode & 077) != 0 || !onlyOursOnTheWay(root)) {
        fprintf(stderr,
                "%s: the cache folder %s is not a private folder of yours (another owner, open to others, or on a "
                "way others can change); starting without the unpacked cache\n",
                s_name, wanted);
        return -1;
    }
    return 0;
}

/* Removes what the cache no longer needs: other images' folders not started for KeepDays, unpacking
 * attempts older than PartialSeconds and leftovers of earlier clean-ups, unless someone holds them. */
struct Stale
{
    const char* keep;
    time_t now;
};

static void removeIfStale(const char* root, int rootFd, const char* name, const struct stat* st, void* context)
{
    const struct Stale* s = context;
    if (strcmp(name, s->keep) == 0)
        return;
    if (S_ISREG(st->st_mode) && strncmp(name, FailedPrefix, strlen(FailedPrefix)) == 0 && !recentFailure(st->st_mtime)) {
        unlinkat(rootFd, name, 0); /* a failure too old to count */
        return;
    }
    if (!S_ISDIR(st->st_mode))
        return;
    const int partial = strncmp(name, ".partial-", 9) == 0;
    const int trash = strncmp(name, ".trash-", 7) == 0;
    if (trash || s->now - st->st_mtime > (partial ? PartialSeconds : KeepDays * 24 * 3600))
        removeUnheld(root, rootFd, name);
}

static void removeStale(const char* root, const char* keep)
{
    struct Stale stale = {keep, time(NULL)};
    forEachEntry(root, removeIfStale, &stale);
}

/* Whether `folder` is a whole unpacked image: its stamp (written last) names `key`. */
static int isUnpacked(const char* folder, const char* key)
{
    char stamp[PATH_MAX], text[32] = {0};
    if (snprintf(stamp, sizeof stamp, "%s/%s", folder, StampName) >= (int)sizeof stamp)
        return 0;
    int fd = open(stamp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return 0;
    const ssize_t got = read(fd, text, sizeof text - 1);
    close(fd);
    return got == 17 && strncmp(text, key, 16) == 0 && text[16] == '\n';
}

/* Unpacks the image into `partial` (a new folder, locked by this start while it fills) and names it
 * `folder` once everything in it has reached the disk and the stamp is written. 0 on success, also when
 * another start named its own copy first. */
static int unpack(const char* self, long offset, const char* partial, const char* folder, const char* key)
{
    int lock = open(partial, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (lock < 0 || flock(lock, LOCK_EX) != 0 || extract(self, offset, partial, NULL, 0) != 0) {
        fprintf(stderr, "%s: unpacking into %s failed (is the disk full?); starting without the unpacked cache\n",
                s_name, partial);
        if (lock >= 0)
            close(lock);
        removeTree(partial);
        return -1;
    }
    char stamp[PATH_MAX];
    int fd = -1;
    if (snprintf(stamp, sizeof stamp, "%s/%s", partial, StampName) >= (int)sizeof stamp || syncfs(lock) != 0 || (fd = open(stamp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0
        || dprintf(fd, "%s\n", key) != 17 || fsync(fd) != 0) {
        fprintf(stderr, "%s: cannot finish the unpacked cache in %s (%s); starting without it\n", s_name, partial,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        close(lock);
        removeTree(partial);
        return -1;
    }
    close(fd);
    /* Whole or not at all: the folder gets its name only now. Another start that unpacked the same image at
     * the same time may have named its own first: then that one is used. */
    const int renamed = rename(partial, folder) == 0;
    const int error = errno;
    close(lock);
    if (renamed)
        return 0;
    removeTree(partial);
    if (isUnpacked(folder, key))
        return 0;
    fprintf(stderr, "%s: cannot finish the unpacked cache %s (%s); starting without it\n", s_name, folder,
            strerror(error));
    return -1;
}

int cachedRun(const char* self, long offset, const char* argv0, int argc, char** argv)
{
    char root[PATH_MAX];
    if (cacheRoot(root, sizeof root) != 0)
        return -1;
    char key[17];
    if (imageKey(self, offset, key) != 0) {
        fail("cannot read the image's identity; starting without the unpacked cache");
        return -1;
    }
    char folder[PATH_MAX], partial[PATH_MAX], failed[PATH_MAX];
    if (snprintf(folder, sizeof folder, "%s/%s", root, key) >= (int)sizeof folder
        || snprintf(partial, sizeof partial, "%s/.partial-%s-XXXXXX", root, key) >= (int)sizeof partial
        || snprintf(failed, sizeof failed, "%s/%s%s", root, FailedPrefix, key) >= (int)sizeof failed) {
        fail("the cache folder's path is too long; starting without the unpacked cache");
        return -1;
    }
    struct stat st;
    if (lstat(folder, &st) == 0 && !isUnpacked(folder, key)) {
        /* Cut off before its stamp, or changed: out of the way (a whole copy always has its stamp). */
        fprintf(stderr, "%s: the unpacked cache %s is incomplete; unpacking it again\n", s_name, folder);
        int rootFd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (rootFd >= 0) {
            removeUnheld(root, rootFd, key);
            close(rootFd);
        }
    }
    if (!isUnpacked(folder, key)) {
        if (lstat(failed, &st) == 0 && S_ISREG(st.st_mode) && recentFailure(st.st_mtime)) {
            fprintf(stderr,
                    "%s: unpacking this version into %s failed %ld minutes ago; starting without the unpacked cache "
                    "(tried again an hour after the failure)\n",
                    s_name, root, (long)(time(NULL) - st.st_mtime) / 60);
            return -1;
        }
        int unpacked = -1;
        if (!mkdtemp(partial))
            fprintf(stderr, "%s: cannot unpack into %s (%s); starting without the unpacked cache\n", s_name, root,
                    strerror(errno));
        else
            unpacked = unpack(self, offset, partial, folder, key); /* (says why when it fails) */
        if (unpacked != 0) {
            const int mark = open(failed, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (mark < 0 || futimens(mark, NULL) != 0)
                fprintf(stderr, "%s: cannot note the failure in %s (%s)\n", s_name, failed, strerror(errno));
            if (mark >= 0)
                close(mark);
            return -1;
        }
        unlink(failed); /* (if it stays, it only delays the cache of a later failure's hour) */
    }
    /* Held for as long as the app runs: the clean-up of a later start leaves it alone even after 14 days. */
    const int held = holdFolder(folder);
    if (held < 0) {
        fprintf(stderr, "%s: cannot use the unpacked cache %s (%s); starting without it\n", s_name, folder,
                strerror(errno));
        return -1;
    }
    /* The folder's time says when it was last started (removeStale keeps what was used lately). */
    if (futimens(held, NULL) != 0)
        fprintf(stderr, "%s: cannot mark %s as used (%s)\n", s_name, folder, strerror(errno));
    removeStale(root, key);
    /* AppRun replaces this process: signals reach the app directly and its exit status is the start's. */
    return execApp(self, folder, argv0, argc, argv);
}
