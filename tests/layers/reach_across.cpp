// Must NOT compile: the image module (which links only core) reaches up into
// the server's headers. The layers test builds this target and expects the
// compiler to say the header does not exist (CMakeLists.txt, idmatch_module).
#include "image/decode.h"
#include "server/http_server.h"

int ReachAcross() { return 0; }
