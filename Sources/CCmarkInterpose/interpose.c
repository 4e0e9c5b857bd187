// cmark-gfm 0.29 keeps the special inline characters of its extensions (autolink's ':' and 'w',
// strikethrough's '~') in a global table, and every cmark_parser_finish adds them before
// parsing inlines and removes them after. Two parses on two threads race: one removes the
// characters while the other is still parsing, which silently loses its autolinks.
//
// gen attaches the same extensions to every parser, so the characters may as well stay set.
// This definition takes the place of the library's exported function (an executable's symbol
// comes first for the library's own calls through its PLT): it adds, and never removes.
// Where the platform does not allow that (macOS two-level namespaces, a library linked with
// -Bsymbolic), gen_cmark_interposer_active() stays 0 and the Swift side serialises
// cmark_parser_finish instead.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include "cmark_interpose.h"

typedef struct cmark_parser cmark_parser;
typedef void (*manage_fn)(cmark_parser *, int);

static manage_fn real_manage = 0;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int active = 0;

static void find_real(void) {
    real_manage = (manage_fn)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
}

void cmark_manage_extensions_special_characters(cmark_parser *parser, int add) {
    pthread_once(&once, find_real);
    if (!real_manage) return;
    atomic_store(&active, 1);
    if (add) real_manage(parser, add);
}

int gen_cmark_interposer_active(void) {
    return atomic_load(&active);
}
