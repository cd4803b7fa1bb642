Where lock finds its inputs when nothing names them: the repositories configured in the
opam root ($OPAMROOT); --recurse reads *.opam files in subdirectories but not in _build,
duniverse, hidden directories or opam repositories; --debug-solver writes a libsolv
testcase.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" .
  $ mkdir -p opamroot/repo && cp -R repo opamroot/repo/default
  $ printf 'opam-version: "2.0"\nrepositories: ["default"]\n' > opamroot/config
  $ mkdir proj && cd proj
  $ cat > app.opam <<'OPAM'
  > opam-version: "2.0"
  > depends: ["dune" "a"]
  > x-opam-monorepo-global-opam-vars: [["arch" "x86_64"] ["os" "linux"]]
  > OPAM
  $ OPAMROOT="$PWD/../opamroot" monolock lock
  locked 3 packages in 1 source
  monolock.lock written
  $ grep -A1 '"repositories"' monolock.lock | tail -n 1 | cut -d, -f1
      {"url": "file://*/opamroot/repo/default" (glob)
  $ OPAMROOT="$PWD/../opamroot" monolock lock --check
  monolock.lock holds

  $ mkdir -p sub _build/x duniverse/y .git/z nested-repo/packages
  $ printf 'opam-version: "2.0"\ndepends: ["dune" "c"]\n' > sub/tool.opam
  $ for d in _build/x duniverse/y .git/z nested-repo; do printf 'opam-version: "2.0"\ndepends: ["nosuch"]\n' > $d/bad.opam; done
  $ touch nested-repo/repo
  $ monolock lock -q --repo ../repo
  $ grep -c '"reason": "root"' monolock.lock
  1
  $ monolock lock --repo ../repo --recurse
  locked 5 packages in 3 sources: 2 added
    added      c 1.0
    added      y 1
  monolock.lock written
  $ monolock list | grep root
  app    dev     (root)
  tool   dev     (root)

  $ monolock lock -q --repo ../repo --debug-solver dbg
  $ ls dbg
  solver.result
  testcase.t
  universe.repo.gz
