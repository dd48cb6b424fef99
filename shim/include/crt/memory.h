/* <memory.h> for miniport sources: the memory routines of spcrt.h. */
#include "../spcrt.h"
