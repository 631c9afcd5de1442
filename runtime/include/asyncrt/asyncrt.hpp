// asyncrt/asyncrt.hpp: the whole runtime in one include.
#pragma once

#include "annotations.hpp"
#include "debug.hpp"
#include "file.hpp"
#include "gather.hpp"
#include "http.hpp"
#include "run.hpp"
#include "sleep.hpp"
#include "spawn.hpp"
#include "task.hpp"
#include "to_thread.hpp"

// The sqlite adapter needs libsqlite3: include <asyncrt/sqlite.hpp> (and link sqlite3) yourself.
