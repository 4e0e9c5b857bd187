#ifndef GEN_CMARK_INTERPOSE_H
#define GEN_CMARK_INTERPOSE_H

/// Whether this program's cmark_manage_extensions_special_characters replaced the library's
/// (known after the first parse): then parses may finish on several threads at once.
int gen_cmark_interposer_active(void);

#endif
