The lock keeps each depext with its filter, for every package (vendored, not vendored, the
project's own), so that one lock serves every system: `depext` evaluates the filters on the
host where it runs (os-family, os-distribution, ... from its os-release, which
MONOLOCK_OS_RELEASE names here; OPAMVAR_<name> and --var override them), as opam does.
Fake package managers (dpkg-query, apt-get, apk, brew, sudo) are first on PATH: the host's own
are never run.

  $ mkdir -p repo/packages && echo 'opam-version: "2.0"' > repo/repo
  $ pkg() { mkdir -p repo/packages/$1/$1.$2 && cat > repo/packages/$1/$1.$2/opam; }
  $ pkg conf-gmp 4 <<'X'
  > opam-version: "2.0"
  > depexts: [
  >   ["libgmp-dev"] {os-family = "debian"}
  >   ["gmp-dev"] {os-distribution = "alpine"}
  >   ["gmp"] {os = "macos" & os-distribution = "homebrew"}
  > ]
  > X
  $ pkg zlib 1.3 <<'X'
  > opam-version: "2.0"
  > dev-repo: "git+https://example.org/zlib.git"
  > build: ["make"]
  > depexts: [["zlib1g-dev" "pkg-config"] {os-family = "debian"} ["zlib-dev"] {os-distribution = "alpine"}]
  > url { src: "https://example.org/zlib-1.3.tgz" checksum: "sha256=1111111111111111111111111111111111111111111111111111111111111111" }
  > X
  $ mkdir proj && cd proj
  $ printf 'opam-version: "2.0"\ndepends: ["conf-gmp" "zlib"]\ndepexts: [["m4"]]\n' > app.opam
  $ monolock lock -q --repo ../repo --generator none
  $ sed -n '/"depexts"/,$p' monolock.lock
    "depexts": [
      {"names": ["gmp"], "filter": "os = \"macos\" & os-distribution = \"homebrew\""},
      {"names": ["gmp-dev"], "filter": "os-distribution = \"alpine\""},
      {"names": ["libgmp-dev"], "filter": "os-family = \"debian\""},
      {"names": ["m4"]},
      {"names": ["pkg-config", "zlib1g-dev"], "filter": "os-family = \"debian\""},
      {"names": ["zlib-dev"], "filter": "os-distribution = \"alpine\""}
    ]
  }

`list --depexts` shows them as the lock keeps them, for every host (`--json` too):

  $ monolock list --depexts
  gmp {os = "macos" & os-distribution = "homebrew"}
  gmp-dev {os-distribution = "alpine"}
  libgmp-dev {os-family = "debian"}
  m4
  pkg-config zlib1g-dev {os-family = "debian"}
  zlib-dev {os-distribution = "alpine"}
  $ monolock list --json | python3 -c 'import json, sys; d = json.load(sys.stdin)["depexts"]; print(len(d), d[3], d[4]["names"], d[4]["filter"])'
  6 {'names': ['m4'], 'filter': None} ['pkg-config', 'zlib1g-dev'] os-family = "debian"

`lock --check` sees a change of depexts (here the project's own), as `lock` would:

  $ monolock lock --check
  monolock.lock holds
  $ cp app.opam app.opam.keep && sed -i 's/\["m4"\]/["m4"] {os-family = "debian"}/' app.opam
  $ monolock lock --check
  monolock: monolock.lock does not hold:
    depexts ["m4"] {os-family = "debian"}: not in the lock: it would be added
    depexts ["m4"]: no longer needed: it would be removed
  [4]
  $ mv app.opam.keep app.opam && monolock lock --check
  monolock.lock holds

A Debian host and an Alpine one (their os-release files), each with its package manager:

  $ mkdir ../bin && export PATH="$PWD/../bin:$PATH"
  $ printf 'PRETTY_NAME="Debian GNU/Linux 12"\nID=debian\nVERSION_ID="12"\n' > ../debian
  $ printf 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\n' > ../alpine
  $ cat > ../bin/dpkg-query <<'X'
  > #!/bin/sh
  > for a; do n=$a; done
  > grep -qx "$n" "$(dirname "$0")/installed" && echo "install ok installed" || exit 1
  > X
  $ cat > ../bin/apk <<'X'
  > #!/bin/sh
  > case $1 in
  > info) grep -qx "$3" "$(dirname "$0")/installed" ;;
  > add) shift; echo "apk add $*" >> "$(dirname "$0")/log" ;;
  > esac
  > X
  $ printf '#!/bin/sh\necho "apt-get $*" >> "$(dirname "$0")/log"\n' > ../bin/apt-get
  $ printf '#!/bin/sh\nexec "$@"\n' > ../bin/sudo && chmod +x ../bin/* && printf 'm4\npkg-config\n' > ../bin/installed

  $ MONOLOCK_OS_RELEASE=../debian monolock depext --dry-run
  libgmp-dev zlib1g-dev
  $ MONOLOCK_OS_RELEASE=../alpine monolock depext --dry-run
  gmp-dev zlib-dev
  $ MONOLOCK_OS_RELEASE=../alpine monolock depext -y && cat ../bin/log
  installing gmp-dev zlib-dev with apk
  apk add gmp-dev zlib-dev
  $ MONOLOCK_OS_RELEASE=../debian monolock depext -y && cat ../bin/log
  installing libgmp-dev zlib1g-dev with apt
  apk add gmp-dev zlib-dev
  apt-get install -y libgmp-dev zlib1g-dev

--var and OPAMVAR_ answer for another system (macOS's filter needs two variables; a filter
whose variable is undefined does not hold, as in opam). Without an os-release, only m4
(unfiltered) is needed, and no package manager is known to ask:

  $ MONOLOCK_OS_RELEASE=../debian monolock depext --dry-run --var os-family=alpine --var os-distribution=alpine
  gmp-dev zlib-dev
  $ MONOLOCK_OS_RELEASE=../debian OPAMVAR_os_family=arch monolock depext --dry-run
  $ MONOLOCK_OS_RELEASE=/nonexistent monolock depext --dry-run
  monolock: no known package manager for this system (os-family and os-distribution: --var sets them)
  [64]
  $ MONOLOCK_OS_RELEASE=../debian monolock depext --dry-run --var os-family=
  $ printf '#!/bin/sh\nexit 1\n' > ../bin/brew && chmod +x ../bin/brew
  $ MONOLOCK_OS_RELEASE=../debian monolock depext --dry-run --var os=macos --var os-distribution=homebrew --var os-family=homebrew
  gmp m4

The same lock in opam-monorepo's format: the standard `depexts` field, each entry with its
filter, as opam-monorepo writes it and opam reads it:

  $ monolock lock -q --repo ../repo --generator none --format opam -l proj.opam.locked
  $ sed -n '/^depexts/,/^]/p' proj.opam.locked
  depexts: [
    ["gmp"] {os = "macos" & os-distribution = "homebrew"}
    ["gmp-dev"] {os-distribution = "alpine"}
    ["libgmp-dev"] {os-family = "debian"}
    ["m4"]
    ["pkg-config" "zlib1g-dev"] {os-family = "debian"}
    ["zlib-dev"] {os-distribution = "alpine"}
  ]
  $ MONOLOCK_OS_RELEASE=../debian monolock depext -l proj.opam.locked --dry-run
  libgmp-dev zlib1g-dev
  $ MONOLOCK_OS_RELEASE=../alpine monolock depext -l proj.opam.locked --dry-run
  gmp-dev zlib-dev

opam-monorepo's own lock files (filters as its users write them, in any spelling) read the
same way:

  $ cat > other.opam.locked <<'X'
  > opam-version: "2.0"
  > depends: ["conf-gmp" {= "4"}]
  > depexts: [ ["libgmp-dev"] {os-family="debian" | os-family = "ubuntu"} ["gmp-dev"] {os-distribution = "alpine"} ]
  > x-opam-monorepo-root-packages: ["app"]
  > x-opam-monorepo-version: "0.3"
  > X
  $ MONOLOCK_OS_RELEASE=../debian monolock depext -l other.opam.locked --dry-run
  libgmp-dev
  $ MONOLOCK_OS_RELEASE=../alpine monolock depext -l other.opam.locked --dry-run
  gmp-dev
  $ monolock depext -l other.opam.locked --dry-run --var os-family=ubuntu --var os-distribution=ubuntu
  libgmp-dev

A lock written before filters were kept (plain names, chosen when it was made) still reads:
every name, on every host.

  $ sed -e '/"depexts"/,$d' monolock.lock > old.lock && printf '  "depexts": ["libgmp-dev", "m4"]\n}\n' >> old.lock
  $ MONOLOCK_OS_RELEASE=../alpine monolock depext -l old.lock --dry-run
  libgmp-dev

A filter in a lock comes from elsewhere: one that is not a single opam filter is refused.

  $ sed -i 's/"filter": "os-distribution = \\"alpine\\""}/"filter": "os} [\\"x\\"] {os"}/' monolock.lock
  $ grep -c '{os"' monolock.lock
  2
  $ MONOLOCK_OS_RELEASE=../alpine monolock depext --dry-run
  monolock: monolock.lock: depexts[1].filter: filter 'os} ["x"] {os' is not one filter list
  [1]
