A request that reaches many package names: libsolv's string pool grows (and moves) while
names are added, and every name in an explanation must still be the right one (a kept
pointer into the pool once printed garbage, or an empty name).

  $ mkdir -p repo/packages/launchd/launchd.1.0 proj
  $ echo 'opam-version: "2.0"' > repo/repo
  $ printf 'opam-version: "2.0"\navailable: os = "macos"\n' > repo/packages/launchd/launchd.1.0/opam
  $ {
  >   printf 'opam-version: "2.0"\ndepends: [\n  "launchd"\n'
  >   for i in $(seq 1 1500); do
  >     n=pkg-with-a-rather-long-name-to-fill-the-string-pool-$i
  >     mkdir -p repo/packages/$n/$n.1.0
  >     echo 'opam-version: "2.0"' > repo/packages/$n/$n.1.0/opam
  >     echo "  \"$n\""
  >   done
  >   echo ']'
  > } > proj/p.opam
  $ cd proj
  $ monolock lock --repo ../repo --var os=linux --generator none
  monolock: no solution:
    p.dev requires launchd (./p.opam), which nothing can satisfy:
      launchd.1.0 is not available here: available: os = "macos" (with os = linux) in ../repo/packages/launchd/launchd.1.0/opam
  [2]

Four versions excluded for one reason are summarised on one line, named:

  $ for v in 1.1 1.2 1.3; do mkdir -p ../repo/packages/launchd/launchd.$v; cp ../repo/packages/launchd/launchd.1.0/opam ../repo/packages/launchd/launchd.$v/; done
  $ monolock lock --repo ../repo --var os=linux --generator none
  monolock: no solution:
    p.dev requires launchd (./p.opam), which nothing can satisfy:
      4 versions of launchd (1.3, 1.2, 1.1 and 1 older) are not available here (see their available: fields)
  [2]
