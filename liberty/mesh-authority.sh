#!/usr/bin/env bash
# The mesh authority: signs membership certificates for node identities and revocation lists
# (docs/protocol.md, "Membership certificates"; docs/operations.md, "Certified mesh").
#
#   liberty/mesh-authority.sh init DIR
#       a new authority key in DIR (owner-only); the last line printed is its public key, the value of
#       mesh.trust.authorities
#   liberty/mesh-authority.sh provision DIR --groups a,b --days N --out DATA_DIR
#       a node's data directory: a fresh identity.key and its certificate membership.cert
#   liberty/mesh-authority.sh issue DIR --identity <identity.key file | base64url public key> --groups a,b --days N --out FILE
#       a certificate for an existing node
#   liberty/mesh-authority.sh revoke DIR --serial S [--serial S ...]
#       the authority's next revocation list (seq + 1), written to DIR/revocation-list.json
#
# Runs the compiled classes of this checkout; builds them first when missing (mvn, offline when it can).
set -euo pipefail

project=$(cd "$(dirname "$0")/.." && pwd)
classes="$project/target/classes"
classpath_file="$project/target/mesh-authority.classpath"

die() { echo "mesh-authority: $*" >&2; exit 1; }

if [ ! -f "$classes/io/agentmesh/membership/AuthorityTool.class" ] || [ ! -s "$classpath_file" ]; then
  command -v mvn >/dev/null || die "the project is not built and mvn is not on the PATH: install Maven and run mvn compile"
  build=(mvn -q -B -f "$project/pom.xml" compile dependency:build-classpath -Dmdep.includeScope=test
         -Dmdep.includeArtifactIds=bcprov-jdk18on,parsson,jakarta.json-api -Dmdep.outputFile="$classpath_file")
  echo "mesh-authority: building (mvn compile dependency:build-classpath)…" >&2
  "${build[@]}" -o >&2 || "${build[@]}" >&2 || die "build failed: run mvn compile in $project and try again"
fi
command -v java >/dev/null || die "java (17 or later) is not on the PATH"
exec java -cp "$classes:$(cat "$classpath_file")" io.agentmesh.membership.AuthorityTool "$@"
