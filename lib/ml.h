#ifndef ML_H
#define ML_H

/* lib/'s public surface: everything cmd/, solver/, fetch/ and lockfile/ may use. */
#include "util.h"
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "opam.h"
#include "version.h"
#include "filter.h"
#include "repo.h"
#include "lock.h"
#include "workspace.h"
#include "vendor.h"
#include "project.h"

#endif
