Repositories are third-party: a repository package whose url names this machine (file://,
a plain path, git+file://) is refused at lock, naming the package, its opam file and the url,
and no lock is written. Only the project's own pin-depends may name a local directory.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/transitive" .
  $ mkdir secret && echo key > secret/id_rsa
  $ cd transitive
  $ b=../repo/packages/b/b.1.0/opam
  $ sed -i "s|src: \"https://example.org/b-1.0.tbz\"|src: \"file://$(cd ../secret && pwd)\"|; /checksum/d" $b
  $ monolock lock --repo ../repo
  monolock: b.1.0: ../repo/packages/b/b.1.0/opam: url 'file://*/secret' is a local path: a repository may not name files of this machine (pin the package with pin-depends in the project's opam file instead) (glob)
  [1]
  $ ls
  app.opam

With a checksum, or spelled as a plain path or a local git repository, it is refused all the
same:

  $ sed -i "s|src: \"file://\(.*\)\"|src: \"\1\" checksum: \"sha256=$(printf '%064d' 0)\"|" $b
  $ grep src: $b
    src: "*/secret" checksum: "sha256=0000000000000000000000000000000000000000000000000000000000000000" (glob)
  $ monolock lock --repo ../repo
  monolock: b.1.0: ../repo/packages/b/b.1.0/opam: url '/*/secret' is a local path: a repository may not name files of this machine (pin the package with pin-depends in the project's opam file instead) (glob)
  [1]
  $ sed -i 's|src: "[^"]*"|src: "git+file://../secret#main"|; s| checksum: "[^"]*"||' $b
  $ monolock lock --repo ../repo
  monolock: b.1.0: ../repo/packages/b/b.1.0/opam: url 'git+file://../secret#main' is a local path: a repository may not name files of this machine (pin the package with pin-depends in the project's opam file instead)
  [1]

Network urls are fine:

  $ sed -i 's|src: "[^"]*"|src: "https://example.org/b-1.0.tbz" checksum: "sha256=0000000000000000000000000000000000000000000000000000000000000000"|' $b
  $ monolock lock --repo ../repo -q && grep -c '"dir": "b"' monolock.lock
  2
