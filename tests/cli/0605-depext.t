`monolock depext` (and `opam-monorepo depext`): the lock's system packages that this host
lacks, asked of the host's package manager, printed with --dry-run and installed with -y.
A fake apt (dpkg-query, apt-get, sudo) is first on PATH; os-family comes from --var.

  $ mkdir bin && export PATH="$PWD/bin:$PATH" && ln -s "$(command -v monolock)" bin/opam-monorepo
  $ cat > bin/dpkg-query <<'X'
  > #!/bin/sh
  > for a; do n=$a; done
  > case " $(tr '\n' ' ' < "$(dirname "$0")/installed") " in
  > *" $n "*) echo "install ok installed" ;;
  > *) echo "dpkg-query: no packages found matching $n" >&2; exit 1 ;;
  > esac
  > X
  $ printf '#!/bin/sh\necho "apt-get $*" >> "$(dirname "$0")/log"\nfor a; do case $a in -*|install) ;; *) echo "$a" >> "$(dirname "$0")/installed" ;; esac; done\n' > bin/apt-get
  $ printf '#!/bin/sh\nexec "$@"\n' > bin/sudo && chmod +x bin/*
  $ echo pkg-config > bin/installed
  $ cat > app.opam.locked <<'X'
  > opam-version: "2.0"
  > depends: ["conf-gmp" {= "4"} "conf-pkg-config" {= "3"}]
  > depexts: [["libgmp-dev" "pkg-config"] ["zlib1g-dev"]]
  > x-opam-monorepo-root-packages: ["app"]
  > x-opam-monorepo-version: "0.3"
  > X
  $ deb='--var os-family=debian --var os-distribution=debian'

  $ monolock depext -l app.opam.locked $deb --dry-run
  libgmp-dev zlib1g-dev
  $ monolock depext -l app.opam.locked $deb
  monolock: app.opam.locked: this host lacks libgmp-dev zlib1g-dev: `monolock depext -y` installs them (*apt-get install -y libgmp-dev zlib1g-dev) (glob)
  [1]
  $ monolock depext -l app.opam.locked $deb -y
  installing libgmp-dev zlib1g-dev with apt
  $ cat bin/log
  apt-get install -y libgmp-dev zlib1g-dev
  $ monolock depext -l app.opam.locked $deb --dry-run
  $ monolock depext -l app.opam.locked $deb -y

opam-monorepo's command line, as mirage's `make depext` runs it (OPAMVAR_ sets the host's
variables too):

  $ echo pkg-config > bin/installed
  $ OPAMVAR_os_family=debian OPAMVAR_os_distribution=debian opam-monorepo depext --dry-run
  libgmp-dev zlib1g-dev
  $ OPAMVAR_os_family=debian OPAMVAR_os_distribution=debian opam-monorepo depext -y -l app.opam.locked
  installing libgmp-dev zlib1g-dev with apt

Failures are named (the fakes stay first on PATH: the host's own package manager is never
run by the test):

  $ printf '#!/bin/sh\necho "E: Unable to locate package $3" >&2\nexit 100\n' > bin/apt-get && echo > bin/installed
  $ monolock depext -l app.opam.locked $deb -y
  installing libgmp-dev pkg-config zlib1g-dev with apt
  E: Unable to locate package libgmp-dev
  monolock: apt-get failed (exit status 100) installing libgmp-dev pkg-config zlib1g-dev
  [1]
  $ command -v brew || monolock depext -l app.opam.locked --var os-family=macos --var os-distribution=macos --dry-run
  monolock: brew: not found on PATH
  [1]
  $ monolock depext -l app.opam.locked --var os-family=plan9 --var os-distribution=plan9 --dry-run
  monolock: no known package manager for this system (os-family and os-distribution: --var sets them)
  [64]

A lock comes from elsewhere: a name that a package manager would read as an option (or that
is not a package name) is refused before anything runs:

  $ printf '#!/bin/sh\necho "apt-get $*" >> "$(dirname "$0")/log"\n' > bin/apt-get && : > bin/log
  $ sed -i 's/\["zlib1g-dev"\]/["-oAPT::Update::Pre-Invoke::=touch pwned"]/' app.opam.locked
  $ monolock depext -l app.opam.locked $deb -y
  monolock: depexts: '-oAPT::Update::Pre-Invoke::=touch pwned' is not a system package name (letters, digits and .+_-:@/, not starting with '-'): refused
  [1]
  $ cat bin/log; ls pwned
  ls: cannot access 'pwned': No such file or directory
  [2]
