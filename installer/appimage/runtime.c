/* ClerkDesk's AppImage runtime: the ELF program at the head of a type-2 AppImage (AppImageSpec).
 *
 * The file is this program followed by a SquashFS image of the AppDir, which starts where the ELF file
 * ends (its section header table is the last thing in it). The runtime mounts the image read-only through
 * FUSE 3 with squashfuse's low-level operations into a private folder, runs AppRun from there with
 * APPIMAGE, APPDIR, ARGV0 and OWD set, and unmounts when AppRun has exited. Without FUSE it says so and
 * how to run anyway: --appimage-extract-and-run unpacks into a private temporary folder instead.
 *
 * Three processes while the app runs: this one (waits, then cleans up), the FUSE server (a child that
 * mounts and answers the kernel until it is told to stop) and AppRun (a second child). Extraction and
 * extract-and-run are in extract.c (which also removes the folders killed runs left), the opt-in unpacked
 * cache in cache.c. Nothing writes outside the mount point, the folders these make themselves and the
 * user's cache folder.
 *
 * Linked statically (glibc, libfuse3, squashfuse and the decompressors are static in Debian), so it starts
 * on any x86_64 Linux with a kernel that has FUSE; mounting as a normal user needs fusermount3 (fuse3). */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 32

#include "runtime.h"

#include <squashfuse/ll.h>
#include <zstd.h>

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The sections AppImageSpec reserves for update information and an embedded signature. Empty: ClerkDesk
 * is updated by city IT's software distribution, not by AppImageUpdate (docs/ADMIN.md). */
__attribute__((section(".upd_info"), used)) static char s_updateInfo[1024];
__attribute__((section(".sha256_sig"), used)) static char s_sha256Signature[1024];
__attribute__((section(".sig_key"), used)) static char s_signatureKey[8192];

const char* s_name = "ClerkDesk";

void fail(const char* what)
{
    fprintf(stderr, "%s: %s\n", s_name, what);
}

/* Where the SquashFS image starts: the end of the ELF file, i.e. after its section header table. */
static long imageOffset(const char* path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    Elf64_Ehdr header;
    ssize_t got = pread(fd, &header, sizeof header, 0);
    close(fd);
    if (got != (ssize_t)sizeof header || memcmp(header.e_ident, ELFMAG, SELFMAG) != 0
        || header.e_ident[EI_CLASS] != ELFCLASS64)
        return -1;
    return (long)(header.e_shoff + (Elf64_Off)header.e_shentsize * header.e_shnum);
}

static void printHelp(const char* self)
{
    printf("%s AppImage runtime\n\n"
           "Usage: %s [APP OPTIONS...]          mount the image and start the app\n"
           "       %s --appimage-extract [PATTERN]\n"
           "                                  unpack the image (or the paths matching PATTERN) into ./squashfs-root\n"
           "       %s --appimage-extract-and-run [APP OPTIONS...]\n"
           "                                  unpack into a private temporary folder, start the app, remove the folder\n"
           "                                  (also with APPIMAGE_EXTRACT_AND_RUN=1; for systems without FUSE)\n"
           "       CLERKDESK_APPIMAGE_CACHE=1 %s [APP OPTIONS...]\n"
           "                                  run from an unpacked copy in ~/.cache/clerkdesk-appimage (made at the\n"
           "                                  first start of each version): starts faster, needs about 130 MB per version\n"
           "       %s --appimage-offset       print where the image starts in this file\n"
           "       %s --appimage-help         this text\n",
           s_name, self, self, self, self, self, self);
}

/* ------------------------------------------------------------------------------------------------ */
/* Reading the image fast */

/* For zstd images (ours are lz4 since the start-up measurements in docs/ADMIN.md, but the runtime reads
 * any SquashFS compression): squashfuse's own zstd path makes and frees a decompression context for every
 * block, which cost about a seventh of the start-up time; this one keeps one context per thread. */
static sqfs_err decompressZstd(void* in, size_t inSize, void* out, size_t* outSize)
{
    static __thread ZSTD_DCtx* context;
    if (!context && !(context = ZSTD_createDCtx()))
        return SQFS_ERR;
    const size_t size = ZSTD_decompressDCtx(context, out, *outSize, in, inSize);
    if (ZSTD_isError(size))
        return SQFS_ERR;
    *outSize = size;
    return SQFS_OK;
}

/* squashfuse keeps one decompressed data block and three fragment blocks. The loader touches a
 * library's pages here and there, and each miss decompressed a whole block again (94 MB for 19 MB of
 * pages when the app starts); 16 MB of blocks keep each one decompressed about once. */
static void tuneReading(sqfs* fs)
{
    if (sqfs_compression(fs) == ZSTD_COMPRESSION)
        fs->decompressor = decompressZstd;
    const size_t blocks = (16u << 20) / (fs->sb.block_size ? fs->sb.block_size : 1);
    if (blocks < 8)
        return;
    sqfs_cache_destroy(&fs->data_cache);
    sqfs_cache_destroy(&fs->frag_cache);
    if (sqfs_block_cache_init(&fs->data_cache, blocks) != SQFS_OK
        || sqfs_block_cache_init(&fs->frag_cache, blocks / 4) != SQFS_OK) {
        fail("not enough memory for the image's block cache");
        exit(1);
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* Starting AppRun */

static void setEnvironment(const char* self, const char* appDir, const char* argv0)
{
    char cwd[PATH_MAX];
    setenv("APPIMAGE", self, 1);
    setenv("APPDIR", appDir, 1);
    setenv("ARGV0", argv0, 1);
    if (getcwd(cwd, sizeof cwd))
        setenv("OWD", cwd, 1);
}

/* The child running AppRun, for the signal forwarding below. */
static volatile pid_t s_child;

static void forwardSignal(int signal)
{
    if (s_child > 0)
        kill(s_child, signal);
}

int execApp(const char* self, const char* appDir, const char* argv0, int argc, char** argv)
{
    char appRun[PATH_MAX];
    if (snprintf(appRun, sizeof appRun, "%s/AppRun", appDir) >= (int)sizeof appRun)
        return 127;
    setEnvironment(self, appDir, argv0);
    char** args = calloc((size_t)argc + 2, sizeof(char*));
    if (!args)
        return 127;
    args[0] = appRun;
    for (int i = 0; i < argc; ++i)
        args[i + 1] = argv[i];
    execv(appRun, args);
    perror(appRun);
    free(args);
    return 127;
}

int runApp(const char* self, const char* appDir, const char* argv0, int argc, char** argv)
{
    /* Ctrl+C reaches the app from the terminal itself (the whole process group gets it); a TERM, HUP or QUIT
     * sent to this process only (a session ending, a supervisor, `kill`) is passed on, and the clean-up
     * after the app still runs. Set before the fork (a signal right after it must not be lost), put back
     * to the defaults in the child before AppRun starts. */
    const int forwarded[] = {SIGTERM, SIGHUP, SIGQUIT};
    struct sigaction forward, previous[3], previousInt;
    memset(&forward, 0, sizeof forward);
    forward.sa_handler = forwardSignal;
    s_child = 0;
    for (int i = 0; i < 3; ++i)
        sigaction(forwarded[i], &forward, &previous[i]);
    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ignore, &previousInt);
    /* Held back until the child's number is known (then delivered, and passed on). */
    sigset_t held, unheld;
    sigemptyset(&held);
    for (int i = 0; i < 3; ++i)
        sigaddset(&held, forwarded[i]);
    sigprocmask(SIG_BLOCK, &held, &unheld);
    pid_t child = fork();
    if (child == 0) {
        for (int i = 0; i < 3; ++i)
            signal(forwarded[i], SIG_DFL);
        signal(SIGINT, SIG_DFL);
        sigprocmask(SIG_SETMASK, &unheld, NULL);
        _exit(execApp(self, appDir, argv0, argc, argv));
    }
    s_child = child > 0 ? child : 0;
    sigprocmask(SIG_SETMASK, &unheld, NULL);
    if (child < 0) {
        perror("fork");
        for (int i = 0; i < 3; ++i)
            sigaction(forwarded[i], &previous[i], NULL);
        sigaction(SIGINT, &previousInt, NULL);
        return 127;
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    s_child = 0;
    for (int i = 0; i < 3; ++i)
        sigaction(forwarded[i], &previous[i], NULL);
    sigaction(SIGINT, &previousInt, NULL);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

const char* temporaryFolder(void)
{
    const char* tmp = getenv("TMPDIR");
    return tmp && tmp[0] == '/' ? tmp : "/tmp";
}

/* ------------------------------------------------------------------------------------------------ */
/* Mounting */

static struct fuse_session* s_session;

static void stopServing(int signal)
{
    (void)signal;
    if (s_session)
        fuse_session_exit(s_session);
}

/* Opening a file keeps what the kernel has cached of it (the image never changes while mounted): without
 * keep_cache each open() drops the file's cached pages, and a library read once is read through FUSE again. */
static void openKeepingCache(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info* fi)
{
    fi->keep_cache = 1;
    sqfs_ll_op_open(req, ino, fi);
}

/* The kernel reads ahead 32 KiB around a page the loader touches instead of 128 KiB: a library's
 * relocations are spread over its file, and the larger windows read (and decompressed) twice the
 * bytes the app uses. */
static void initConnection(void* userdata, struct fuse_conn_info* connection)
{
    (void)userdata;
    connection->max_readahead = 32u << 10;
}

/* The FUSE server (in a child): mounts, reports to `ready` ("1" or an error text), serves until told. */
static int serve(const char* self, long offset, const char* mountPoint, int ready)
{
    sqfs_ll* ll = sqfs_ll_open(self, (size_t)offset);
    if (!ll) {
        dprintf(ready, "the image inside this AppImage is damaged");
        return 1;
    }
    tuneReading(&ll->fs);
    struct fuse_lowlevel_ops ops;
    memset(&ops, 0, sizeof ops);
    ops.getattr = sqfs_ll_op_getattr;
    ops.opendir = sqfs_ll_op_opendir;
    ops.releasedir = sqfs_ll_op_releasedir;
    ops.readdir = sqfs_ll_op_readdir;
    ops.lookup = sqfs_ll_op_lookup;
    ops.open = openKeepingCache;
    ops.create = sqfs_ll_op_create;
    ops.release = sqfs_ll_op_release;
    ops.read = sqfs_ll_op_read;
    ops.readlink = sqfs_ll_op_readlink;
    ops.listxattr = sqfs_ll_op_listxattr;
    ops.getxattr = sqfs_ll_op_getxattr;
    ops.forget = sqfs_ll_op_forget;
    ops.statfs = stfs_ll_op_statfs;
    ops.init = initConnection;

    char* arguments[] = {(char*)s_name, (char*)"-o", (char*)"ro,nodev,nosuid,subtype=clerkdesk", NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, arguments);
    sqfs_ll_chan channel;
    if (sqfs_ll_mount(&channel, mountPoint, &args, &ops, sizeof ops, ll) != SQFS_OK) {
        dprintf(ready, "FUSE is not available on this system");
        sqfs_ll_destroy(ll);
        free(ll);
        return 1;
    }
    s_session = channel.session;
    struct sigaction stop;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = stopServing;
    sigaction(SIGTERM, &stop, NULL);
    signal(SIGINT, SIG_IGN); /* Ctrl+C goes to the app; the mount stays until the app has exited */
    dprintf(ready, "1");
    close(ready);
    /* Several threads (Debian builds squashfuse thread-safe): the kernel's read-ahead and the page faults
     * of the app's threads are answered side by side. No files are read ahead of the app: reading the
     * start-up libraries whole (90 MB instead of the 40 MB the app touches) cost more than it saved on
     * two busy cores (docs/ADMIN.md, "Start-up time"). */
    struct fuse_loop_config loop = {.clone_fd = 0, .max_idle_threads = 4};
    int result = fuse_session_loop_mt(channel.session, &loop);
    sqfs_ll_unmount(&channel, mountPoint);
    rmdir(mountPoint); /* here too: the runtime may have been killed */
    sqfs_ll_destroy(ll);
    free(ll);
    return result == 0 ? 0 : 1;
}

static int mountAndRun(const char* self, long offset, const char* argv0, int argc, char** argv)
{
    char mountPoint[PATH_MAX];
    snprintf(mountPoint, sizeof mountPoint, "%s/.mount_%sXXXXXX", temporaryFolder(), s_name);
    if (!mkdtemp(mountPoint)) {
        perror(mountPoint);
        return 1;
    }
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0) {
        perror("pipe");
        rmdir(mountPoint);
        return 1;
    }
    pid_t server = fork();
    if (server < 0) {
        perror("fork");
        rmdir(mountPoint);
        return 1;
    }
    if (server == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* the runtime killed: the server stops and unmounts */
        if (getppid() == 1)
            _exit(1);
        close(pipeFds[0]);
        _exit(serve(self, offset, mountPoint, pipeFds[1]));
    }
    close(pipeFds[1]);
    char answer[256] = {0};
    ssize_t got;
    while ((got = read(pipeFds[0], answer, sizeof answer - 1)) < 0 && errno == EINTR) {
    }
    close(pipeFds[0]);
    if (got <= 0 || strcmp(answer, "1") != 0) {
        waitpid(server, NULL, 0);
        rmdir(mountPoint);
        fprintf(stderr,
                "%s: cannot mount the program image (%s); run it anyway with \"%s --appimage-extract-and-run\" "
                "(or APPIMAGE_EXTRACT_AND_RUN=1), or install FUSE 3 (Debian and Ubuntu: package fuse3).\n",
                s_name, got > 0 ? answer : "the mount helper stopped", argv0);
        return 127;
    }
    int status = runApp(self, mountPoint, argv0, argc, argv);
    kill(server, SIGTERM);
    /* The loop notices the signal at its next request: one look at the mount point wakes it. */
    struct stat st;
    stat(mountPoint, &st);
    while (waitpid(server, NULL, 0) < 0 && errno == EINTR) {
    }
    if (rmdir(mountPoint) != 0 && errno != ENOENT)
        fprintf(stderr, "%s: could not remove the mount point %s\n", s_name, mountPoint);
    return status;
}

int main(int argc, char** argv)
{
    char self[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) {
        fail("cannot find its own file (is /proc mounted?)");
        return 1;
    }
    self[length] = '\0';
    const long offset = imageOffset(self);
    if (offset <= 0) {
        fail("this file is not a complete AppImage");
        return 1;
    }
    const char* argv0 = argc > 0 ? argv[0] : s_name;
    const char* option = argc > 1 ? argv[1] : "";

    if (strcmp(option, "--appimage-help") == 0) {
        printHelp(argv0);
        return 0;
    }
    if (strcmp(option, "--appimage-offset") == 0) {
        printf("%ld\n", offset);
        return 0;
    }
    if (strcmp(option, "--appimage-extract") == 0) {
        const char* pattern = argc > 2 ? argv[2] : NULL;
        return extract(self, offset, "squashfs-root", pattern, ExtractVerbose | ExtractExactModes) == 0 ? 0 : 1;
    }
    if (strncmp(option, "--appimage-", 11) == 0 && strcmp(option, "--appimage-extract-and-run") != 0) {
        fprintf(stderr, "%s: unknown option %s (see --appimage-help)\n", s_name, option);
        return 1;
    }
    const char* extractEnv = getenv("APPIMAGE_EXTRACT_AND_RUN");
    if (strcmp(option, "--appimage-extract-and-run") == 0)
        return extractAndRun(self, offset, argv0, argc - 2, argv + 2);
    if (extractEnv && strcmp(extractEnv, "1") == 0)
        return extractAndRun(self, offset, argv0, argc - 1, argv + 1);
    const char* cacheEnv = getenv("CLERKDESK_APPIMAGE_CACHE");
    if (cacheEnv && strcmp(cacheEnv, "1") == 0) {
        const int status = cachedRun(self, offset, argv0, argc - 1, argv + 1);
        if (status >= 0)
            return status;
    }
    return mountAndRun(self, offset, argv0, argc - 1, argv + 1);
}
