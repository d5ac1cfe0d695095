/* mask.h — the portal's masking rules, in one place. What the public sees of a person:
 * a name partly (the surname and one star per other character), never an identity number,
 * an address or a telephone number. Free text written by staff (a case's act summary) is
 * shown only after the named secrets and anything shaped like an identity or telephone
 * number in it are replaced.
 *
 * Ownership: every result is allocated from the arena passed in. */
#ifndef FZ_MASK_H
#define FZ_MASK_H

#include "core/arena.h"

/* "张三丰" -> "张**"; "李四" -> "李*"; one character -> "*"; NULL or "" -> "". */
const char *mask_person_name(arena *a, const char *name);

/* A secret a free text may contain, and what stands for it on the portal. */
struct mask_secret {
    const char *value;       /* NULL or shorter than 2 bytes: ignored */
    const char *replacement; /* NULL: "***" */
};

/* text with every occurrence of each secret replaced, then every number of 11 or more
 * digits (an identity, telephone or bank number: ASCII or full-width digits, written whole
 * or in groups split by spaces, hyphens or dots, an identity number's final X included)
 * replaced by a star per digit. NULL text -> "". */
const char *mask_text(arena *a, const char *text, const struct mask_secret *secrets, int n);

#endif
