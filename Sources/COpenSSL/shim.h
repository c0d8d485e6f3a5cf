// The parts of OpenSSL's libcrypto that isofleet uses: the EVP message-digest API,
// which runs SHA-256 with the CPU's SHA extensions (the same code as `openssl dgst`).
#include <openssl/evp.h>
