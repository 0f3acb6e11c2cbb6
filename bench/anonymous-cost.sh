#!/usr/bin/env bash
# What anonymous reviews cost (issue #15): key generation, the server's blind signature (issuance) and verification
# (redemption), the client's blinding and finalizing, and the sizes of keys and tokens. Prints medians; CPU only, one core.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
java -cp target/classes:target/test-classes io.candor.anonymous.AnonymousCostBench
