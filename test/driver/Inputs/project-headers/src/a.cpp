#include "proj/db.h"
#include <unistd.h>
// The wrapper: it waits for the database (here, a sleep stands in for the C library's call).
int db_exec(const char *sql) {
  sleep(1);
  return sql != nullptr;
}
