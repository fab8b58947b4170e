#!/usr/bin/env bash
# Makes the fixed, TEST-ONLY credentials the committed attack fixtures are signed with.
#
# Why committed keys: test identities are otherwise generated per test process, so a
# fixture signed with them could not be replayed later or by another tool. These keys
# are public by design (they sit in the repository): never trust them anywhere.
#
#   idp       plays MPass: signs the Responses and LogoutRequests; its certificate is the pinned one
#   service   plays a Service: signs the AuthnRequests
#   attacker  signs the forgeries
#
# Running this again makes new keys, which invalidates every fixture: re-record them with
#   RECORD=1 swift test --filter AttackFixtureTests
set -euo pipefail
cd "$(dirname "$0")"

for name in idp service attacker; do
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 7305 \
        -subj "/C=MD/O=TEST ONLY - mpass-harness fixtures/CN=fixture $name" \
        -addext "basicConstraints=critical,CA:FALSE" \
        -addext "keyUsage=critical,digitalSignature" \
        -keyout "$name.key.pem" -out "$name.cert.pem" 2>/dev/null
    echo "make-keys: $name.key.pem, $name.cert.pem ($(openssl x509 -in "$name.cert.pem" -noout -enddate))" >&2
done
