Locks that pull refuses say what is wrong with them, and never reach undefined behaviour.

  $ cat > head <<'EOF'
  > opam-version: "2.0"
  > x-opam-monorepo-root-packages: ["app"]
  > x-opam-monorepo-version: "0.3"
  > EOF

No package at all but a pin (the pin's lookup searched an empty, NULL, array):

  $ cp head none.opam.locked && cat >> none.opam.locked <<'EOF'
  > depends: []
  > pin-depends: [["a.1" "https://example.org/a.tgz"]]
  > EOF
  $ monolock pull --lockfile none.opam.locked
  monolock: none.opam.locked:5:16: pin-depends: package not in depends
  [1]

A git commit written in uppercase (it used to be taken for an archive url, "not an
archive"), a branch where a commit belongs, a git url without commit:

  $ for frag in '#0123456789ABCDEF0123456789ABCDEF01234567' '#main' ''; do
  >   cp head git.opam.locked
  >   printf 'depends: ["a" {= "1" & ?vendor}]\npin-depends: [["a.1" "git+https://example.org/a.git%s"]]\n' "$frag" >> git.opam.locked
  >   printf 'x-opam-monorepo-duniverse-dirs: [["git+https://example.org/a.git%s" "a"]]\n' "$frag" >> git.opam.locked
  >   monolock pull --lockfile git.opam.locked
  > done
  monolock: git.opam.locked:6:35: x-opam-monorepo-duniverse-dirs: git url 'git+https://example.org/a.git#0123456789ABCDEF0123456789ABCDEF01234567': its commit has uppercase hex digits (a commit is 40 lowercase hex digits)
  monolock: git.opam.locked:6:35: x-opam-monorepo-duniverse-dirs: git url 'git+https://example.org/a.git#main': what follows '#' is not a commit (a lock pins git sources to 40 lowercase hex digits, not a branch or tag)
  monolock: git.opam.locked:6:35: x-opam-monorepo-duniverse-dirs: git url 'git+https://example.org/a.git': it names no commit (expected git+URL#<40 lowercase hex digits>)
  [1]

The same in monolock.lock:

  $ cat > git.lock <<'EOF'
  > {
  >   "lockfile": "monolock/1",
  >   "roots": ["app"],
  >   "generator": "dune",
  >   "repositories": [],
  >   "variables": {},
  >   "packages": [
  >     {"name": "a", "version": "1", "dir": "a", "depends": []}
  >   ],
  >   "sources": [
  >     {"dir": "a", "url": "git+https://example.org/a.git", "commit": "0123456789ABCDEF0123456789ABCDEF01234567", "packages": ["a"]}
  >   ],
  >   "depexts": []
  > }
  > EOF
  $ monolock pull --lockfile git.lock
  monolock: git.lock: source 'a': commit '0123456789ABCDEF0123456789ABCDEF01234567' is not 40 lowercase hex digits
  [1]
  $ sed -i 's|"commit": "0123456789ABCDEF0123456789ABCDEF01234567"|"checksums": []|; s|a.git"|a.git#main"|' git.lock
  $ monolock pull --lockfile git.lock
  monolock: git.lock: source 'a' (package a): git url 'git+https://example.org/a.git#main' has no commit (a lock pins a git source to a commit)
  [1]

A directory named `..` leaves the workspace; `.` is the workspace itself:

  $ sed -i 's|"dir": "a"|"dir": ".."|g; s|#main", "checksums": \[\]|", "commit": "0123456789abcdef0123456789abcdef01234567"|' git.lock
  $ monolock pull --lockfile git.lock
  monolock: git.lock: package 'a': unsafe directory name '..': it leaves the workspace
  [1]
  $ sed -i 's|"dir": ".."|"dir": "."|g' git.lock
  $ monolock pull --lockfile git.lock
  monolock: git.lock: package 'a': unsafe directory name '.': it is the workspace itself
  [1]
  $ cp head dots.opam.locked && cat >> dots.opam.locked <<'EOF'
  > depends: ["a" {= "1" & ?vendor}]
  > pin-depends: [["a.1" "https://example.org/a.tgz"]]
  > x-opam-monorepo-duniverse-dirs: [["https://example.org/a.tgz" ".." ["md5=0123456789abcdef0123456789abcdef"]]]
  > EOF
  $ monolock pull --lockfile dots.opam.locked
  monolock: dots.opam.locked:6:63: x-opam-monorepo-duniverse-dirs: unsafe directory name '..': it leaves the workspace
  [1]
