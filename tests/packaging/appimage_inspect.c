/* Reads an AppImage with Debian's libappimage (an implementation of the format that is not ours) and
 * prints its type and its files, one per line: "type N", then the paths. Used by check_appimage_runtime.sh. */
#include <appimage/appimage.h>

#include <stdio.h>

int main(int argc, char** argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: appimage_inspect FILE\n");
        return 2;
    }
    const int type = appimage_get_type(argv[1], false);
    printf("type %d\n", type);
    if (type != 2)
        return 1;
    char** files = appimage_list_files(argv[1]);
    if (!files)
        return 1;
    for (char** f = files; *f; ++f)
        printf("%s\n", *f);
    appimage_string_list_free(files);
    return 0;
}
