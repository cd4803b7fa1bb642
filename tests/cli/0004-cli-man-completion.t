monolock(1) and the bash completion are printed from the same option tables as --help
(`monolock --generate-man`, `monolock --generate-completion bash`; meson runs both at build
time and installs them in share/man/man1 and share/bash-completion/completions).

The man page has a section per command whose text, without the roff markup, is word for
word that command's --help; the page's synopsis and description are `monolock --help`'s:

  $ monolock --generate-man > monolock.1
  $ head -2 monolock.1 | tail -1 | sed 's/monolock [0-9.]*/monolock V/'
  .TH MONOLOCK 1 "" "monolock V" "User Commands"
  $ cat > cmp.py <<'PY'
  > import re, subprocess, sys
  > man = open("monolock.1").read()
  > def words(roff):
  >     out = []
  >     for line in roff.split("\n"):
  >         if line.startswith("."):
  >             continue
  >         line = re.sub(r"\\f[BIRP]", "", line)
  >         line = line.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")
  >         out += line.split()
  >     return out
  > def helptext(*args):
  >     return subprocess.run(["monolock", *args], capture_output=True, text=True, check=True).stdout
  > head = man.split(".SH SYNOPSIS\n")[1].split(".SH COMMANDS\n")[0]
  > main = helptext("--help").split("\ncommands:\n")
  > if words(head) != main[0].split():
  >     print("monolock --help differs from the man page")
  > cmds = [l.split()[0] for l in main[1].splitlines() if l.startswith("  ") and not l.startswith("   ")]
  > sections = {k.replace("\\-", "-"): v for k, v in re.findall(r'^\.SS "monolock ([a-z\\-]+)"\n(.*?)(?=^\.SS |^\.SH )', man, re.M | re.S)}
  > for c in cmds:
  >     if c not in sections:
  >         print(c, "has no section in the man page")
  >     elif words(sections[c]) != helptext(c, "--help").split():
  >         print(c, "--help differs from the man page")
  > print(len(sections), "sections,", len(cmds), "commands")
  > PY
  $ python3 cmp.py
  18 sections, 18 commands

An option in the man page looks as in --help:

  $ grep -A1 'quiet' monolock.1 | head -2
  \fB\-q, \-\-quiet\fR
  no progress, summaries or warnings; errors, results stay

The completion completes commands, each command's options, and for pull, status, verify,
diff and patch the directories of the lock (`monolock list --dirs`):

  $ monolock --generate-completion bash > completion.bash
  $ bash -n completion.bash
  $ export COMP=$PWD/completion.bash
  $ monolock --generate-completion zsh
  monolock: no completion for 'zsh' (bash)
  see 'monolock --help'
  [64]
  $ complete_() {
  >   bash -c '. "$COMP"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _monolock; echo "${COMPREPLY[*]}"' _ "$@"
  > }
  $ complete_ monolock lo
  lock
  $ complete_ monolock l
  lock list
  $ complete_ monolock pull --ke
  --keep-git-dir
  $ complete_ monolock status --j
  --json
  $ complete_ monolock cache g
  gc
  $ complete_ monolock help pu
  pull

The directories come from the lock of the project (of -C DIR when given):

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ z=0000000000000000000000000000000000000000000000000000000000000000
  $ mkdir proj && src alpha http://127.0.0.1:9/alpha.tgz sha256=$z && src beta http://127.0.0.1:9/beta.tgz sha256=$z
  $ writelock proj/monolock.lock
  $ monolock -C proj list --dirs
  alpha
  beta
  $ cd proj
  $ complete_ monolock pull ''
  alpha beta
  $ complete_ monolock status --lockfile monolock.lock b
  beta
  $ complete_ monolock list ''
  
  $ cd ..
  $ complete_ monolock -C proj diff a
  alpha
  $ complete_ monolock -C pr
  proj

A directory name is completed as it is, never expanded by the shell (compgen -W would run
the command substitution of a hostile lock):

  $ mkdir hostile && src a http://127.0.0.1:9/a.tgz sha256=$z && writelock hostile/monolock.lock
  $ sed -i 's/"dir": "a"/"dir": "a$(touch pwned)"/' hostile/monolock.lock
  $ complete_ monolock -C hostile pull a
  a$(touch pwned)
  $ ls pwned hostile/pwned
  ls: cannot access 'pwned': No such file or directory
  ls: cannot access 'hostile/pwned': No such file or directory
  [2]
