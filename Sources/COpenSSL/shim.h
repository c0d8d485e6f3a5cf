// The parts of OpenSSL's libcrypto that isofleet uses: the EVP message-digest API, which runs
// SHA-256 with the CPU's SHA extensions (the same code as `openssl dgst`), and EVP's Ed25519
// signatures with PEM key reading (signed manifests).
#include <openssl/evp.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
