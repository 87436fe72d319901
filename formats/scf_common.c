#include "formats/scf.h"
#include <string.h>
const char *scf_strerror(int err) { return strerror(err < 0 ? -err : err); }
