opam-monorepo's --help (the opam plugin's entry point) is generated from the same option
tables the commands parse: each command's own --help lists exactly its options, and the
program's --help lists each command's options and those every command has.

  $ mkdir bin && ln -s "$(command -v monolock)" bin/opam-monorepo && export PATH="$PWD/bin:$PATH"
  $ opam-monorepo --help | sed -n '1,/^commands:/p' | head -3
  usage: opam-monorepo COMMAND [OPTION]... (COMMAND: lock, pull, depext, list)
  
  monolock run as opam-monorepo: opam-monorepo 0.4's commands and options.
  $ opam-monorepo --help | sed -n '/^commands:/,/^$/p'
  commands:
    lock [PKG[.VERSION]...]
                          solve the project's dependencies into <name>.opam.locked
    pull [DIR...]         fetch the lock's sources into <root>/duniverse/
    depext                the system packages the lock needs on this host
    list                  the vendored packages of the lock
  
  $ opam-monorepo pull --help | head -4
  usage: opam-monorepo pull [--yes] [--keep-git-dir] [--keep-symlinked-dir]
                            [--root DIR] [--lockfile PATH] [--quiet] [--verbose]
                            [--verbosity LEVEL] [--color WHEN] [--help[=FMT]]
                            [DIR...]
  $ opam-monorepo --help > all
  $ for c in lock pull depext list; do opam-monorepo $c --help > $c; done
  $ python3 - <<'PY'
  > import re
  > opts = lambda text: {m for m in re.findall(r'^  (-\w, )?(--[\w-]+)', text, re.M) for m in [m[1]]}
  > sections = re.split(r'^(\S.*):$', open('all').read(), flags=re.M)
  > sec = dict(zip(sections[1::2], sections[2::2]))
  > common = opts(sec['options of every command'])
  > for c in ['lock', 'pull', 'depext', 'list']:
  >     own = opts(sec.get(c + ' options', ''))
  >     assert opts(open(c).read()) == own | common, c
  > print(len(common), 'common;', ', '.join('%s %d' % (c, len(opts(sec.get(c + ' options', '')))) for c in ['lock', 'pull', 'depext', 'list']))
  > PY
  7 common; lock 12, pull 3, depext 2, list 1
