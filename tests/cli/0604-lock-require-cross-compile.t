--require-cross-compile (opam-monorepo's option, which mirage's Makefile passes): for a
package some versions of which are tagged `cross-compile`, the untagged versions are out;
packages with no tagged version are not concerned.

  $ mkdir -p repo/packages && echo 'opam-version: "2.0"' > repo/repo
  $ pkg() { mkdir -p repo/packages/$1/$1.$2 && cat > repo/packages/$1/$1.$2/opam; }
  $ echo 'opam-version: "2.0"' | pkg crypto 1.0
  $ printf 'opam-version: "2.0"\ntags: ["org:mirage" "cross-compile"]\n' | pkg crypto 1.1
  $ echo 'opam-version: "2.0"' | pkg crypto 1.2
  $ echo 'opam-version: "2.0"' | pkg fmt 0.9.0
  $ mkdir proj && cd proj && printf 'opam-version: "2.0"\ndepends: ["crypto" "fmt"]\n' > app.opam
  $ monolock lock -q --repo ../repo --generator none && monolock list
  app     dev    (root)
  crypto  1.2    (virtual)
  fmt     0.9.0  (virtual)
  $ monolock lock -q --repo ../repo --generator none --require-cross-compile && monolock list
  app     dev    (root)
  crypto  1.1    (virtual)
  fmt     0.9.0  (virtual)

It is part of the recorded request: a later `lock` without flags keeps it.

  $ grep '"require-cross-compile"' monolock.lock
      "require-cross-compile": true,
  $ monolock lock -q && monolock list | grep crypto
  crypto  1.1    (virtual)

When only untagged versions fit, the explanation says they do not cross-compile:

  $ printf 'opam-version: "2.0"\ndepends: ["crypto" {>= "1.2"} "fmt"]\n' > app.opam
  $ monolock lock -q --repo ../repo --generator none --require-cross-compile
  monolock: no solution:
    app.dev requires crypto >= 1.2 (./app.opam), which nothing can satisfy:
      crypto.1.2 does not cross-compile: it is not tagged cross-compile and other versions are (--require-cross-compile) (../repo/packages/crypto/crypto.1.2/opam)
  [2]

The same through opam-monorepo's front end:

  $ ln -s "$(command -v monolock)" opam-monorepo
  $ printf 'opam-version: "2.0"\ndepends: ["crypto"]\n' > app.opam
  $ ./opam-monorepo lock -q --opam-repositories '[../repo]' --require-cross-compile && grep '^depends' app.opam.locked
  depends: ["crypto" {= "1.1"}]
  $ grep -A8 '^x-monolock-request' app.opam.locked | grep -x '  \["require-cross-compile"\]'
    ["require-cross-compile"]
  $ monolock lock -q --lockfile app.opam.locked --format opam && grep '^depends' app.opam.locked
  depends: ["crypto" {= "1.1"}]
